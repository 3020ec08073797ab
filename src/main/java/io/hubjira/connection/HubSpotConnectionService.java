package io.hubjira.connection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiException;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.hubspot.HubSpotTokenSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

/**
 * Connects, describes and revokes the HubSpot portal: private-app token (validated against
 * {@code GET /account-info/v3/details}) or OAuth 2.0 for public apps (code exchange, refresh before expiry,
 * refresh-token rotation). Only a fully validated connection is ever saved, so a failed attempt leaves the
 * previous connection untouched.
 */
@Service
public class HubSpotConnectionService implements HubSpotTokenSource {

    static final String EU_TOKEN_RECOVERY = "HubSpot answered 404 while validating this pat-eu1- token. This happens with some EU "
            + "private app tokens: rotate the token in HubSpot (Settings > Integrations > Private Apps > your app > Auth > "
            + "Rotate) and save the connection again with the new token. Also check that the Portal ID is the EU account's Hub ID.";

    private static final Logger log = LoggerFactory.getLogger(HubSpotConnectionService.class);

    private final ConnectionStore store;
    private final HubSpotClient hubspot;
    private final ConnectorProperties props;
    private final Clock clock;
    private volatile HubSpotConnection cached;

    public HubSpotConnectionService(ConnectionStore store, @Lazy HubSpotClient hubspot, ConnectorProperties props, Clock clock) {
        this.store = store;
        this.hubspot = hubspot;
        this.props = props;
        this.clock = clock;
    }

    // ---- private app ---------------------------------------------------------------------------------------

    public HubSpotConnection connectPrivateApp(String portalIdText, String token) {
        if (token == null || token.isBlank()) {
            throw new ConnectionProblem(400, "token_required", "token", "Private App Token is required.");
        }
        long portalId = parsePortalId(portalIdText);
        String trimmedToken = token.trim();
        io.hubjira.secret.SecretMasker.register(trimmedToken);
        JsonNode account = accountDetails(trimmedToken, trimmedToken.startsWith("pat-eu1-"));
        long tokenHub = account.path("portalId").asLong();
        if (tokenHub != portalId) {
            throw new ConnectionProblem(422, "portal_mismatch", "portalId", "Portal ID " + portalId
                    + " does not match the Hub ID " + tokenHub + " that this private app token belongs to.");
        }
        HubSpotConnection connection = new HubSpotConnection(HubSpotConnection.AuthType.PRIVATE_APP, portalId,
                privateAppId(trimmedToken), text(account, "uiDomain"), text(account, "dataHostingLocation"), null,
                trimmedToken, null, null, null, null, null, clock.instant());
        store.saveHubSpot(connection);
        cached = connection;
        log.info("HubSpot portal {} connected with a private app token (app id {})", portalId, connection.appId());
        return connection;
    }

    // ---- OAuth 2.0 -------------------------------------------------------------------------------------------

    /** The HubSpot consent URL an admin opens to install the public app. */
    public String authorizeUrl(String clientId, String redirectUri, String scopes) {
        require(clientId, "clientId", "OAuth client id is required.");
        require(redirectUri, "redirectUri", "OAuth redirect URI is required.");
        require(scopes, "scopes", "OAuth scopes are required (space separated).");
        return props.hubspot().oauth().authorizeUrl() + "?client_id=" + encode(clientId.trim()) + "&redirect_uri="
                + encode(redirectUri.trim()) + "&scope=" + encode(scopes.trim());
    }

