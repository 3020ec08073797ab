package io.hubjira.hubspot;

/** No HubSpot connection is configured yet, so no HubSpot call can be made. */
public class HubSpotNotConnectedException extends RuntimeException {

    public HubSpotNotConnectedException() {
        super("HubSpot connection not configured: save a Portal ID and Private App Token (or complete OAuth) first");
    }
}
