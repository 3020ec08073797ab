package io.hubjira.connection;

import java.time.Instant;

/** The stored HubSpot connection with its secrets decrypted (in memory only). toString never shows a secret. */
public record HubSpotConnection(
        AuthType authType,
        TokenKind tokenKind,
        long portalId,
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

    /** A token the admin pasted (it never expires on its own), or OAuth (30-minute access tokens, refreshed). */
    public enum AuthType { STATIC_TOKEN, OAUTH }

    /**
     * What a static token is, as the admin declared it (HubSpot's answers do not tell): a Service Key (account-level,
     * no webhooks), a project-based app's static token (webhooks possible), a legacy private app token (unsupported
     * from September 2027), or not said.
     */
    public enum TokenKind {
        SERVICE_KEY("Service Key", false),
        PROJECT_APP("project app static token", true),
        PRIVATE_APP("legacy private app token", true),
        OAUTH("OAuth public app", true),
        UNSPECIFIED("token (kind not declared)", true);

        private final String label;
        private final boolean webhooks;

        TokenKind(String label, boolean webhooks) {
            this.label = label;
            this.webhooks = webhooks;
        }

        public String label() {
            return label;
        }

        /** Whether an app behind this kind of credential can send HubSpot webhooks (Service Keys cannot). */
        public boolean supportsWebhooks() {
            return webhooks;
        }
    }

    public HubSpotConnection withTokens(String newAccessToken, String newRefreshToken, Instant newExpiry) {
        return new HubSpotConnection(authType, tokenKind, portalId, uiDomain, dataHostingLocation, scopes, newAccessToken,
                newRefreshToken, newExpiry, oauthClientId, oauthClientSecret, oauthRedirectUri, connectedAt);
    }

    @Override
    public String toString() {
        return "HubSpotConnection[authType=" + authType + ", kind=" + tokenKind + ", portalId=" + portalId + ", tokens=****]";
    }
}
