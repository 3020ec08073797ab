package io.hubjira.link;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.hubjira.link.RecordLink.LinkState;
import io.hubjira.link.RecordLink.LinkType;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Record ⇄ issue links. Uniqueness (one record per item, one issue per item) is enforced by the database. */
@Repository
public class LinkStore {

    private final JdbcTemplate jdbc;

    public LinkStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<RecordLink> byRecord(long itemId, String recordId) {
        return one("SELECT * FROM record_link WHERE item_id = ? AND record_id = ?", itemId, recordId);
    }

    public Optional<RecordLink> byIssue(long itemId, String issueKey) {
        return one("SELECT * FROM record_link WHERE item_id = ? AND issue_key = ?", itemId, issueKey);
    }

    public Optional<RecordLink> byId(long id) {
        return one("SELECT * FROM record_link WHERE id = ?", id);
    }

    /** Every link of an issue (one per item at most), by issue key or id. */
    public List<RecordLink> forIssue(String issueKeyOrId) {
        return jdbc.query("SELECT * FROM record_link WHERE issue_key = ? OR issue_id = ? ORDER BY id", this::row, issueKeyOrId, issueKeyOrId);
    }

    public List<RecordLink> forItem(long itemId) {
        return jdbc.query("SELECT * FROM record_link WHERE item_id = ? ORDER BY id", this::row, itemId);
    }

    public List<RecordLink> linkedForItem(long itemId) {
        return jdbc.query("SELECT * FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id", this::row, itemId);
    }

    /**
     * Reserves the link before the issue exists. Empty when the record is already held (a concurrent worker or an
     * earlier run): the caller must then look at that link instead of creating.
     */
    public Optional<RecordLink> reserve(long itemId, String objectType, String recordId, LinkType type) {
        OffsetDateTime now = now();
        try {
            jdbc.update("""
                    INSERT INTO record_link (item_id, object_type, record_id, link_type, state, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'PENDING', ?, ?)""", itemId, objectType, recordId, type.name(), now, now);
        } catch (DuplicateKeyException alreadyHeld) {
            return Optional.empty();
        }
        return byRecord(itemId, recordId);
    }

    /** Links a record and an issue directly (manual link); DuplicateKeyException when either side is taken. */
    public RecordLink linkNow(long itemId, String objectType, String recordId, String issueId, String issueKey, LinkType type) {
        OffsetDateTime now = now();
        jdbc.update("""
                INSERT INTO record_link (item_id, object_type, record_id, issue_id, issue_key, link_type, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'LINKED', ?, ?)""", itemId, objectType, recordId, issueId, issueKey, type.name(), now, now);
        return byRecord(itemId, recordId).orElseThrow();
    }

    public void markLinked(long linkId, String issueId, String issueKey) {
        jdbc.update("UPDATE record_link SET issue_id = ?, issue_key = ?, state = 'LINKED', updated_at = ? WHERE id = ?",
                issueId, issueKey, now(), linkId);
    }

    public void markFailed(long linkId, String problem) {
        jdbc.update("UPDATE record_link SET state = 'FAILED', status_problem = ?, updated_at = ? WHERE id = ?", problem, now(), linkId);
    }

    public void markSynced(long linkId, Instant at) {
        jdbc.update("UPDATE record_link SET last_synced_at = ?, updated_at = ? WHERE id = ?", at.atOffset(ZoneOffset.UTC), now(), linkId);
    }

    /** Records (or clears, with null) why the issue's status could not follow. */
    public void setStatusProblem(long linkId, String problem) {
        jdbc.update("UPDATE record_link SET status_problem = ?, updated_at = ? WHERE id = ?", problem, now(), linkId);
    }

    public boolean delete(long linkId) {
        return jdbc.update("DELETE FROM record_link WHERE id = ?", linkId) > 0;
    }

    private Optional<RecordLink> one(String sql, Object... args) {
        return jdbc.query(sql, this::row, args).stream().findFirst();
    }

    private RecordLink row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime synced = rs.getObject("last_synced_at", OffsetDateTime.class);
        OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
        return new RecordLink(rs.getLong("id"), rs.getLong("item_id"), rs.getString("object_type"), rs.getString("record_id"),
                rs.getString("issue_id"), rs.getString("issue_key"), LinkType.valueOf(rs.getString("link_type")),
                LinkState.valueOf(rs.getString("state")), rs.getString("status_problem"),
                synced == null ? null : synced.toInstant(), created == null ? null : created.toInstant());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
