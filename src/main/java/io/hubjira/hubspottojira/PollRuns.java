package io.hubjira.hubspottojira;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.hubjira.queue.WorkClaims;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The latest poll of each item, kept in the database so any instance's console shows it: running now (with its
 * records so far, the total HubSpot reported, the rate and an ETA) or how it ended — OK, PARTIAL when records of it
 * failed (dead-lettered or left for a later try), FAILED when the poll itself stopped.
 */
@Repository
public class PollRuns {

    public enum Outcome { OK, PARTIAL, FAILED }

    /** One item's latest poll. {@code running} until it finished; rate and ETA are derived from the progress so far. */
    public record PollRun(long itemId, String instance, Instant startedAt, Instant updatedAt, Instant finishedAt, long recordsSeen,
                          Long expectedTotal, int pages, int failedRecords, Outcome outcome, String detail) {

        public boolean running() {
            return finishedAt == null;
        }

        /** Records per second since the run started. */
        public double ratePerSecond(Instant now) {
            Instant end = finishedAt == null ? now : finishedAt;
            double seconds = Math.max(0.001, Duration.between(startedAt, end).toMillis() / 1000.0);
            return recordsSeen / seconds;
        }

        /** When the run should be done at its current rate (null when finished, or when nothing is known yet). */
        public Instant eta(Instant now) {
            if (!running() || expectedTotal == null || recordsSeen == 0) {
                return null;
            }
            long left = Math.max(0, expectedTotal - recordsSeen);
            return now.plusMillis((long) (left / ratePerSecond(now) * 1000));
        }
    }

    private final JdbcTemplate jdbc;
    private final WorkClaims claims;
    private final Clock clock;

    public PollRuns(JdbcTemplate jdbc, WorkClaims claims, Clock clock) {
        this.jdbc = jdbc;
        this.claims = claims;
        this.clock = clock;
    }

    public void started(long itemId) {
        OffsetDateTime now = now();
        int n = jdbc.update("""
                UPDATE poll_run SET instance = ?, started_at = ?, updated_at = ?, finished_at = NULL, records_seen = 0, expected_total = NULL,
                    pages = 0, failed_records = 0, outcome = NULL, detail = NULL WHERE item_id = ?""", claims.worker(), now, now, itemId);
        if (n == 0) {
            try {
                jdbc.update("INSERT INTO poll_run (item_id, instance, started_at, updated_at) VALUES (?, ?, ?, ?)", itemId, claims.worker(), now, now);
            } catch (DuplicateKeyException raced) {
                started(itemId);
            }
        }
    }

    /** After each page: records so far, and the total HubSpot reported (when the page's search said). */
    public void progressed(long itemId, long recordsSeen, Long expectedTotal, int pages) {
        jdbc.update("UPDATE poll_run SET records_seen = ?, expected_total = COALESCE(?, expected_total), pages = ?, updated_at = ? WHERE item_id = ?",
                recordsSeen, expectedTotal, pages, now(), itemId);
    }

    public void finished(long itemId, Outcome outcome, int failedRecords, String detail) {
        OffsetDateTime now = now();
        jdbc.update("UPDATE poll_run SET finished_at = ?, updated_at = ?, outcome = ?, failed_records = ?, detail = ? WHERE item_id = ?",
                now, now, outcome.name(), failedRecords, detail, itemId);
    }

    public Optional<PollRun> latest(long itemId) {
        return jdbc.query("SELECT * FROM poll_run WHERE item_id = ?", (rs, n) -> row(rs), itemId).stream().findFirst();
    }

    public List<PollRun> all() {
        return jdbc.query("SELECT * FROM poll_run ORDER BY item_id", (rs, n) -> row(rs));
    }

    /** When the run of the item started (for counting what failed in it). */
    public Optional<Instant> startedAt(long itemId) {
        return latest(itemId).map(PollRun::startedAt);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static PollRun row(ResultSet rs) throws SQLException {
        long total = rs.getLong("expected_total");
        Long expected = rs.wasNull() ? null : total;
        String outcome = rs.getString("outcome");
        return new PollRun(rs.getLong("item_id"), rs.getString("instance"), instant(rs, "started_at"), instant(rs, "updated_at"),
                instant(rs, "finished_at"), rs.getLong("records_seen"), expected, rs.getInt("pages"), rs.getInt("failed_records"),
                outcome == null ? null : Outcome.valueOf(outcome), rs.getString("detail"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
