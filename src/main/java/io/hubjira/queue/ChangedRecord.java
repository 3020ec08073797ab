package io.hubjira.queue;

/**
 * A HubSpot record to sync: the HubSpot connection (portal) it belongs to, the object type ("deals") and the record id;
 * {@code forced} when an admin asked for it (refresh, replay), so it is synced even if this version was synced before.
 * The same record id in two portals is two records.
 */
public record ChangedRecord(long hubspotConnectionId, String objectType, String recordId, boolean forced) {

    public ChangedRecord(long hubspotConnectionId, String objectType, String recordId) {
        this(hubspotConnectionId, objectType, recordId, false);
    }
}
