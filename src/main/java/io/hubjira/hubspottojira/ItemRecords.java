package io.hubjira.hubspottojira;

import java.util.List;

import io.hubjira.hubspot.HubSpotRecord;

/** Records (as HubSpot's batch read answers them) to run through one item's per-record sync. */
public final class ItemRecords {

    private final long itemId;
    private final List<HubSpotRecord> records;

    public ItemRecords(long itemId, List<HubSpotRecord> records) {
        this.itemId = itemId;
        this.records = List.copyOf(records);
    }

    public long getItemId() {
        return itemId;
    }

    public List<HubSpotRecord> getRecords() {
        return records;
    }
}
