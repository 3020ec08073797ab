package io.hubjira.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** One path segment made safe for a URL: ids and keys from users or webhooks can never add a path of their own. */
public final class PathSegments {

    private PathSegments() {}

    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
