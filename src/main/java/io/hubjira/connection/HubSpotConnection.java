package io.hubjira.connection;

import java.time.Instant;

/** The stored HubSpot connection with its secrets decrypted (in memory only). toString never shows a secret. */
public record HubSpotConnection(
        AuthType authType,
        long portalId,
        Long appId,
        String uiDomain,
        String dataHostingLocation,
        String scopes,
        String accessToken,
        String refreshToken,
        Instant accessTokenExpiresAt,
        String oauthClientId,
        String oauthClientSecret,
        String oauthRedirectUri,
        Instant connectedAt) {

    public enum AuthType { PRIVATE_APP, OAUTH }

    public HubSpotConnection withTokens(String newAccessToken, String newRefreshToken, Instant newExpiry) {
        return new HubSpotConnection(authType, portalId, appId, uiDomain, dataHostingLocation, scopes, newAccessToken,
                newRefreshToken, newExpiry, oauthClientId, oauthClientSecret, oauthRedirectUri, connectedAt);
    }

    @Override
    public String toString() {
        return "HubSpotConnection[authType=" + authType + ", portalId=" + portalId + ", appId=" + appId + ", tokens=****]";
    }
}
