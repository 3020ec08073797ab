package io.hubjira.hubspot;

/**
 * A HubSpot connection's credential was saved (its portal) or removed (null): whatever was read with the earlier one is
 * stale. {@code connectionId} is 0 when no saved connection is named (a connection being validated).
 */
public record HubSpotCredentialsChanged(long connectionId, Long portalId) {}
