package io.hubjira.link;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The value the connector last wrote (or saw in sync) per link and field. A change equal to it is our own echo;
 * a value equal to it needs no write.
 */
@Repository
public class SyncedValueStore {

    public enum Direction { HUBSPOT_TO_JIRA, JIRA_TO_HUBSPOT }

    private final JdbcTemplate jdbc;

    public SyncedValueStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(long linkId, String fieldKey) {
        return jdbc.query("SELECT field_value FROM synced_value WHERE link_id = ? AND field_key = ?",
                (rs, n) -> Optional.ofNullable(rs.getString(1)), linkId, fieldKey).stream().findFirst().orElse(Optional.empty());
    }

    public boolean has(long linkId, String fieldKey) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM synced_value WHERE link_id = ? AND field_key = ?", Integer.class, linkId, fieldKey);
        return count != null && count > 0;
    }

    /** All synced values of a link: field key → value (null values included as null). */
    public Map<String, String> all(long linkId) {
        Map<String, String> values = new HashMap<>();
        jdbc.query("SELECT field_key, field_value FROM synced_value WHERE link_id = ?",
                rs -> { values.put(rs.getString(1), rs.getString(2)); }, linkId);
        return values;
    }

    /** Forgets one key of every link of the item to these records: one statement. */
    public void removeForRecords(long itemId, java.util.List<String> recordIds, String fieldKey) {
        if (recordIds.isEmpty()) {
            return;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(recordIds.size(), "?"));
        java.util.List<Object> args = new java.util.ArrayList<>(java.util.List.of(fieldKey, itemId));
        args.addAll(recordIds);
        jdbc.update("DELETE FROM synced_value WHERE field_key = ? AND link_id IN (SELECT id FROM record_link WHERE item_id = ? AND record_id IN ("
                + marks + "))", args.toArray());
    }

    public void put(long linkId, String fieldKey, String value, Direction direction) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int updated = jdbc.update("UPDATE synced_value SET field_value = ?, direction = ?, synced_at = ? WHERE link_id = ? AND field_key = ?",
                value, direction.name(), now, linkId, fieldKey);
        if (updated == 0) {
            try {
                jdbc.update("INSERT INTO synced_value (link_id, field_key, field_value, direction, synced_at) VALUES (?, ?, ?, ?, ?)",
                        linkId, fieldKey, value, direction.name(), now);
            } catch (DuplicateKeyException raced) {
                jdbc.update("UPDATE synced_value SET field_value = ?, direction = ?, synced_at = ? WHERE link_id = ? AND field_key = ?",
                        value, direction.name(), now, linkId, fieldKey);
            }
        }
    }
}
