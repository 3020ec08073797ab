package io.hubjira.hubspottojira;

import io.hubjira.hubspot.HubSpotRecord;

/**
 * One HubSpot record version to sync for one item (the body of hubspot-record). {@code forced}: an admin asked for it
 * or a flow tries it again, so it is synced even if this version was synced before.
 */
public record RecordVersion(long itemId, HubSpotRecord record, boolean forced) {}
