package io.hubjira.queue;

/**
 * A HubSpot record to sync: the object type ("deals") and the record id; {@code forced} when an admin asked for it
 * (refresh, replay), so it is synced even if this version was synced before.
 */
public record ChangedRecord(String objectType, String recordId, boolean forced) {

    public ChangedRecord(String objectType, String recordId) {
        this(objectType, recordId, false);
    }
}
