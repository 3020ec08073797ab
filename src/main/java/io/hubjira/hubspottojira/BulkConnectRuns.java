package io.hubjira.hubspottojira;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import io.hubjira.failure.ConflictException;
import io.hubjira.queue.WorkClaims;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The latest applied bulk connect of each item, saved after every page: its progress for the console, and where a
 * run that stopped resumes. A run is RUNNING while its instance moves it; one that has not moved for the claims' lease
 * (its instance was killed) or that FAILED is resumed by the next apply from the record it had reached.
 */
@Repository
public class BulkConnectRuns {

    public enum State { RUNNING, DONE, FAILED }

    /** Where a run stands; {@code afterRecord}: the records up to this id are done. */
    public record Run(long itemId, State state, String instance, Instant startedAt, Instant updatedAt, Instant finishedAt, String afterRecord,
                      int records, Long expectedTotal, int alreadyLinked, int linked, int toCreate, int conflicts, String detail) {
    }

    private final JdbcTemplate jdbc;
    private final WorkClaims claims;
    private final Clock clock;
    private final Duration stale;

    public BulkConnectRuns(JdbcTemplate jdbc, WorkClaims claims, Clock clock, io.hubjira.config.ConnectorProperties props) {
        this.jdbc = jdbc;
        this.claims = claims;
        this.clock = clock;
        this.stale = props.claims().lease();
    }

    public Optional<Run> latest(long itemId) {
        return jdbc.query("SELECT * FROM bulk_connect_run WHERE item_id = ?", (rs, n) -> row(rs), itemId).stream().findFirst();
    }

    /**
     * Takes the item's run for this instance: the stopped or failed one resumed where it stood, else a new one. A run
     * another live instance is moving is not taken (409).
     */
    public Run begin(long itemId) {
        OffsetDateTime now = now();
        Optional<Run> previous = latest(itemId);
        if (previous.isEmpty()) {
            try {
                jdbc.update("INSERT INTO bulk_connect_run (item_id, state, instance, started_at, updated_at) VALUES (?, 'RUNNING', ?, ?, ?)",
                        itemId, claims.worker(), now, now);
                return latest(itemId).orElseThrow();
            } catch (DuplicateKeyException raced) {
                return begin(itemId);
            }
        }
        Run run = previous.get();
        boolean resumable = run.state() == State.FAILED
                || (run.state() == State.RUNNING && run.updatedAt().isBefore(clock.instant().minus(stale)));
        if (run.state() == State.RUNNING && !resumable) {
            throw new ConflictException("bulk_connect_running", "A bulk connect of this item is running on " + run.instance()
                    + " (last progress " + run.updatedAt() + "); watch it with GET /api/items/" + itemId + "/bulk-connect.");
        }
        int taken = resumable
                ? jdbc.update("UPDATE bulk_connect_run SET state = 'RUNNING', instance = ?, updated_at = ?, finished_at = NULL, detail = NULL"
                        + " WHERE item_id = ? AND updated_at = ?", claims.worker(), now, itemId, run.updatedAt().atOffset(ZoneOffset.UTC))
                : jdbc.update("UPDATE bulk_connect_run SET state = 'RUNNING', instance = ?, started_at = ?, updated_at = ?, finished_at = NULL,"
                        + " after_record = '0', records = 0, expected_total = NULL, already_linked = 0, linked = 0, to_create = 0, conflicts = 0,"
                        + " detail = NULL WHERE item_id = ? AND updated_at = ?", claims.worker(), now, now, itemId, run.updatedAt().atOffset(ZoneOffset.UTC));
        if (taken == 0) {
            throw new ConflictException("bulk_connect_running", "Another instance took this item's bulk connect just now.");
        }
        return latest(itemId).orElseThrow();
    }

    public void progressed(Run run) {
        jdbc.update("UPDATE bulk_connect_run SET after_record = ?, records = ?, expected_total = ?, already_linked = ?, linked = ?, to_create = ?,"
                        + " conflicts = ?, updated_at = ? WHERE item_id = ?", run.afterRecord(), run.records(), run.expectedTotal(), run.alreadyLinked(),
                run.linked(), run.toCreate(), run.conflicts(), now(), run.itemId());
    }

    public void finished(long itemId, State state, String detail) {
        OffsetDateTime now = now();
        jdbc.update("UPDATE bulk_connect_run SET state = ?, finished_at = ?, updated_at = ?, detail = ? WHERE item_id = ?", state.name(), now, now,
                detail, itemId);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Run row(ResultSet rs) throws SQLException {
        long total = rs.getLong("expected_total");
        Long expected = rs.wasNull() ? null : total;
        return new Run(rs.getLong("item_id"), State.valueOf(rs.getString("state")), rs.getString("instance"), instant(rs, "started_at"),
                instant(rs, "updated_at"), instant(rs, "finished_at"), rs.getString("after_record"), rs.getInt("records"), expected,
                rs.getInt("already_linked"), rs.getInt("linked"), rs.getInt("to_create"), rs.getInt("conflicts"), rs.getString("detail"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
