package io.hubjira.item;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.connection.LinkedItems;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Smart Connected Items with their field mappings and rule (tables sync_item, field_mapping, sync_rule). */
@Repository
public class ItemRepository implements LinkedItems {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public ItemRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** An item with the names of the connections it is bound to. */
    private static final String SELECT_ITEMS = "SELECT i.*, h.name AS hubspot_connection_name, j.name AS jira_connection_name FROM sync_item i "
            + "LEFT JOIN hubspot_connection h ON h.id = i.hubspot_connection_id LEFT JOIN jira_connection j ON j.id = i.jira_connection_id";

    public List<SmartConnectedItem> findAll() {
        return jdbc.query(SELECT_ITEMS + " ORDER BY i.id", (rs, n) -> item(rs));
    }

    /** Enabled items of a synchronized mode: the ones the poll and HubSpot webhooks sync (never display-only ones). */
    public List<SmartConnectedItem> findSyncing() {
        return findAll().stream().filter(i -> i.definition().isEnabled() && i.definition().mode().isSynchronized()).toList();
    }

    public Optional<SmartConnectedItem> findById(long id) {
        return jdbc.query(SELECT_ITEMS + " WHERE i.id = ?", (rs, n) -> item(rs), id).stream().findFirst();
    }

    public Optional<SmartConnectedItem> findByName(String name) {
        return jdbc.query(SELECT_ITEMS + " WHERE i.name = ?", (rs, n) -> item(rs), name).stream().findFirst();
    }

