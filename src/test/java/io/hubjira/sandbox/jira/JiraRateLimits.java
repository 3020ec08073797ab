package io.hubjira.sandbox.jira;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Jira Cloud's per-issue write limit ({@code RateLimit-Reason: jira-per-issue-on-write}), which applies to API-token
 * traffic too: at most 20 writes to one issue in any 2 seconds and 100 in any 30 seconds (the published third-party
 * figures). A refused write counts as well, so retrying early makes the wait longer, as Atlassian warns. 0 switches a
 * window off.
 */
@Component
@Profile("sandbox")
public class JiraRateLimits {

    private static final Pattern ISSUE_WRITE = Pattern.compile("^/rest/api/[23]/issue/([A-Za-z][A-Za-z0-9_]*-\\d+|\\d+)(/.*)?$");

    /** @param retryAfterSeconds how long until the issue takes another write (0 when allowed) */
    public record Verdict(boolean allowed, int limit, long retryAfterSeconds) {}

    private final Map<String, Deque<Long>> writes = new ConcurrentHashMap<>();
    private volatile int perTwoSeconds;
    private volatile int perThirtySeconds;

    public JiraRateLimits(@Value("${connector.sandbox.jira.rate-limit.issue-writes-per-2s:20}") int perTwoSeconds,
                          @Value("${connector.sandbox.jira.rate-limit.issue-writes-per-30s:100}") int perThirtySeconds) {
        this.perTwoSeconds = perTwoSeconds;
        this.perThirtySeconds = perThirtySeconds;
    }

    public void set(int perTwoSeconds, int perThirtySeconds) {
        this.perTwoSeconds = perTwoSeconds;
        this.perThirtySeconds = perThirtySeconds;
        writes.clear();
    }

    /** The issue a request writes to (any method but GET on an issue's path), or null. */
    public static String writtenIssue(String method, String path) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return null;
        }
        Matcher m = ISSUE_WRITE.matcher(path);
        return m.matches() ? m.group(1) : null;
    }

    public Verdict check(String issue) {
        long now = System.currentTimeMillis();
        Deque<Long> issueWrites = writes.computeIfAbsent(issue, k -> new ArrayDeque<>());
        synchronized (issueWrites) {
            while (!issueWrites.isEmpty() && issueWrites.peekFirst() <= now - 30_000) {
                issueWrites.pollFirst();
            }
            long shortWait = waitFor(issueWrites, now, 2_000, perTwoSeconds);
            long longWait = waitFor(issueWrites, now, 30_000, perThirtySeconds);
            issueWrites.addLast(now);
            if (shortWait <= 0 && longWait <= 0) {
                return new Verdict(true, perTwoSeconds, 0);
            }
            long wait = Math.max(shortWait, longWait);
            return new Verdict(false, longWait > shortWait ? perThirtySeconds : perTwoSeconds, Math.max(1, (wait + 999) / 1000));
        }
    }

    /** Milliseconds until fewer than {@code max} writes lie within the last {@code span}; 0 when already so. */
    private static long waitFor(Deque<Long> issueWrites, long now, long span, int max) {
        if (max <= 0) {
            return 0;
        }
        int within = 0;
        Long oldestThatMustLeave = null;
        var it = issueWrites.descendingIterator();
        while (it.hasNext()) {
            long at = it.next();
            if (at <= now - span) {
                break;
            }
            within++;
            if (within == max) {
                oldestThatMustLeave = at;
            }
        }
        return within < max ? 0 : oldestThatMustLeave + span - now;
    }
}
