package io.hubjira.hubspottojira;

import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.logging.LogSubject;

/**
 * One HubSpot record version to sync for one item (the body of hubspot-record). {@code forced}: an admin asked for it
 * or a flow tries it again, so it is synced even if this version was synced before.
 */
public record RecordVersion(long itemId, HubSpotRecord record, boolean forced) implements LogSubject {
    @Override
    public Object logItem() {
        return itemId;
    }

    @Override
    public String logRecord() {
        return record == null ? null : record.id();
    }
}
