package io.hubjira.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;

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

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Long itemId, String recordId, String issueKey, Direction direction, String action,
                       Collection<String> fields, Outcome outcome, String detail) {
        jdbc.update("""
                INSERT INTO audit_event (occurred_at, item_id, record_id, issue_key, direction, action, fields, outcome, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", OffsetDateTime.now(ZoneOffset.UTC), itemId, recordId, issueKey,
                direction.name(), action, fields == null || fields.isEmpty() ? null : String.join(",", fields), outcome.name(),
                detail == null ? null : truncate(detail));
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
    public int failedRecordsSince(long itemId, java.time.Instant since) {
        Integer n = jdbc.queryForObject("SELECT COUNT(DISTINCT record_id) FROM audit_event WHERE item_id = ? AND outcome = 'FAILED'"
                + " AND record_id IS NOT NULL AND occurred_at >= ?", Integer.class, itemId, since.atOffset(ZoneOffset.UTC));
        return n == null ? 0 : n;
    }

    private static String truncate(String s) {
        return s.length() > 4000 ? s.substring(0, 4000) + "…" : s;
    }
}
