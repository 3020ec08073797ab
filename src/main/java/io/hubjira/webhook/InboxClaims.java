package io.hubjira.webhook;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims inbox events for processing, safely across workers and instances: only the oldest open event of each issue
 * (so an issue's events run in timestamp order), rows locked with {@code FOR UPDATE SKIP LOCKED} on PostgreSQL, and a
 * lease that expires if the claiming instance dies.
 */
@Repository
public class InboxClaims {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String lockClause;
    private final Duration lease;
    private final String worker = "worker-" + UUID.randomUUID();
    private static final int FOLLOWERS = 50;

    public InboxClaims(JdbcTemplate jdbc, TransactionTemplate tx, DataSource dataSource,
                       @Value("${connector.inbox.lease:5m}") Duration lease) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.lease = lease;
        this.lockClause = io.hubjira.storage.RowLocks.takeClause(dataSource);
    }

    public List<InboxEvent> claim(int max) {
        return tx.execute(status -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            List<Long> ids = jdbc.queryForList("""
                    SELECT w.id FROM webhook_inbox w
                    WHERE (w.state = 'NEW' OR (w.state = 'PROCESSING' AND w.locked_until < ?))
                      AND (w.next_attempt_at IS NULL OR w.next_attempt_at <= ?)
                      AND NOT EXISTS (SELECT 1 FROM webhook_inbox p WHERE p.issue_id = w.issue_id AND p.id <> w.id
                                      AND p.state = 'PROCESSING' AND p.locked_until >= ?)
                      AND NOT EXISTS (SELECT 1 FROM webhook_inbox o WHERE o.issue_id = w.issue_id AND o.id <> w.id
                                      AND o.state IN ('NEW', 'PROCESSING')
                                      AND (o.event_timestamp < w.event_timestamp OR (o.event_timestamp = w.event_timestamp AND o.id < w.id)))
                    ORDER BY w.event_timestamp, w.id
                    LIMIT ?""" + lockClause, Long.class, now, now, now, max);
            if (ids.isEmpty()) {
                return List.of();
            }
            OffsetDateTime until = now.plus(lease);
            List<Long> claimed = new java.util.ArrayList<>(ids);
            // with each issue's oldest event, take the events that follow it (in order): they are processed one after
            // the other by the same worker, so an issue's events keep their order without a poll cycle each
            for (Long lead : ids) {
                claimed.addAll(jdbc.queryForList("""
                        SELECT n.id FROM webhook_inbox n JOIN webhook_inbox l ON l.id = ?
                        WHERE n.issue_id = l.issue_id AND n.id <> l.id AND n.state = 'NEW'
                          AND (n.next_attempt_at IS NULL OR n.next_attempt_at <= ?)
                          AND (n.event_timestamp > l.event_timestamp OR (n.event_timestamp = l.event_timestamp AND n.id > l.id))
                        ORDER BY n.event_timestamp, n.id
                        LIMIT ?""" + lockClause, Long.class, lead, now, FOLLOWERS));
            }
            for (Long id : claimed) {
                jdbc.update("UPDATE webhook_inbox SET state = 'PROCESSING', locked_by = ?, locked_until = ?, attempts = attempts + 1 WHERE id = ?",
                        worker, until, id);
            }
            String in = String.join(",", claimed.stream().map(String::valueOf).toList());
            return jdbc.query("SELECT * FROM webhook_inbox WHERE id IN (" + in + ") ORDER BY event_timestamp, id",
                    (rs, n) -> new InboxEvent(rs.getLong("id"), rs.getString("webhook_identifier"), rs.getString("event_type"),
                            rs.getString("issue_id"), rs.getString("issue_key"), rs.getLong("event_timestamp"),
                            rs.getString("payload"), rs.getInt("attempts")));
        });
    }

    public void done(long id, String state, String note) {
        jdbc.update("UPDATE webhook_inbox SET state = ?, processed_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL WHERE id = ?",
                state, OffsetDateTime.now(ZoneOffset.UTC), note, id);
    }

    public void retryLater(long id, Duration delay, String error) {
        jdbc.update("UPDATE webhook_inbox SET state = 'NEW', next_attempt_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL WHERE id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).plus(delay), error, id);
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
