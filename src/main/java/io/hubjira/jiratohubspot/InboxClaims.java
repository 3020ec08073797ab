package io.hubjira.jiratohubspot;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.storage.WorkClaims;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Claims inbox events for processing, safely across workers and instances: an issue's open events are claimed
 * together by one instance at a time (an {@code inbox_issue_claim} row per issue), so they can be coalesced and the
 * issue's order holds. The claim is a short lease the heartbeat renews while the instance works; the events of an
 * instance that stopped are taken over once its lease ran out (connector.claims.lease, 20 s by default). An issue with
 * an event waiting for its retry is left alone until then, so nothing overtakes it.
 */
@Repository
public class InboxClaims {

    private static final String READY = "(w.state = 'NEW' AND (w.next_attempt_at IS NULL OR w.next_attempt_at <= ?)) OR w.state = 'PROCESSING'";

    private final JdbcTemplate jdbc;
    private final WorkClaims claims;

    public InboxClaims(JdbcTemplate jdbc, WorkClaims claims) {
        this.jdbc = jdbc;
        this.claims = claims;
    }

    /** The claim key of an event: its issue, or the event itself when it names no issue. */
    public static String claimKey(InboxEvent event) {
        return event.issueId() == null ? "event:" + event.id() : event.issueId();
    }

    /**
     * Claims the open events of up to {@code maxIssues} issues (oldest first; at most {@code maxEvents} in all), grouped
     * per issue in timestamp order. PROCESSING events of an issue nobody holds any more (its instance stopped) are
     * taken over with it.
     */
    public List<List<InboxEvent>> claimIssues(int maxIssues, int maxEvents) {
        OffsetDateTime now = claims.now();
        List<String> candidates = jdbc.queryForList("""
                SELECT k.claim_key FROM (
                  SELECT COALESCE(w.issue_id, 'event:' || CAST(w.id AS VARCHAR(30))) AS claim_key, MIN(w.event_timestamp) AS first_ts, MIN(w.id) AS first_id
                  FROM webhook_inbox w
                  WHERE (""" + READY + """
                )
                  GROUP BY COALESCE(w.issue_id, 'event:' || CAST(w.id AS VARCHAR(30)))) k
                WHERE NOT EXISTS (SELECT 1 FROM inbox_issue_claim c WHERE c.issue_id = k.claim_key AND c.claimed_until >= ?)
                  AND NOT EXISTS (SELECT 1 FROM webhook_inbox r WHERE r.issue_id = k.claim_key AND r.state = 'NEW' AND r.next_attempt_at > ?)
                ORDER BY k.first_ts, k.first_id
                LIMIT ?""", String.class, now, now, now, maxIssues);
        Map<String, List<InboxEvent>> claimed = new LinkedHashMap<>();
        int events = 0;
        for (String key : candidates) {
            if (events >= maxEvents || !takeIssue(key, now)) {
                continue;
            }
            List<InboxEvent> of = eventsOf(key, now, maxEvents - events);
            if (of.isEmpty()) {
                releaseIssue(key);
                continue;
            }
            for (InboxEvent e : of) {
                jdbc.update("UPDATE webhook_inbox SET state = 'PROCESSING', locked_by = ?, locked_until = ?, attempts = attempts + 1 WHERE id = ?",
                        claims.worker(), claims.leaseEnd(), e.id());
            }
            claimed.put(key, of.stream().map(e -> new InboxEvent(e.id(), e.identifier(), e.eventType(), e.issueId(), e.issueKey(),
                    e.timestamp(), e.payload(), e.attempts() + 1)).toList());
            events += of.size();
        }
        return new ArrayList<>(claimed.values());
    }

    /** Atomically takes the issue's claim when nobody holds it (or the holder's lease ran out). */
    private boolean takeIssue(String key, OffsetDateTime now) {
        int taken = jdbc.update("UPDATE inbox_issue_claim SET claimed_by = ?, claimed_until = ? WHERE issue_id = ? AND claimed_until < ?",
                claims.worker(), claims.leaseEnd(), key, now);
        if (taken == 1) {
            return true;
        }
        // PostgreSQL's upsert form (H2 accepts it in PostgreSQL mode): a concurrent taker makes this insert nothing
        return jdbc.update("INSERT INTO inbox_issue_claim (issue_id, claimed_by, claimed_until) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                key, claims.worker(), claims.leaseEnd()) == 1;
    }

    private List<InboxEvent> eventsOf(String key, OffsetDateTime now, int max) {
        String which = key.startsWith("event:") ? "w.id = " + Long.parseLong(key.substring("event:".length())) : "w.issue_id = ?";
        Object[] args = key.startsWith("event:") ? new Object[] {now, max} : new Object[] {key, now, max};
        return jdbc.query("SELECT * FROM webhook_inbox w WHERE " + which + " AND (" + READY + ") ORDER BY w.event_timestamp, w.id LIMIT ?",
                (rs, n) -> new InboxEvent(rs.getLong("id"), rs.getString("webhook_identifier"), rs.getString("event_type"),
                        rs.getString("issue_id"), rs.getString("issue_key"), rs.getLong("event_timestamp"),
                        rs.getString("payload"), rs.getInt("attempts")), args);
    }

    /** The issue's events are all finished (or given back): others may claim it. */
    public void releaseIssue(String key) {
        jdbc.update("DELETE FROM inbox_issue_claim WHERE issue_id = ? AND claimed_by = ?", key, claims.worker());
    }

    public void done(long id, String state, String note) {
        jdbc.update("UPDATE webhook_inbox SET state = ?, processed_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL WHERE id = ?",
                state, claims.now(), note, id);
    }

    public void retryLater(long id, Duration delay, String error) {
        jdbc.update("UPDATE webhook_inbox SET state = 'NEW', next_attempt_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL WHERE id = ?",
                claims.now().plus(delay), error, id);
    }

    /** True when an older event of the same issue is still open (it failed and waits for its retry). */
    public boolean waitsForEarlierEvent(InboxEvent event) {
        if (event.issueId() == null) {
            return false;
        }
        Integer earlier = jdbc.queryForObject("""
                SELECT COUNT(*) FROM webhook_inbox WHERE issue_id = ? AND id <> ? AND state = 'NEW'
                  AND (event_timestamp < ? OR (event_timestamp = ? AND id < ?))""", Integer.class,
                event.issueId(), event.id(), event.timestamp(), event.timestamp(), event.id());
        return earlier != null && earlier > 0;
    }

    /** Gives a claimed event back untouched (not counted as an attempt). */
    public void release(long id) {
        jdbc.update("UPDATE webhook_inbox SET state = 'NEW', attempts = attempts - 1, locked_by = NULL, locked_until = NULL WHERE id = ?", id);
    }

    public void requeue(long id) {
        jdbc.update("UPDATE webhook_inbox SET state = 'NEW', attempts = 0, next_attempt_at = NULL, locked_by = NULL, locked_until = NULL WHERE id = ?", id);
    }

    public int open() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE state IN ('NEW', 'PROCESSING')", Integer.class);
        return n == null ? 0 : n;
    }
}
