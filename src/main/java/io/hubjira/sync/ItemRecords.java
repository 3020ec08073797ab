package io.hubjira.sync;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Records (as HubSpot's batch read answers them) to run through one item's per-record sync. */
public final class ItemRecords {

    private final long itemId;
    private final List<JsonNode> records;

    public ItemRecords(long itemId, List<JsonNode> records) {
        this.itemId = itemId;
        this.records = List.copyOf(records);
    }

    public long getItemId() {
        return itemId;
    }

    public List<JsonNode> getRecords() {
        return records;
    }
}