    public HubSpotConnection connectOAuth(String clientId, String clientSecret, String redirectUri, String code, String expectedPortalId) {
        require(clientId, "clientId", "OAuth client id is required.");
        require(clientSecret, "clientSecret", "OAuth client secret is required.");
        require(redirectUri, "redirectUri", "OAuth redirect URI is required.");
        require(code, "code", "The authorization code from HubSpot's redirect is required.");
        Long expected = expectedPortalId == null || expectedPortalId.isBlank() ? null : parsePortalId(expectedPortalId);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", clientId.trim());
        form.put("client_secret", clientSecret.trim());
        form.put("redirect_uri", redirectUri.trim());
        form.put("code", code.trim());
        JsonNode tokens;
        try {
            tokens = hubspot.oauthToken(form);
        } catch (HubSpotApiException e) {
            throw new ConnectionProblem(422, "oauth_code_rejected", "code", "HubSpot rejected the authorization code ("
                    + e.status() + (e.hubspotMessage() == null ? "" : ": " + e.hubspotMessage())
                    + "). Codes are single-use and short-lived: start the install again to get a new one.");
        } catch (ApiException e) {
            throw unreachable(e);
        }
        String accessToken = tokens.path("access_token").asText(null);
        String refreshToken = tokens.path("refresh_token").asText(null);
        io.hubjira.secret.SecretMasker.register(accessToken);
        io.hubjira.secret.SecretMasker.register(refreshToken);
        io.hubjira.secret.SecretMasker.register(clientSecret);
        if (accessToken == null || refreshToken == null) {
            throw new ConnectionProblem(502, "oauth_bad_answer", null, "HubSpot's token endpoint answered without access and refresh tokens.");
        }
        JsonNode account = accountDetails(accessToken, false);
        long portalId = account.path("portalId").asLong();
        if (expected != null && expected != portalId) {
            throw new ConnectionProblem(422, "portal_mismatch", "portalId", "Portal ID " + expected
                    + " does not match the Hub ID " + portalId + " that authorized the app.");
        }
        Instant expiresAt = clock.instant().plusSeconds(tokens.path("expires_in").asLong(1800));
        String scopes = tokens.has("scopes") ? joinScopes(tokens.get("scopes")) : null;
        HubSpotConnection connection = new HubSpotConnection(HubSpotConnection.AuthType.OAUTH, portalId, null,
                text(account, "uiDomain"), text(account, "dataHostingLocation"), scopes, accessToken, refreshToken,
                expiresAt, clientId.trim(), clientSecret.trim(), redirectUri.trim(), clock.instant());
        store.saveHubSpot(connection);
        cached = connection;
        log.info("HubSpot portal {} connected through OAuth (client {})", portalId, clientId.trim());
        return connection;
    }

