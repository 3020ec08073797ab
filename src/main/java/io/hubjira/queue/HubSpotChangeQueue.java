package io.hubjira.queue;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.hubspot.HubSpotRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The HubSpot records waiting to be synced (route hubspot-changes takes them), per HubSpot connection (the same record
 * id in two portals is two rows): those HubSpot webhooks named, those an
 * admin asked to sync now (refresh, replay: forced, so a version synced before is synced again) and those a flow
 * tries again later. One row per record however often it is named; a record named again while it is being worked on
 * stays queued for the next round, so no change is absorbed by the round already reading it.
 * <p>
 * A round claims up to 500 due rows with a fencing token of its own ({@link QueueClaim}); on PostgreSQL the candidate
 * rows are picked {@code FOR UPDATE SKIP LOCKED}, so instances pass over each other. A record is synced only while
 * {@link #stillHeld} proves the round still holds its row, and the round settles only the rows it still holds, so an
 * instance that stalled past its lease writes nothing for records another instance took over.
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

    private static final Logger log = LoggerFactory.getLogger(HubSpotChangeQueue.class);
    private static final int ROUND_SIZE = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ConnectorProperties.Retry retry;
    private final WorkClaims claims;

    public HubSpotChangeQueue(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, ConnectorProperties props, WorkClaims claims) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.retry = props.retry();
        this.claims = claims;
    }

    /** One round of the queue: the records it claimed, oldest first, and the claim they are held under. */
    public record ClaimedChanges(QueueClaim claim, List<ChangedRecord> changes) {
        public ClaimedChanges {
            changes = List.copyOf(changes);
        }
    }

    /** Claims up to 500 due rows nobody holds (or whose holder's lease ran out), oldest first. */
    public ClaimedChanges claim() {
        QueueClaim round = claims.newRound();
        jdbc.update("UPDATE hubspot_change SET claimed_by = ?, claimed_until = ?, claim_token = ?"
                + " WHERE (hubspot_connection_id, object_type, record_id) IN (SELECT hubspot_connection_id, object_type, record_id FROM hubspot_change"
                + " WHERE (claimed_until IS NULL OR claimed_until < ?) AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                + " ORDER BY received_at LIMIT " + ROUND_SIZE + claims.rowLock() + ")",
                round.worker(), round.until(), round.token(), round.now(), round.now());
        List<ChangedRecord> changes = jdbc.query("SELECT hubspot_connection_id, object_type, record_id, forced FROM hubspot_change"
                + " WHERE claimed_by = ? AND claim_token = ? ORDER BY received_at",
                (rs, n) -> new ChangedRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)), round.worker(), round.token());
        return new ClaimedChanges(round, changes);
    }

    /**
     * Fencing before a record's remote writes: true while the round still holds the record's row under its token (its
     * lease is renewed); false when its lease ran out and another instance took the row over.
     */
    public boolean stillHeld(QueueClaim round, long hubspotConnectionId, String objectType, String recordId) {
        boolean held = jdbc.update("UPDATE hubspot_change SET claimed_until = ?"
                + " WHERE hubspot_connection_id = ? AND object_type = ? AND record_id = ? AND claimed_by = ? AND claim_token = ?",
                claims.leaseEnd(), hubspotConnectionId, objectType, recordId, round.worker(), round.token()) == 1;
        if (!held) {
            claims.refused("hubspot_change", 1);
            log.warn("HubSpot {} {} was taken over by another worker (this one's lease ran out): it is not synced here", objectType, recordId);
        }
        return held;
    }

    /**
     * The round is done: its rows are removed, except those named again while it ran (they stay, due at once) and
     * those a flow queued to be tried later. Rows another instance took over meanwhile are left to it.
     */
    public void settle(QueueClaim round) {
        jdbc.update("DELETE FROM hubspot_change WHERE claimed_by = ? AND claim_token = ? AND received_at <= ?"
                + " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)", round.worker(), round.token(), round.now(), round.now());
        release(round);
    }

    /** The round failed as a whole (HubSpot unreachable, say): its rows are tried again after connector.retry.later-backoff. */
    public void roundFailed(QueueClaim round, Exception failure) {
        String error = failure == null ? null : String.valueOf(failure.getMessage());
        log.warn("Queued HubSpot changes not synced now ({}); they are tried again later", error);
        jdbc.update("UPDATE hubspot_change SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE claimed_by = ? AND claim_token = ?",
                error == null || error.length() <= 2000 ? error : error.substring(0, 2000), now().plus(retry.laterBackoff()), round.worker(), round.token());
        release(round);
    }

    private void release(QueueClaim round) {
        jdbc.update("UPDATE hubspot_change SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND claim_token = ?",
                round.worker(), round.token());
    }

    /** The heartbeat: renews the rows this instance's rounds hold. */
    public int renew() {
        return jdbc.update("UPDATE hubspot_change SET claimed_until = ? WHERE claimed_by = ?", claims.leaseEnd(), claims.worker());
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
                        INSERT INTO hubspot_change (hubspot_connection_id, object_type, record_id, received_at, forced) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""", c.hubspotConnectionId(), c.objectType(), c.recordId(), now, forced);
                if (inserted == 0) {
                    // queued already, maybe being read right now: it stays for the next round, due at once
                    jdbc.update("""
                            UPDATE hubspot_change SET received_at = ?, forced = (forced OR ?), next_attempt_at = NULL
                            WHERE hubspot_connection_id = ? AND object_type = ? AND record_id = ?""", now, forced, c.hubspotConnectionId(),
                            c.objectType(), c.recordId());
                }
            }
        });
    }

    /**
     * A record that failed transiently (after the API calls' own retries): queued to be tried again later under the
     * one retry policy (connector.retry.later-*). False when its tries are used up: it becomes a dead letter.
     */
    public boolean tryLater(long hubspotConnectionId, String objectType, HubSpotRecord record, String error) {
        return tryLater(hubspotConnectionId, objectType, record.id(), error);
    }

    /** As {@link #tryLater(long, String, HubSpotRecord, String)}, for a record known by its id only (its read failed). */
    public boolean tryLater(long hubspotConnectionId, String objectType, String recordId, String error) {
        Integer tried = jdbc.query("SELECT attempts FROM hubspot_change WHERE hubspot_connection_id = ? AND object_type = ? AND record_id = ?",
                (rs, n) -> rs.getInt(1), hubspotConnectionId, objectType, recordId).stream().findFirst().orElse(0);
        if (tried >= retry.laterAttempts()) {
            jdbc.update("DELETE FROM hubspot_change WHERE hubspot_connection_id = ? AND object_type = ? AND record_id = ?", hubspotConnectionId,
                    objectType, recordId);
            return false;
        }
        OffsetDateTime now = now();
        OffsetDateTime due = now.plus(retry.laterDelay(tried + 1));
        String shortError = error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error;
        tx.executeWithoutResult(status -> {
            int inserted = jdbc.update("""
                    INSERT INTO hubspot_change (hubspot_connection_id, object_type, record_id, received_at, forced, attempts, next_attempt_at, last_error)
                    VALUES (?, ?, ?, ?, TRUE, 1, ?, ?) ON CONFLICT DO NOTHING""", hubspotConnectionId, objectType, recordId, now, due, shortError);
            if (inserted == 0) {
                jdbc.update("UPDATE hubspot_change SET forced = TRUE, attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                        + " WHERE hubspot_connection_id = ? AND object_type = ? AND record_id = ?", due, shortError, hubspotConnectionId, objectType, recordId);
            }
        });
        return true;
    }

    /** How many records wait (taken or not). */
    public int waiting() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change", Integer.class);
        return n == null ? 0 : n;
    }

    /**
     * When the longest-waiting change of this object type in this HubSpot connection's portal arrived (empty: nothing
     * waits): the item's HubSpot → Jira lag.
     */
    public Optional<Instant> oldestWaiting(long hubspotConnectionId, String objectType) {
        OffsetDateTime oldest = jdbc.queryForObject("SELECT MIN(received_at) FROM hubspot_change WHERE hubspot_connection_id = ? AND object_type = ?",
                OffsetDateTime.class, hubspotConnectionId, objectType);
        return Optional.ofNullable(oldest).map(OffsetDateTime::toInstant);
    }

    /** Whether this record is still queued (an admin waiting for a refresh to be done). */
    public boolean queued(ChangedRecord record) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change WHERE hubspot_connection_id = ? AND object_type = ? AND record_id = ?",
                Integer.class, record.hubspotConnectionId(), record.objectType(), record.recordId()) > 0;
    }

    /**
     * Waits (at most {@code limit}) until hubspot-changes is done with a queued record: an admin's refresh or replay
     * answers after the sync, not before. False when it is still queued (it will be synced; the answer says so).
     */
    public boolean awaitDone(ChangedRecord record, java.time.Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (queued(record)) {
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
