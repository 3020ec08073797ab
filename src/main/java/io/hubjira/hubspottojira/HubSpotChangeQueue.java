package io.hubjira.hubspottojira;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.hubspot.HubSpotRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The HubSpot records waiting to be synced (route hubspot-changes takes them): those HubSpot webhooks named, those an
 * admin asked to sync now (refresh, replay: forced, so a version synced before is synced again) and those a flow
 * tries again later. One row per record however often it is named; a record named again while it is being worked on
 * stays queued for the next round, so no change is absorbed by the round already reading it.
 */
@Repository("hubspotChangeQueue")
public class HubSpotChangeQueue {

    /** Why a record is queued. */
    public enum Reason {
        /** a HubSpot webhook named it */
        CHANGED,
        /** an admin asked for it (panel refresh, dead-letter replay): synced even if this version was synced before */
        FORCED
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ConnectorProperties.Retry retry;

    public HubSpotChangeQueue(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, ConnectorProperties props) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.retry = props.retry();
    }

    /** Stores the records (in one transaction: all or none, so a failed delivery is retried whole by HubSpot). */
    public void add(List<ChangedRecord> changed) {
        add(changed, Reason.CHANGED);
    }

    public void add(List<ChangedRecord> changed, Reason reason) {
        OffsetDateTime now = now();
        boolean forced = reason == Reason.FORCED;
        tx.executeWithoutResult(status -> {
            for (ChangedRecord c : changed) {
                // PostgreSQL's upsert form; H2 accepts it in PostgreSQL mode
                int inserted = jdbc.update("""
                        INSERT INTO hubspot_change (object_type, record_id, received_at, forced) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""", c.objectType(), c.recordId(), now, forced);
                if (inserted == 0) {
                    // queued already, maybe being read right now: it stays for the next round, due at once
                    jdbc.update("""
                            UPDATE hubspot_change SET received_at = ?, forced = (forced OR ?), next_attempt_at = NULL
                            WHERE object_type = ? AND record_id = ?""", now, forced, c.objectType(), c.recordId());
                }
            }
        });
    }

    /** The claimed rows (as the route's query reads them) as typed changes. */
    public List<ChangedRecord> changes(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> new ChangedRecord(String.valueOf(value(r, "object_type")), String.valueOf(value(r, "record_id")),
                Boolean.TRUE.equals(value(r, "forced")))).toList();
    }

    private static Object value(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v != null ? v : row.get(column.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * A record that failed transiently (after the API calls' own retries): queued to be tried again later under the
     * one retry policy (connector.retry.later-*). False when its tries are used up: it becomes a dead letter.
     */
    public boolean tryLater(String objectType, HubSpotRecord record, String error) {
        return tryLater(objectType, record.id(), error);
    }

    /** As {@link #tryLater(String, HubSpotRecord, String)}, for a record known by its id only (its read failed). */
    public boolean tryLater(String objectType, String recordId, String error) {
        Integer tried = jdbc.query("SELECT attempts FROM hubspot_change WHERE object_type = ? AND record_id = ?",
                (rs, n) -> rs.getInt(1), objectType, recordId).stream().findFirst().orElse(0);
        if (tried >= retry.laterAttempts()) {
            jdbc.update("DELETE FROM hubspot_change WHERE object_type = ? AND record_id = ?", objectType, recordId);
            return false;
        }
        OffsetDateTime now = now();
        OffsetDateTime due = now.plus(retry.laterDelay(tried + 1));
        String shortError = error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error;
        tx.executeWithoutResult(status -> {
            int inserted = jdbc.update("""
                    INSERT INTO hubspot_change (object_type, record_id, received_at, forced, attempts, next_attempt_at, last_error)
                    VALUES (?, ?, ?, TRUE, 1, ?, ?) ON CONFLICT DO NOTHING""", objectType, recordId, now, due, shortError);
            if (inserted == 0) {
                jdbc.update("UPDATE hubspot_change SET forced = TRUE, attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE object_type = ? AND record_id = ?",
                        due, shortError, objectType, recordId);
            }
        });
        return true;
    }

    /** When the rows of a round that failed as a whole (HubSpot unreachable, say) are due again. */
    public OffsetDateTime nextRoundAt() {
        return now().plus(retry.laterBackoff());
    }

    /** How many records wait (taken or not). */
    public int waiting() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change", Integer.class);
        return n == null ? 0 : n;
    }

    /** When the longest-waiting change of this object type arrived (empty: nothing waits): the item's HubSpot → Jira lag. */
    public Optional<Instant> oldestWaiting(String objectType) {
        OffsetDateTime oldest = jdbc.queryForObject("SELECT MIN(received_at) FROM hubspot_change WHERE object_type = ?", OffsetDateTime.class, objectType);
        return Optional.ofNullable(oldest).map(OffsetDateTime::toInstant);
    }

    /** Whether this record is still queued (an admin waiting for a refresh to be done). */
    public boolean queued(String objectType, String recordId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change WHERE object_type = ? AND record_id = ?", Integer.class,
                objectType, recordId) > 0;
    }

    /**
     * Waits (at most {@code limit}) until hubspot-changes is done with a queued record: an admin's refresh or replay
     * answers after the sync, not before. False when it is still queued (it will be synced; the answer says so).
     */
    public boolean awaitDone(String objectType, String recordId, java.time.Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (queued(objectType, recordId)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
