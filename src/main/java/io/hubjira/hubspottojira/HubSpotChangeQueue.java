package io.hubjira.hubspottojira;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import io.hubjira.storage.RowLocks;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The records HubSpot webhooks named, stored until hubspot-webhook-sync takes them: one row per record (a record named
 * again while waiting stays one row), taken oldest first and removed as they are taken, by any instance.
 */
@Repository("hubspotChangeQueue")
public class HubSpotChangeQueue {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final String lockClause;

    public HubSpotChangeQueue(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, DataSource dataSource) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.lockClause = RowLocks.takeClause(dataSource);
    }

    /** Stores the records (in one transaction: all or none, so a failed delivery is retried whole by HubSpot). */
    public void add(List<ChangedRecord> changed) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        tx.executeWithoutResult(status -> {
            for (ChangedRecord c : changed) {
                // PostgreSQL's upsert form; H2 accepts it in PostgreSQL mode
                jdbc.update("INSERT INTO hubspot_change (object_type, record_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        c.objectType(), c.recordId(), now);
            }
        });
    }

    /** Takes up to max waiting records, oldest first; they leave the queue (the poll covers a batch that then fails). */
    public List<ChangedRecord> take(int max) {
        return tx.execute(status -> {
            List<ChangedRecord> taken = jdbc.query("SELECT object_type, record_id FROM hubspot_change ORDER BY received_at LIMIT ?" + lockClause,
                    (rs, n) -> new ChangedRecord(rs.getString(1), rs.getString(2)), max);
            for (ChangedRecord c : taken) {
                jdbc.update("DELETE FROM hubspot_change WHERE object_type = ? AND record_id = ?", c.objectType(), c.recordId());
            }
            return taken;
        });
    }

    public int waiting() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change", Integer.class);
    }
}
