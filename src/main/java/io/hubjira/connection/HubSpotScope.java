package io.hubjira.connection;

import io.hubjira.catalog.HubSpotMetadata;
import io.hubjira.catalog.HubSpotObjectCatalog;
import io.hubjira.hubspot.HubSpotClient;

/**
 * One HubSpot connection as the sync calls it: its portal, the host its record pages live on (app-eu1 for EU portals),
 * its own client (tokens, rate budget) and its own metadata cache. Nothing of one portal is reached through another's.
 */
public record HubSpotScope(long connectionId, String name, long portalId, String uiDomain, HubSpotClient client, HubSpotMetadata metadata) {

    public String recordUrl(String objectType, String recordId) {
        return HubSpotObjectCatalog.recordUrl(uiDomain, portalId, objectType, recordId);
    }
}
