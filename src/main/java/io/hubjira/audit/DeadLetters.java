package io.hubjira.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Work that failed for good (or too often), kept with its payload and error until it is fixed. One OPEN letter per
 * subject — a record of an item, a record's notes, an issue's fields, one comment or attachment: a new failure of the
 * same subject adds its attempts to that letter and keeps the newest error and payload. A later sync of the subject
 * that succeeds resolves it by itself; an operator may replay it.
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    public enum State { OPEN, REPLAYED, RESOLVED, DISCARDED }

    /** What failed: the flow, what it concerns, and the subject that identifies "the same thing failing again". */
    public record Failure(String flow, Long itemId, String recordId, String issueKey, String subject, String payload, String error,
                          String category, int attempts) {}

    public record DeadLetter(long id, String flow, Long itemId, String recordId, String issueKey, String subject, String payload,
                             String errorMessage, String errorCategory, String reason, int attempts, State state, String createdAt,
                             String lastFailedAt, String replayedAt, String resolvedAt, String resolution) {

        public boolean isOpen() {
            return state == State.OPEN;
        }
    }

    private final JdbcTemplate jdbc;

    public DeadLetters(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A HubSpot record of an item (its sync to Jira, its issue's creation). */
    public static String recordSubject(long itemId, String recordId) {
        return "record:" + itemId + ":" + recordId;
    }

    /** The notes of a linked record, copied to its issue. */
    public static String notesSubject(long itemId, String recordId) {
        return "notes:" + itemId + ":" + recordId;
    }

    /**
     * A Jira issue's field changes (kind ISSUE, no object id), or one of its comments or attachments (with its id), on
     * the site of that Jira connection: {@code jira:<connection>:<issue>:<kind>[:<id>]}.
     */
    public static String jiraSubject(long jiraConnectionId, String issue, String kind, String objectId) {
        return "jira:" + jiraConnectionId + ":" + issue + ":" + kind + (objectId == null ? "" : ":" + objectId);
    }

    /** The kind of Jira change a {@link #jiraSubject} names ("ISSUE", "COMMENT"…), if the subject is one. */
    public static Optional<String> jiraSubjectKind(String subject) {
        String[] parts = subject == null ? new String[0] : subject.split(":");
        return parts.length >= 4 && "jira".equals(parts[0]) ? Optional.of(parts[3]) : Optional.empty();
    }

    /** Files the failure: a new OPEN letter, or the open letter of the same subject updated (attempts add up). */
    public long add(Failure f) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String error = f.error() == null || f.error().isBlank() ? "unknown error" : f.error();
        String payload = f.payload() == null ? "" : f.payload();
        for (int tries = 0; ; tries++) {
            Optional<Long> updated = updateOpen(f, error, payload, now);
            if (updated.isPresent()) {
                return updated.get();
            }
            try {
                // the new row's id from the insert itself: a concurrent resolve may already have closed the letter
                org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
                Object[] values = {f.flow(), f.itemId(), f.recordId(), f.issueKey(), f.subject(), f.subject(), payload, error, f.category(),
                        Math.max(1, f.attempts()), now, now};
                jdbc.update(connection -> {
                    var statement = connection.prepareStatement("""
                            INSERT INTO dead_letter (flow, item_id, record_id, issue_key, subject, open_subject, payload, error_message,
                                error_category, attempts, state, created_at, last_failed_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)""", new String[] {"id"});
                    new org.springframework.jdbc.core.ArgumentPreparedStatementSetter(values).setValues(statement);
                    return statement;
                }, key);
                return key.getKey().longValue();
            } catch (DuplicateKeyException raced) {
                if (tries > 2) {
                    throw raced;
                }
                // another instance filed the same subject just now: add to its letter
            }
        }
    }

    private Optional<Long> updateOpen(Failure f, String error, String payload, OffsetDateTime now) {
        int n = jdbc.update("""
                UPDATE dead_letter SET attempts = attempts + ?, error_message = ?, error_category = ?, payload = ?, last_failed_at = ?,
                    flow = ?, record_id = COALESCE(?, record_id), issue_key = COALESCE(?, issue_key)
                WHERE open_subject = ?""", Math.max(1, f.attempts()), error, f.category(), payload, now, f.flow(), f.recordId(), f.issueKey(),
                f.subject());
        if (n == 0) {
            return Optional.empty();
        }
        return jdbc.query("SELECT id FROM dead_letter WHERE open_subject = ?", (rs, i) -> rs.getLong(1), f.subject()).stream().findFirst();
    }

    /** A later sync of the subject succeeded: its open letter (if any) is RESOLVED, saying how. */
    public boolean resolve(String subject, String resolution) {
        int n = jdbc.update("UPDATE dead_letter SET state = 'RESOLVED', open_subject = NULL, resolved_at = ?, resolution = ? WHERE open_subject = ?",
                OffsetDateTime.now(ZoneOffset.UTC), resolution, subject);
        if (n > 0) {
            log.info("Dead letter of {} resolved: {}", subject, resolution);
        }
        return n > 0;
    }

    public List<DeadLetter> open(Long itemId) {
        return list(itemId, State.OPEN, 1000);
    }

    /** Letters newest failure first, of one item (or all) and one state (or all). */
    public List<DeadLetter> list(Long itemId, State state, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM dead_letter WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (itemId != null) {
            sql.append(" AND item_id = ?");
            args.add(itemId);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.name());
        }
        sql.append(" ORDER BY last_failed_at DESC, id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, n) -> row(rs), args.toArray());
    }

    /** The open letters of the record (its sync and its notes) or of the issue, for the issue panel. */
    /**
     * The open letters of a link: its record's under its item, and its issue's of that item or of that Jira site (an
     * issue of the same key on another site is another issue).
     */
    public List<DeadLetter> openFor(long itemId, String recordId, String issueKey, long jiraConnectionId) {
        return jdbc.query("SELECT * FROM dead_letter WHERE state = 'OPEN' AND ((item_id = ? AND record_id = ?) OR (issue_key IS NOT NULL "
                        + "AND issue_key = ? AND (item_id = ? OR subject LIKE ?))) ORDER BY last_failed_at DESC", (rs, n) -> row(rs),
                itemId, recordId, issueKey, itemId, "jira:" + jiraConnectionId + ":%");
    }

    public Optional<DeadLetter> get(long id) {
        return jdbc.query("SELECT * FROM dead_letter WHERE id = ?", (rs, n) -> row(rs), id).stream().findFirst();
    }

    public void markReplayed(long id) {
        jdbc.update("UPDATE dead_letter SET state = 'REPLAYED', open_subject = NULL, replayed_at = ? WHERE id = ?",
                OffsetDateTime.now(ZoneOffset.UTC), id);
    }

    public void discard(long id) {
        jdbc.update("UPDATE dead_letter SET state = 'DISCARDED', open_subject = NULL, resolved_at = ?, resolution = 'discarded by an operator'"
                + " WHERE id = ?", OffsetDateTime.now(ZoneOffset.UTC), id);
    }

    /** Open letters per item (letters of no item, such as unreadable Jira events, under null). */
    public Map<Long, Integer> openPerItem() {
        Map<Long, Integer> counts = new LinkedHashMap<>();
        jdbc.query("SELECT item_id, COUNT(*) FROM dead_letter WHERE state = 'OPEN' GROUP BY item_id", rs -> {
            long item = rs.getLong(1);
            counts.put(rs.wasNull() ? null : item, rs.getInt(2));
        });
        return counts;
    }

    private static DeadLetter row(ResultSet rs) throws SQLException {
        long item = rs.getLong("item_id");
        Long itemId = rs.wasNull() ? null : item;
        String category = rs.getString("error_category");
        String error = rs.getString("error_message");
        return new DeadLetter(rs.getLong("id"), rs.getString("flow"), itemId, rs.getString("record_id"), rs.getString("issue_key"),
                rs.getString("subject"), rs.getString("payload"), error, category, FailureReasons.plain(category, error),
                rs.getInt("attempts"), State.valueOf(rs.getString("state")), instant(rs, "created_at"), instant(rs, "last_failed_at"),
                instant(rs, "replayed_at"), instant(rs, "resolved_at"), rs.getString("resolution"));
    }

    private static String instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant().toString();
    }
}