    /** Refreshes the OAuth access token when it expires within the configured skew; a no-op for private apps. */
    public synchronized boolean refreshIfExpiring() {
        Optional<HubSpotConnection> current = store.findHubSpot();
        if (current.isEmpty() || current.get().authType() != HubSpotConnection.AuthType.OAUTH) {
            return false;
        }
        HubSpotConnection c = current.get();
        Duration skew = props.hubspot().oauth().refreshSkew();
        if (c.accessTokenExpiresAt() != null && c.accessTokenExpiresAt().isAfter(clock.instant().plus(skew))) {
            cached = c;
            return false;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", c.oauthClientId());
        form.put("client_secret", c.oauthClientSecret());
        form.put("redirect_uri", c.oauthRedirectUri());
        form.put("refresh_token", c.refreshToken());
        JsonNode tokens = hubspot.oauthToken(form);
        String accessToken = tokens.path("access_token").asText();
        io.hubjira.secret.SecretMasker.register(accessToken);
        // HubSpot may rotate the refresh token: always keep the newest one it hands out
        String refreshToken = tokens.path("refresh_token").asText(c.refreshToken());
        Instant expiresAt = clock.instant().plusSeconds(tokens.path("expires_in").asLong(1800));
        store.updateHubSpotTokens(accessToken, refreshToken, expiresAt);
        cached = c.withTokens(accessToken, refreshToken, expiresAt);
        log.info("HubSpot OAuth access token refreshed; valid until {}", expiresAt);
        return true;
    }

    // ---- state ---------------------------------------------------------------------------------------------

    public Optional<HubSpotConnection> current() {
        HubSpotConnection c = cached;
        if (c == null) {
            c = store.findHubSpot().orElse(null);
            cached = c;
        }
        return Optional.ofNullable(c);
    }

    public boolean revoke() {
        Optional<HubSpotConnection> existing = store.findHubSpot();
        if (existing.isEmpty()) {
            return false;
        }
        HubSpotConnection c = existing.get();
        if (c.authType() == HubSpotConnection.AuthType.OAUTH && c.refreshToken() != null) {
            try {
                hubspot.revokeRefreshToken(c.refreshToken());
            } catch (ApiException e) {
                log.warn("HubSpot did not confirm the refresh token revocation ({}); the connection is removed anyway", e.getMessage());
            }
        }
        store.deleteHubSpot();
        cached = null;
        log.info("HubSpot portal {} disconnected", c.portalId());
        return true;
    }

    @Override
    public String accessToken() {
        HubSpotConnection c = current().orElseThrow(HubSpotNotConnectedException::new);
        if (c.authType() == HubSpotConnection.AuthType.OAUTH && c.accessTokenExpiresAt() != null
                && !c.accessTokenExpiresAt().isAfter(clock.instant().plus(props.hubspot().oauth().refreshSkew()))) {
            refreshIfExpiring();
            c = current().orElseThrow(HubSpotNotConnectedException::new);
        }
        return c.accessToken();
    }

    /** Forgets the in-memory copy (another instance may have changed the row). */
    public void evictCache() {
        cached = null;
    }

    // ---- validation helpers --------------------------------------------------------------------------------

    private JsonNode accountDetails(String token, boolean euToken) {
        try {
            return hubspot.accountDetails(token);
        } catch (HubSpotApiException e) {
            if (e.status() == 401) {
                throw new ConnectionProblem(422, "invalid_token", "token", "HubSpot rejected the token (401"
                        + (e.category() == null ? "" : " " + e.category()) + "): check that the whole token was copied "
                        + "and that the private app still exists.");
            }
            if (e.isMissingScopes()) {
                throw new ConnectionProblem(422, "missing_scopes", "token", "The private app is missing the HubSpot scopes "
                        + String.join(", ", e.requiredScopes()) + ". Add them to the private app in HubSpot and save the "
                        + "connection again.", e.requiredScopes());
            }
            if (e.status() == 404 && euToken) {
                throw new ConnectionProblem(422, "eu_token_not_found", "token", EU_TOKEN_RECOVERY);
            }
            if (e.status() == 404) {
                throw new ConnectionProblem(422, "account_not_found", "token", "HubSpot answered 404 for the account details "
                        + "of this token; check the HubSpot API base URL (" + hubspot.baseUrl() + ") and the token.");
            }
            if (e.retryable()) {
                throw unreachable(e);
            }
            throw new ConnectionProblem(422, "token_not_accepted", "token", "HubSpot did not accept the token: " + e.getMessage());
        } catch (ApiException e) {
            throw unreachable(e);
        }
    }

    private Long privateAppId(String token) {
        try {
            JsonNode info = hubspot.privateAppTokenInfo(token);
            return info.hasNonNull("appId") ? info.get("appId").asLong() : null;
        } catch (ApiException e) {
            log.debug("private app id not available: {}", e.getMessage());
            return null;
        }
    }

    private static ConnectionProblem unreachable(ApiException e) {
        return new ConnectionProblem(502, "hubspot_unavailable", null,
                "HubSpot could not be reached or kept failing (" + e.getMessage() + "); nothing was saved, try again.");
    }

    static long parsePortalId(String text) {
        if (text == null || text.isBlank()) {
            throw new ConnectionProblem(400, "portal_id_required", "portalId", "HubSpot Portal ID is required (the numeric Hub ID, for example 12345678).");
        }
        String trimmed = text.trim();
        if (!trimmed.matches("\\d{1,18}")) {
            throw new ConnectionProblem(400, "invalid_portal_id", "portalId",
                    "HubSpot Portal ID must be numeric (the Hub ID, for example 12345678); got '" + abbreviate(trimmed) + "'.");
        }
        return Long.parseLong(trimmed);
    }

    private static void require(String value, String field, String message) {
        if (value == null || value.isBlank()) {
            throw new ConnectionProblem(400, field + "_required", field, message);
        }
    }

    private static String joinScopes(JsonNode scopes) {
        StringBuilder s = new StringBuilder();
        scopes.forEach(scope -> s.append(s.isEmpty() ? "" : " ").append(scope.asText()));
        return s.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
