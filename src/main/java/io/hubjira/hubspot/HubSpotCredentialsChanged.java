package io.hubjira.hubspot;

/** A HubSpot credential was saved (its portal) or removed (null): whatever was read with the earlier one is stale. */
public record HubSpotCredentialsChanged(Long portalId) {}