    @Transactional
    public long insert(ItemDefinition d, String source, ConnectionPair pair) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    INSERT INTO sync_item (name, mode, hubspot_module, hubspot_object_type, jira_project_keys, jira_issue_type_id,
                        display_fields, auto_create, associated_records, status_sync, status_mapping, comments_sync,
                        attachments_sync, enabled, record_filter, remote_link, issue_key_property, match_rule, lifecycle, source, version,
                        created_at, updated_at, hubspot_connection_id, jira_connection_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)""", new String[] {"id"});
            bindColumns(ps, d);
            ps.setString(20, source);
            ps.setObject(21, now);
            ps.setObject(22, now);
            ps.setLong(23, pair.hubspotConnectionId());
            ps.setLong(24, pair.jiraConnectionId());
            return ps;
        }, key);
        long id = key.getKey().longValue();
        writeChildren(id, d);
        return id;
    }

    /** Updates when the stored version still equals {@code expectedVersion}; false when someone else changed it first. */
    @Transactional
    public boolean update(long id, ItemDefinition d, int expectedVersion, String source, ConnectionPair pair) {
        int changed = jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    UPDATE sync_item SET name = ?, mode = ?, hubspot_module = ?, hubspot_object_type = ?, jira_project_keys = ?,
                        jira_issue_type_id = ?, display_fields = ?, auto_create = ?, associated_records = ?, status_sync = ?,
                        status_mapping = ?, comments_sync = ?, attachments_sync = ?, enabled = ?, record_filter = ?, remote_link = ?,
                        issue_key_property = ?, match_rule = ?, lifecycle = ?, source = ?, version = version + 1, updated_at = ?,
                        hubspot_connection_id = ?, jira_connection_id = ?
                    WHERE id = ? AND version = ?""");
            bindColumns(ps, d);
            ps.setString(20, source);
            ps.setObject(21, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setLong(22, pair.hubspotConnectionId());
            ps.setLong(23, pair.jiraConnectionId());
            ps.setLong(24, id);
            ps.setInt(25, expectedVersion);
            return ps;
        });
        if (changed == 0) {
            return false;
        }
        jdbc.update("DELETE FROM field_mapping WHERE item_id = ?", id);
        jdbc.update("DELETE FROM sync_rule WHERE item_id = ?", id);
        writeChildren(id, d);
        return true;
    }

    /** Whether any record of the item is linked to an issue (its connections are then fixed). */
    public boolean hasLinks(long id) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT COUNT(*) > 0 FROM record_link WHERE item_id = ?", Boolean.class, id));
    }

    @Transactional
    public boolean delete(long id) {
        // the item's poll watermarks go with it (that table has no foreign key: the notes feed's row names no item)
        jdbc.update("DELETE FROM poll_watermark WHERE item_id = ?", id);
        return jdbc.update("DELETE FROM sync_item WHERE id = ?", id) > 0;
    }

    public boolean setEnabled(long id, boolean enabled) {
        return jdbc.update("UPDATE sync_item SET enabled = ?, version = version + 1, updated_at = ? WHERE id = ?",
                enabled, OffsetDateTime.now(ZoneOffset.UTC), id) > 0;
    }

    /** How many items each HubSpot connection binds, by connection id (connections binding none are left out). */
    public java.util.Map<Long, Integer> countByHubSpotConnection() {
        return countBy("hubspot_connection_id");
    }

    /** How many items each Jira connection binds, by connection id (connections binding none are left out). */
    public java.util.Map<Long, Integer> countByJiraConnection() {
        return countBy("jira_connection_id");
    }

    @Override
    public int linkedItemsOfHubSpot(long connectionId) {
        return linkedItemsOf("hubspot_connection_id", connectionId);
    }

    @Override
    public int linkedItemsOfJira(long connectionId) {
        return linkedItemsOf("jira_connection_id", connectionId);
    }

    private int linkedItemsOf(String column, long connectionId) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM sync_item i WHERE i." + column + " = ? "
                + "AND EXISTS (SELECT 1 FROM record_link l WHERE l.item_id = i.id)", Integer.class, connectionId);
        return count == null ? 0 : count;
    }

    /**
     * Binds the items bound to no HubSpot connection (made before any was saved) to this one; answers how many. Items
     * bound to a connection are never moved.
     */
    public int bindUnboundToHubSpot(long connectionId) {
        return jdbc.update("UPDATE sync_item SET hubspot_connection_id = ? WHERE hubspot_connection_id IS NULL", connectionId);
    }

    /** Binds the items bound to no Jira connection to this one; answers how many. */
    public int bindUnboundToJira(long connectionId) {
        return jdbc.update("UPDATE sync_item SET jira_connection_id = ? WHERE jira_connection_id IS NULL", connectionId);
    }

    private java.util.Map<Long, Integer> countBy(String column) {
        java.util.Map<Long, Integer> counts = new LinkedHashMap<>();
        jdbc.query("SELECT " + column + ", COUNT(*) FROM sync_item WHERE " + column + " IS NOT NULL GROUP BY " + column,
                rs -> {
                    counts.put(rs.getLong(1), rs.getInt(2));
                });
        return counts;
    }

    private void bindColumns(java.sql.PreparedStatement ps, ItemDefinition d) throws SQLException {
        ps.setString(1, d.name());
        ps.setString(2, d.mode().name());
        ps.setString(3, d.hubspotModule());
        ps.setString(4, d.hubspotObject());
        ps.setString(5, String.join(",", d.jiraProjects()));
        ps.setString(6, d.jiraIssueType());
        ps.setString(7, write(d.displayFields()));
        ps.setBoolean(8, d.isAutoCreate());
        ps.setBoolean(9, d.isAssociatedRecords());
        ps.setBoolean(10, d.isStatusSync());
        ps.setString(11, d.statusMapping().isEmpty() ? null : write(d.statusMapping()));
        ps.setBoolean(12, d.isCommentsSync());
        ps.setBoolean(13, d.isAttachmentsSync());
        ps.setBoolean(14, d.isEnabled());
        ps.setString(15, d.filter() == null || (!d.filter().hasConditions() && !d.filter().hasJql()) ? null : write(d.filter()));
        ps.setBoolean(16, d.hasRemoteLink());
        ps.setString(17, d.issueKeyProperty());
        ps.setString(18, d.match() == null ? null : write(d.match()));
        ps.setString(19, d.lifecycle() == null ? null : write(d.lifecycle()));
    }

    private void writeChildren(long id, ItemDefinition d) {
        int position = 0;
        for (FieldMapping m : d.fieldMappings()) {
            jdbc.update("INSERT INTO field_mapping (item_id, position, hubspot_property, jira_field, owner, value_map) VALUES (?, ?, ?, ?, ?, ?)",
                    id, position++, m.hubspotProperty(), m.jiraField(), m.owner().name(), m.hasValueMap() ? write(m.valueMap()) : null);
        }
        ConditionalRule r = d.rule();
        if (r != null) {
            jdbc.update("""
                    INSERT INTO sync_rule (item_id, property, operator, rule_value, met_status, create_when_not_met, not_met_status)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    id, r.property(), r.operator(), r.value(), r.metStatus(), r.createWhenNotMet(), r.notMetStatus());
        }
    }

    private SmartConnectedItem item(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        List<FieldMapping> mappings = jdbc.query("SELECT * FROM field_mapping WHERE item_id = ? ORDER BY position",
                (m, n) -> new FieldMapping(m.getString("hubspot_property"), m.getString("jira_field"), FieldOwner.valueOf(m.getString("owner")),
                        read(m.getString("value_map"), new TypeReference<ValueMap>() {}, null)), id);
        ConditionalRule rule = jdbc.query("SELECT * FROM sync_rule WHERE item_id = ?",
                (r, n) -> new ConditionalRule(r.getString("property"), r.getString("operator"), r.getString("rule_value"),
                        r.getString("met_status"), r.getBoolean("create_when_not_met"), r.getString("not_met_status")), id)
                .stream().findFirst().orElse(null);
        String projects = rs.getString("jira_project_keys");
        ItemDefinition d = new ItemDefinition(
                rs.getString("name"),
                SyncMode.valueOf(rs.getString("mode")),
                rs.getString("hubspot_module"),
                rs.getString("hubspot_object_type"),
                projects == null || projects.isBlank() ? List.of() : Arrays.asList(projects.split(",")),
                rs.getString("jira_issue_type_id"),
                read(rs.getString("display_fields"), new TypeReference<List<String>>() {}, new ArrayList<>()),
                mappings,
                rs.getBoolean("auto_create"),
                rs.getBoolean("associated_records"),
                rs.getBoolean("status_sync"),
                read(rs.getString("status_mapping"), new TypeReference<LinkedHashMap<String, String>>() {}, new LinkedHashMap<>()),
                rs.getBoolean("comments_sync"),
                rs.getBoolean("attachments_sync"),
                rule,
                rs.getBoolean("enabled"),
                read(rs.getString("record_filter"), new TypeReference<RecordFilter>() {}, null),
                rs.getBoolean("remote_link"),
                rs.getString("issue_key_property"),
                read(rs.getString("match_rule"), new TypeReference<MatchRule>() {}, null),
                read(rs.getString("lifecycle"), new TypeReference<Lifecycle>() {}, null),
                rs.getString("hubspot_connection_name"),
                rs.getString("jira_connection_name"));
        return new SmartConnectedItem(id, d, rs.getString("source"), rs.getInt("version"),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("hubspot_connection_id"), rs.getLong("jira_connection_id"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type, T empty) {
        if (text == null || text.isBlank()) {
            return empty;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored item column is not valid JSON", e);
        }
    }
}
