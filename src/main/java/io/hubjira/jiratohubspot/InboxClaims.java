package io.hubjira.jiratohubspot;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubjira.storage.WorkClaims;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The inbox rows' bookkeeping. The claiming itself is SQL in the jira-inbox route: an issue's open events are claimed
 * together by one instance at a time (an {@code inbox_issue_claim} row per issue), for a short lease the heartbeat
 * renews, so a stopped instance's issues are taken over once its lease ran out; an issue with an event waiting for
 * its retry is left alone until then, so nothing overtakes it.
 */
@Repository
public class InboxClaims {

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

    /** An inbox row (as the route's query reads it) as a typed event. */
    public static InboxEvent event(Map<String, Object> row) {
        return new InboxEvent(number(row, "id").longValue(), (String) value(row, "webhook_identifier"), (String) value(row, "event_type"),
                (String) value(row, "issue_id"), (String) value(row, "issue_key"),
                value(row, "event_timestamp") == null ? 0 : number(row, "event_timestamp").longValue(), (String) value(row, "payload"),
                number(row, "attempts").intValue());
    }

    private static Object value(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v != null ? v : row.get(column.toUpperCase(java.util.Locale.ROOT));
    }

    private static Number number(Map<String, Object> row, String column) {
        return (Number) value(row, column);
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

    /**
     * Queues again what a dead letter stands for: its latest event, and the events of the same issue and kind that
     * failed since the letter was filed (one letter gathers them all).
     */
    public int requeueFailed(long latestEventId, String issueKey, List<String> eventTypes, OffsetDateTime since) {
        requeue(latestEventId);
        if (issueKey == null || eventTypes.isEmpty()) {
            return 1;
        }
        String types = String.join(", ", Collections.nCopies(eventTypes.size(), "?"));
        List<Object> args = new ArrayList<>(List.of(issueKey, since));
        args.addAll(eventTypes);
        return 1 + jdbc.update("UPDATE webhook_inbox SET state = 'NEW', attempts = 0, next_attempt_at = NULL, locked_by = NULL, locked_until = NULL"
                + " WHERE state = 'FAILED' AND issue_key = ? AND processed_at >= ? AND event_type IN (" + types + ")", args.toArray());
    }

    /** When the longest-waiting Jira event of the item's linked issues arrived (empty: nothing waits): its Jira → HubSpot lag. */
    public Optional<Instant> oldestWaitingForItem(long itemId) {
        OffsetDateTime oldest = jdbc.queryForObject("SELECT MIN(w.received_at) FROM webhook_inbox w WHERE w.state IN ('NEW', 'PROCESSING')"
                + " AND EXISTS (SELECT 1 FROM record_link l WHERE l.item_id = ? AND (l.issue_key = w.issue_key OR l.issue_id = w.issue_id))",
                OffsetDateTime.class, itemId);
        return Optional.ofNullable(oldest).map(OffsetDateTime::toInstant);
    }

    /** A processed Jira event: when it was done, and how long after Jira sent it (its timestamp; else its arrival). */
    public record EventLag(Instant processedAt, long lagMillis) {}

    /** The lag of every Jira event processed since then (at most the newest 20,000), oldest first. */
    public List<EventLag> lagSince(Instant since) {
        List<EventLag> lags = new ArrayList<>(jdbc.query("SELECT received_at, processed_at, event_timestamp FROM webhook_inbox"
                + " WHERE processed_at >= ? AND state IN ('DONE', 'IGNORED') ORDER BY processed_at DESC LIMIT 20000", (rs, n) -> {
                    Instant processed = rs.getObject(2, OffsetDateTime.class).toInstant();
                    long sent = rs.getLong(3);
                    long start = rs.wasNull() || sent <= 0 ? rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli() : sent;
                    return new EventLag(processed, Math.max(0, processed.toEpochMilli() - start));
                }, since.atOffset(ZoneOffset.UTC)));
        Collections.reverse(lags);
        return lags;
    }

    public int open() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE state IN ('NEW', 'PROCESSING')", Integer.class);
        return n == null ? 0 : n;
    }
}
