package io.hubjira.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Every sync action lands here: item, record, issue, direction, fields, outcome. */
@Component
public class AuditLog {

    public enum Direction { HUBSPOT_TO_JIRA, JIRA_TO_HUBSPOT, NONE }

    public enum Outcome { OK, SKIPPED, FAILED }

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final JdbcTemplate jdbc;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    public AuditLog(JdbcTemplate jdbc, io.micrometer.core.instrument.MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** A person who acted (in the issue panel): a Jira user's account id and display name, or the admin's name alone. */
    public record Actor(String accountId, String name) {}

    public void record(Long itemId, String recordId, String issueKey, Direction direction, String action,
                       Collection<String> fields, Outcome outcome, String detail) {
        record(itemId, recordId, issueKey, direction, action, fields, outcome, detail, null);
    }

    public void record(Long itemId, String recordId, String issueKey, Direction direction, String action,
                       Collection<String> fields, Outcome outcome, String detail, Actor actor) {
        jdbc.update("""
                INSERT INTO audit_event (occurred_at, item_id, record_id, issue_key, direction, action, fields, outcome, detail,
                                         actor_account_id, actor_name)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", OffsetDateTime.now(ZoneOffset.UTC), itemId, recordId, issueKey,
                direction.name(), action, fields == null || fields.isEmpty() ? null : String.join(",", fields), outcome.name(),
                detail == null ? null : truncate(detail), actor == null ? null : actor.accountId(),
                actor == null || actor.name() == null ? null : cut(actor.name(), 255));
        io.micrometer.core.instrument.Counter.builder("connector.sync.actions")
                .description("Sync actions the connector took, as audited: issues created, fields written, statuses moved, comments, notes and"
                        + " attachments copied, records skipped or failed; by direction, action and outcome")
                .tag("direction", direction.name().toLowerCase(java.util.Locale.ROOT)).tag("action", action).tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(meters).increment();
        if (outcome == Outcome.FAILED) {
            log.warn("{} {} {} record {} issue {}: {}", action, direction, outcome, recordId, issueKey, detail);
        } else {
            log.debug("{} {} {} record {} issue {} fields {}", action, direction, outcome, recordId, issueKey, fields);
        }
    }

    public List<Map<String, Object>> recent(Long itemId, int limit) {
        if (itemId == null) {
            return jdbc.queryForList("SELECT * FROM audit_event ORDER BY id DESC LIMIT ?", limit);
        }
        return jdbc.queryForList("SELECT * FROM audit_event WHERE item_id = ? ORDER BY id DESC LIMIT ?", itemId, limit);
    }

    /** How many records of the item had a failed sync since then (each record once). */
    public int failedRecordsSince(long itemId, Instant since) {
        Integer n = jdbc.queryForObject("SELECT COUNT(DISTINCT record_id) FROM audit_event WHERE item_id = ? AND outcome = 'FAILED'"
                + " AND record_id IS NOT NULL AND occurred_at >= ?", Integer.class, itemId, since.atOffset(ZoneOffset.UTC));
        return n == null ? 0 : n;
    }

    /** When the item last synced a record in that direction (null: never). */
    public Instant lastSuccess(long itemId, Direction direction) {
        OffsetDateTime at = jdbc.queryForObject("SELECT MAX(occurred_at) FROM audit_event WHERE item_id = ? AND direction = ? AND outcome = 'OK'"
                + " AND record_id IS NOT NULL", OffsetDateTime.class, itemId, direction.name());
        return at == null ? null : at.toInstant();
    }

    /** Failed sync actions of the item since then. */
    public long failuresSince(long itemId, Instant since) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE item_id = ? AND outcome = 'FAILED' AND occurred_at >= ?", Long.class,
                itemId, since.atOffset(ZoneOffset.UTC));
        return n == null ? 0 : n;
    }

    /**
     * Records synced (OK) and failed per hour and direction since then, oldest first, each record counted once per
     * hour, direction and outcome (a creation audits several actions); polls and item-wide actions left out.
     */
    public List<HourCount> perHour(Instant since) {
        Map<String, HourCount> counts = new TreeMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        jdbc.query("SELECT occurred_at, direction, outcome, item_id, record_id FROM audit_event WHERE occurred_at >= ? AND record_id IS NOT NULL"
                + " AND outcome IN ('OK', 'FAILED') AND direction <> 'NONE'", rs -> {
                    Instant hour = rs.getObject(1, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.HOURS);
                    Direction direction = Direction.valueOf(rs.getString(2));
                    boolean ok = "OK".equals(rs.getString(3));
                    if (seen.add(hour + direction.name() + ok + ":" + rs.getLong(4) + ":" + rs.getString(5))) {
                        counts.merge(hour + direction.name(), new HourCount(hour, direction, ok ? 1 : 0, ok ? 0 : 1), HourCount::plus);
                    }
                }, since.atOffset(ZoneOffset.UTC));
        return List.copyOf(counts.values());
    }

    /** Records synced and failed in one hour and direction. */
    public record HourCount(Instant hour, Direction direction, long synced, long failed) {
        HourCount plus(HourCount other) {
            return new HourCount(hour, direction, synced + other.synced, failed + other.failed);
        }
    }

    /** What the activity view asks for; null fields do not filter. {@code beforeId} pages back from the newest. */
    public record Filter(Long itemId, String recordId, String issueKey, Direction direction, Outcome outcome, Long beforeId, int limit) {}

    /** One audited action, for the activity view. */
    public record Event(long id, Instant occurredAt, Long itemId, String recordId, String issueKey, Direction direction, String action,
                        List<String> fields, Outcome outcome, String detail, Actor actor) {}

    /** The newest events matching the filter, newest first. */
    public List<Event> search(Filter f) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_event WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        condition(sql, args, "item_id = ?", f.itemId());
        condition(sql, args, "record_id = ?", blankToNull(f.recordId()));
        condition(sql, args, "UPPER(issue_key) = UPPER(?)", blankToNull(f.issueKey()));
        condition(sql, args, "direction = ?", f.direction() == null ? null : f.direction().name());
        condition(sql, args, "outcome = ?", f.outcome() == null ? null : f.outcome().name());
        condition(sql, args, "id < ?", f.beforeId());
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(Math.min(Math.max(f.limit(), 1), 500));
        return jdbc.query(sql.toString(), (rs, n) -> {
            long item = rs.getLong("item_id");
            Long itemId = rs.wasNull() ? null : item;
            String fields = rs.getString("fields");
            return new Event(rs.getLong("id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), itemId,
                    rs.getString("record_id"), rs.getString("issue_key"), Direction.valueOf(rs.getString("direction")), rs.getString("action"),
                    fields == null ? List.of() : List.of(fields.split(",")), Outcome.valueOf(rs.getString("outcome")), rs.getString("detail"),
                    rs.getString("actor_name") == null && rs.getString("actor_account_id") == null ? null
                            : new Actor(rs.getString("actor_account_id"), rs.getString("actor_name")));
        }, args.toArray());
    }

    private static void condition(StringBuilder sql, List<Object> args, String clause, Object value) {
        if (value != null) {
            sql.append(" AND ").append(clause);
            args.add(value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }

    private static String truncate(String s) {
        return s.length() > 4000 ? s.substring(0, 4000) + "…" : s;
    }
}
