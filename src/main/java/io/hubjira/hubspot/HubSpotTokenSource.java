package io.hubjira.hubspot;

/** Supplies a valid HubSpot access token for API calls (private app token, or an OAuth token refreshed as needed). */
@FunctionalInterface
public interface HubSpotTokenSource {

    /** @throws HubSpotNotConnectedException when no HubSpot connection is configured */
    String accessToken();

    /** The HubSpot account (portal id) whose rate budget the calls spend; "unconnected" before a portal is connected. */
    default String account() {
        return "unconnected";
    }

    /** The portal the token belongs to, when known. */
    default java.util.Optional<Long> portalId() {
        return java.util.Optional.empty();
    }
}
