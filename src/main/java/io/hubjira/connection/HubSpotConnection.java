package io.hubjira.connection;

import java.time.Instant;

/**
 * A HubSpot connection of the list with its secrets decrypted (in memory only). toString never shows a secret. An id of
 * 0 is a connection not saved yet; {@code webhookSecret} is the client secret of the app whose webhooks this portal
 * sends, {@code webhookUrl} the URL those webhooks are signed for.
 */
public record HubSpotConnection(
        long id,
        String name,
        ConnectionState state,
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
        String webhookSecret,
        String webhookUrl,
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
        return new HubSpotConnection(id, name, state, authType, tokenKind, portalId, uiDomain, dataHostingLocation, scopes, newAccessToken,
                newRefreshToken, newExpiry, oauthClientId, oauthClientSecret, oauthRedirectUri, webhookSecret, webhookUrl, connectedAt);
    }

    /** This connection as saved under {@code newId} and {@code newName}, active. */
    public HubSpotConnection saved(long newId, String newName) {
        return new HubSpotConnection(newId, newName, ConnectionState.ACTIVE, authType, tokenKind, portalId, uiDomain, dataHostingLocation,
                scopes, accessToken, refreshToken, accessTokenExpiresAt, oauthClientId, oauthClientSecret, oauthRedirectUri, webhookSecret,
                webhookUrl, connectedAt);
    }

    /** The same credentials with the webhook app's secret and signed URL set. */
    public HubSpotConnection withWebhook(String secret, String url) {
        return new HubSpotConnection(id, name, state, authType, tokenKind, portalId, uiDomain, dataHostingLocation, scopes, accessToken,
                refreshToken, accessTokenExpiresAt, oauthClientId, oauthClientSecret, oauthRedirectUri, secret, url, connectedAt);
    }

    public boolean active() {
        return state == ConnectionState.ACTIVE;
    }

    @Override
    public String toString() {
        return "HubSpotConnection[id=" + id + ", name=" + name + ", state=" + state + ", authType=" + authType + ", kind=" + tokenKind + ", portalId=" + portalId + ", tokens=****]";
    }
}
