package io.hubjira.ops;

import io.hubjira.audit.AuditLog.Direction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The sync's own counters, each with its help text. Reads and real changes are counted apart: the poll re-reads the
 * records of its overlap window on every run, which says nothing about how much actually changed.
 */
@Component("syncMetrics")
public class SyncMetrics {

    private final MeterRegistry meters;

    public SyncMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Records one poll read from HubSpot, re-reads of the overlap window included. */
    public void recordsRead(long itemId, long count) {
        Counter.builder("connector.poll.records.read")
                .description("HubSpot records the poll read, re-reads of the overlap window included")
                .tag("item", String.valueOf(itemId)).register(meters).increment(count);
    }

    /** A record version the connector had not synced before (each version counted once, however often it is read). */
    public void newRecordVersion(long itemId) {
        Counter.builder("connector.sync.record.versions")
                .description("HubSpot record versions synced for the first time (re-reads and replays of a version are not counted)")
                .tag("item", String.valueOf(itemId)).register(meters).increment();
    }

    /** Mapped fields really written to the other side (a value that changed), per direction. */
    public void fieldsChanged(Direction direction, long itemId, int fields) {
        change(direction, itemId, "field", fields);
    }

    private void change(Direction direction, long itemId, String kind, int count) {
        Counter.builder("connector.sync.changes")
                .description("Mapped fields the connector wrote because their value changed, per direction; re-reads, echoes and"
                        + " unchanged values are not counted")
                .tag("direction", direction.name().toLowerCase())
                .tag("item", String.valueOf(itemId))
                .tag("kind", kind)
                .register(meters).increment(count);
    }
}
