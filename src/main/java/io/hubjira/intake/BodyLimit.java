package io.hubjira.intake;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * How large a request body may be on the paths a pattern matches ({@code /webhooks/jira}, {@code /**}), and the
 * setting that says so (named in the 413 answer). An unbounded limit leaves a path's bodies to whoever serves it.
 */
public final class BodyLimit {

    /** The largest limit a body can be held to in one array (the limit plus the one byte that proves a body too large). */
    static final long LARGEST = Integer.MAX_VALUE - 16;

    private final PathPattern pattern;
    private final long maxBytes;
    private final String setting;

    private BodyLimit(String pathPattern, long maxBytes, String setting) {
        this.pattern = PathPatternParser.defaultInstance.parse(pathPattern);
        this.maxBytes = maxBytes;
        this.setting = setting;
    }

    public static BodyLimit of(String pathPattern, long maxBytes, String setting) {
        if (maxBytes < 0 || maxBytes > LARGEST) {
            throw new IllegalArgumentException(setting + " must be between 0 and " + LARGEST + " bytes, not " + maxBytes);
        }
        return new BodyLimit(pathPattern, maxBytes, setting);
    }

    public static BodyLimit unbounded(String pathPattern) {
        return new BodyLimit(pathPattern, -1, null);
    }

    boolean matches(String path) {
        return pattern.matches(PathContainer.parsePath(path));
    }

    boolean bounded() {
        return maxBytes >= 0;
    }

    long maxBytes() {
        return maxBytes;
    }

    String setting() {
        return setting;
    }

    @Override
    public String toString() {
        return pattern.getPatternString() + (bounded() ? " up to " + maxBytes + " bytes (" + setting + ")" : " unbounded");
    }
}
