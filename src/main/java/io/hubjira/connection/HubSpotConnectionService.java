package io.hubjira.connection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.connection.HubSpotConnection.AuthType;
import io.hubjira.connection.HubSpotConnection.TokenKind;
import io.hubjira.http.ApiBaseUrls;
import io.hubjira.http.ApiException;
import io.hubjira.hubspot.AccountDetails;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotOAuthClient;
import io.hubjira.hubspot.OAuthTokens;
import io.hubjira.hubspot.ReadProbe;
import io.hubjira.secret.SecretMasker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Connects, describes and revokes the HubSpot portal. A static token (a Service Key, a project app's static token, or
 * a legacy private app token) is validated by what HubSpot answers with it, never by its prefix:
 * {@code account-info details} names its portal, and a read of every object the items use (notes too when comments or
 * attachments sync) proves the scopes they need — a missing scope is named before anything is saved. OAuth 2.0 public
 * apps: an install {@code state} checked when the code comes back ({@link OAuthInstallStates}), code exchange, refresh
 * before expiry, refresh-token rotation. Nothing is sent while HUBSPOT_BASE_URL breaks a rule of
 * {@link ApiBaseUrls#hubspotApi}. Connecting publishes
 * {@link io.hubjira.hubspot.HubSpotCredentialsChanged}, so cached metadata of an earlier credential is dropped at once.
 * The connection it saves is what {@link HubSpotAccessTokens} hands the HubSpot client.
 */
@Service
public class HubSpotConnectionService {

    static final String ACCOUNT_NOT_FOUND = "HubSpot answered 404 for the account details of this credential. Check the "
            + "HubSpot API base URL (%s). Some EU private app tokens (pat-eu1-) answer 404 here: rotate such a token in HubSpot "
            + "and save the connection again with the new one. Also check that the Portal ID is the EU account's Hub ID.";
    private static final Logger log = LoggerFactory.getLogger(HubSpotConnectionService.class);
    /** The rate account of a credential whose portal is not known yet (an OAuth answer that names none). */
    private static final String UNKNOWN_PORTAL = "unconnected";

    private final ConnectionStore store;
    private final HubSpotAccessTokens saved;
    private final HubSpotClient hubspot;
    private final HubSpotOAuthClient oauth;
    private final ConnectorProperties props;
    private final HubSpotReadNeeds readNeeds;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final OAuthInstallStates installStates;
    private final ConnectionScopes connectionScopes;
    private final LinkedItems linkedItems;

    public HubSpotConnectionService(ConnectionStore store, HubSpotAccessTokens saved, HubSpotClient hubspot, HubSpotOAuthClient oauth,
                                    ConnectorProperties props, HubSpotReadNeeds readNeeds, ApplicationEventPublisher events, Clock clock,
                                    OAuthInstallStates installStates, ConnectionScopes scopes, LinkedItems linkedItems) {
        this.store = store;
        this.saved = saved;
        this.hubspot = hubspot;
        this.oauth = oauth;
        this.props = props;
        this.readNeeds = readNeeds;
        this.events = events;
        this.clock = clock;
        this.installStates = installStates;
        this.connectionScopes = scopes;
        this.linkedItems = linkedItems;
    }

    /** Why HUBSPOT_BASE_URL is refused (422 naming the setting and the rule), if it is. */
    public Optional<ConnectionProblem> baseUrlProblem() {
        try {
            ApiBaseUrls.hubspotApi("HUBSPOT_BASE_URL", hubspot.baseUrl(), props.http().allowLoopbackBaseUrls());
            return Optional.empty();
        } catch (ApiBaseUrls.Refused refused) {
            return Optional.of(ConnectionProblem.of(refused));
        }
    }

    private void requireValidBaseUrl() {
        baseUrlProblem().ifPresent(refused -> {
            throw refused;
        });
    }

    // ---- static tokens -------------------------------------------------------------------------------------------------

    /**
     * Connects with a token an admin pasted. {@code kindText}: SERVICE_KEY, PROJECT_APP or PRIVATE_APP as the admin
     * knows it (optional: a token of a kind the connector does not know works if HubSpot accepts it).
     */
    public HubSpotConnection connectToken(String portalIdText, String token, String kindText) {
        return connectToken(ConnectionTarget.first(), portalIdText, token, kindText);
    }

    /** Connects with a pasted token into {@code target} (the first connection, an existing one, or a new one). */
    public HubSpotConnection connectToken(ConnectionTarget target, String portalIdText, String token, String kindText) {
        HubSpotConnection existing = existing(target);
        if (token == null || token.isBlank()) {
            throw new ConnectionProblem(400, "token_required", "token", "The HubSpot token is required (a Service Key, or the access token "
                    + "of a project-based app or legacy private app).");
        }
        long portalId = parsePortalId(portalIdText);
        TokenKind kind = tokenKind(kindText);
        requireSamePortalWhileLinked(existing, portalId);
        requireValidBaseUrl();
        String trimmedToken = token.trim();
        SecretMasker.register(trimmedToken);
        AccountDetails account = accountDetails(trimmedToken, portalId);
        if (account.portalId() != portalId) {
            throw new ConnectionProblem(422, "portal_mismatch", "portalId", "Portal ID " + portalId
                    + " does not match the Hub ID " + account.portalId() + " that this token belongs to.");
        }
        requireScopesItemsNeed(trimmedToken, existing, portalId);
        HubSpotConnection connection = save(target, existing, new HubSpotConnection(0, null, ConnectionState.ACTIVE, AuthType.STATIC_TOKEN, kind,
                portalId, account.uiDomain(), account.dataHostingLocation(), null, trimmedToken, null, null, null, null, null, null, null,
                clock.instant()));
        log.info("HubSpot portal {} connected with a {} as connection {}", portalId, kind.label(), connection.name());
        if (!kind.supportsWebhooks() && (notBlank(connection.webhookSecret()) || notBlank(props.hubspot().webhookSecret()))) {
            log.warn("HubSpot is connected with a Service Key, which cannot authenticate webhooks: HubSpot changes reach Jira through "
                    + "the scheduled poll unless a project app sends the webhooks (HUBSPOT_WEBHOOK_SECRET is that app's client secret)");
        }
        return connection;
    }

    // ---- OAuth 2.0 -------------------------------------------------------------------------------------------------------

    /** The HubSpot consent URL an admin opens to install the public app, and the state it carries. */
    public record AuthorizeUrl(String url, String state, Instant stateExpiresAt) {}

    /** The consent URL for {@code admin}: it carries a fresh {@code state}, issued to that admin for this client and redirect URI. */
    public AuthorizeUrl authorizeUrl(String admin, String clientId, String redirectUri, String scopes) {
        return authorizeUrl(ConnectionTarget.first(), admin, clientId, redirectUri, scopes);
    }

    /**
     * The consent URL of an install into {@code target} (the first connection, an existing one, or a new one by its
     * name): the state it carries remembers the target, so the code that comes back connects exactly that one.
     */
    public AuthorizeUrl authorizeUrl(ConnectionTarget target, String admin, String clientId, String redirectUri, String scopes) {
        existing(target);
        require(clientId, "clientId", "OAuth client id is required.");
        require(redirectUri, "redirectUri", "OAuth redirect URI is required.");
        require(scopes, "scopes", "OAuth scopes are required (space separated).");
        String consentPage;
        try {
            consentPage = ApiBaseUrls.browserPage("HUBSPOT_OAUTH_AUTHORIZE_URL", oauth.authorizeUrl(),
                    props.http().allowLoopbackBaseUrls());
        } catch (ApiBaseUrls.Refused refused) {
            throw ConnectionProblem.of(refused);
        }
        OAuthInstallStates.Issued issued = installStates.issue(admin, clientId.trim(), redirectUri.trim(), target);
        String url = consentPage + "?client_id=" + encode(clientId.trim()) + "&redirect_uri=" + encode(redirectUri.trim())
                + "&scope=" + encode(scopes.trim()) + "&state=" + encode(issued.state());
        return new AuthorizeUrl(url, issued.state(), issued.expiresAt());
    }

    /**
     * Exchanges the code HubSpot's redirect brought back, into the connection the install was started for. The
     * {@code state} that came with it must be one issued by {@link #authorizeUrl} to this same {@code admin} for this
     * client id and redirect URI, unused and unexpired; it is checked (and used up) before anything is sent to HubSpot.
     */
    public HubSpotConnection connectOAuth(String admin, String clientId, String clientSecret, String redirectUri, String code, String state,
                                          String expectedPortalId) {
        require(clientId, "clientId", "OAuth client id is required.");
        require(clientSecret, "clientSecret", "OAuth client secret is required.");
        require(redirectUri, "redirectUri", "OAuth redirect URI is required.");
        require(code, "code", "The authorization code from HubSpot's redirect is required.");
        Long expected = expectedPortalId == null || expectedPortalId.isBlank() ? null : parsePortalId(expectedPortalId);
        requireValidBaseUrl();
        ConnectionTarget target = installStates.redeem(state, admin, clientId.trim(), redirectUri.trim());
        HubSpotConnection existing = existing(target);
        SecretMasker.register(clientSecret.trim());
        OAuthTokens tokens;
        try {
            tokens = oauth.exchangeCode(existing == null ? "unconnected" : String.valueOf(existing.portalId()), clientId.trim(), clientSecret.trim(), redirectUri.trim(), code.trim());
        } catch (HubSpotApiException e) {
            throw new ConnectionProblem(422, "oauth_code_rejected", "code", "HubSpot rejected the authorization code ("
                    + e.status() + (e.hubspotMessage() == null ? "" : ": " + e.hubspotMessage())
                    + "). Codes are single-use and short-lived: start the install again to get a new one.");
        } catch (ApiException e) {
            throw unreachable(e);
        }
        SecretMasker.register(tokens.accessToken());
        SecretMasker.register(tokens.refreshToken());
        if (tokens.refreshToken() == null || tokens.refreshToken().isBlank()) {
            throw new ConnectionProblem(502, "oauth_bad_answer", null, "HubSpot's token endpoint answered without a refresh token.");
        }
        // the portal the token answer names, else the one the admin expects: its budget pays for the check
        Long named = tokens.hubId() != null ? tokens.hubId() : expected;
        AccountDetails account = accountDetails(tokens.accessToken(), named);
        if (expected != null && expected != account.portalId()) {
            throw new ConnectionProblem(422, "portal_mismatch", "portalId", "Portal ID " + expected
                    + " does not match the Hub ID " + account.portalId() + " that authorized the app.");
        }
        requireSamePortalWhileLinked(existing, account.portalId());
        requireScopesItemsNeed(tokens.accessToken(), existing, account.portalId());
        Instant expiresAt = clock.instant().plusSeconds(tokens.expiresIn() == null ? 1800 : tokens.expiresIn());
        String scopes = tokens.scopes() == null ? null : String.join(" ", tokens.scopes());
        HubSpotConnection connection = save(target, existing, new HubSpotConnection(0, null, ConnectionState.ACTIVE, AuthType.OAUTH,
                TokenKind.OAUTH, account.portalId(), account.uiDomain(), account.dataHostingLocation(), scopes, tokens.accessToken(),
                tokens.refreshToken(), expiresAt, clientId.trim(), clientSecret.trim(), redirectUri.trim(), null, null, clock.instant()));
        log.info("HubSpot portal {} connected through OAuth (client {}) as connection {}", account.portalId(), clientId.trim(),
                connection.name());
        return connection;
    }

    /**
     * Refreshes the OAuth access token of every active OAuth connection that expires within the configured skew, each
     * through the token source its client calls with; static tokens have nothing to refresh. A connection whose refresh
     * fails is logged and tried again at the next run; the others are refreshed all the same. True when any was.
     */
    public boolean refreshIfExpiring() {
        Long first = store.firstHubSpot().map(HubSpotConnection::id).orElse(null);
        boolean refreshed = false;
        for (HubSpotConnection c : store.hubSpotConnections()) {
            if (!c.active() || c.authType() != AuthType.OAUTH) {
                continue;
            }
            try {
                refreshed |= (first != null && first == c.id()) ? saved.refreshIfExpiring() : connectionScopes.tokens(c.id()).refreshIfExpiring();
            } catch (RuntimeException e) {
                log.warn("The OAuth access token of HubSpot connection {} (portal {}) was not refreshed ({}); it is tried again at the next "
                        + "run, the other connections are refreshed as usual", c.name(), c.portalId(), e.getMessage());
            }
        }
        return refreshed;
    }

    // ---- state -----------------------------------------------------------------------------------------------------------

    public Optional<HubSpotConnection> current() {
        return saved.current();
    }

    /** The first connection of the list (the one the start-up settings and the single-connection paths manage), active or revoked. */
    public Optional<HubSpotConnection> first() {
        return store.firstHubSpot();
    }

    /** Every HubSpot connection, active and revoked, oldest first. */
    public List<HubSpotConnection> connections() {
        return store.hubSpotConnections();
    }

    public Optional<HubSpotConnection> connection(long id) {
        return store.findHubSpot(id);
    }

    /** Revokes the first connection (the single-connection API path). */
    public boolean revoke() {
        return store.firstHubSpot().map(c -> revoke(c.id())).orElse(false);
    }

    /**
     * Revokes a connection: its OAuth refresh token is revoked at HubSpot, its tokens are erased, and its items stop
     * while their links, values and queues stay for a reconnect. False when it was not active.
     */
    public boolean revoke(long id) {
        Optional<HubSpotConnection> existing = store.findHubSpot(id).filter(HubSpotConnection::active);
        if (existing.isEmpty()) {
            return false;
        }
        HubSpotConnection c = existing.get();
        if (c.authType() == AuthType.OAUTH && c.refreshToken() != null) {
            try {
                oauth.revokeRefreshToken(String.valueOf(c.portalId()), c.oauthClientId(), c.oauthClientSecret(), c.refreshToken());
            } catch (ApiException e) {
                log.warn("HubSpot did not confirm the refresh token revocation ({}); the connection is revoked anyway", e.getMessage());
            }
        }
        store.revokeHubSpot(id);
        saved.forget();
        events.publishEvent(new io.hubjira.hubspot.HubSpotCredentialsChanged(id, null));
        log.info("HubSpot connection {} (portal {}) revoked", c.name(), c.portalId());
        return true;
    }

    /**
     * Sets the client secret of the app whose webhooks this portal sends, and the URL they are signed for (blank: none).
     * A revoked connection stays revoked.
     */
    public HubSpotConnection setWebhook(long id, String secret, String url) {
        requireValidWebhookUrl(url);
        HubSpotConnection c = store.findHubSpot(id).orElseThrow(() -> unknownConnection(id));
        String newSecret = secret == null || secret.isBlank() ? null : secret.trim();
        SecretMasker.register(newSecret);
        store.updateHubSpotWebhook(id, newSecret, url == null || url.isBlank() ? null : url.trim());
        saved.forget();
        events.publishEvent(new io.hubjira.hubspot.HubSpotCredentialsChanged(id, c.active() ? c.portalId() : null));
        return store.findHubSpot(id).orElseThrow(() -> unknownConnection(id));
    }

    /**
     * A webhook URL must be the absolute http(s) URL configured in HubSpot (it is part of the signature); blank means
     * none. 400 naming the field otherwise.
     */
    public static void requireValidWebhookUrl(String url) {
        if (url == null || url.isBlank()) {
            return;
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new ConnectionProblem(400, "invalid_webhook_url", "webhookUrl", "webhookUrl must be the absolute http(s) URL the HubSpot "
                    + "app's webhooks are sent to, exactly as configured in HubSpot (e.g. https://connector.example.com/webhooks/hubspot); got '"
                    + abbreviate(url.trim()) + "'.");
        }
    }

    /** Gives a connection another name (409 when another connection has it); its state, items and links stay. */
    public HubSpotConnection rename(long id, String name) {
        String newName = ConnectionTarget.added(name).name();
        HubSpotConnection c = store.findHubSpot(id).orElseThrow(() -> unknownConnection(id));
        if (newName.equals(c.name())) {
            return c;
        }
        if (store.findHubSpotByName(newName).isPresent()) {
            throw nameTaken(newName);
        }
        try {
            store.renameHubSpot(id, newName);
        } catch (DuplicateKeyException raced) {
            throw nameTaken(newName);
        }
        events.publishEvent(new io.hubjira.hubspot.HubSpotCredentialsChanged(id, c.active() ? c.portalId() : null));
        log.info("HubSpot connection {} renamed to {}", c.name(), newName);
        return store.findHubSpot(id).orElseThrow(() -> unknownConnection(id));
    }

    /** Where a connection's webhook secret comes from, and the secret. */
    public record WebhookSecret(String from, String secret) {
        @Override
        public String toString() {
            return "WebhookSecret[from=" + from + ", secret=****]";
        }
    }

    /**
     * The secret this connection's webhooks are verified with, as the HubSpot intake takes it: its own ("connection"),
     * else for the first connection {@code connector.hubspot.webhook-secret} ("HUBSPOT_WEBHOOK_SECRET"), else for an
     * OAuth public app its client secret ("OAuth client secret").
     */
    public Optional<WebhookSecret> webhookSecret(HubSpotConnection c) {
        if (notBlank(c.webhookSecret())) {
            return Optional.of(new WebhookSecret("connection", c.webhookSecret()));
        }
        if (isFirst(c) && notBlank(props.hubspot().webhookSecret())) {
            return Optional.of(new WebhookSecret("HUBSPOT_WEBHOOK_SECRET", props.hubspot().webhookSecret().trim()));
        }
        if (c.authType() == AuthType.OAUTH && notBlank(c.oauthClientSecret())) {
            return Optional.of(new WebhookSecret("OAuth client secret", c.oauthClientSecret()));
        }
        return Optional.empty();
    }

    /**
     * The URL this connection's webhooks are signed for as configured in HubSpot: its own, else for the first connection
     * {@code connector.hubspot.webhook-url} (HUBSPOT_WEBHOOK_URL); empty: the URL the request reached.
     */
    public Optional<String> webhookUrl(HubSpotConnection c) {
        if (notBlank(c.webhookUrl())) {
            return Optional.of(c.webhookUrl());
        }
        return isFirst(c) && notBlank(props.hubspot().webhookUrl()) ? Optional.of(props.hubspot().webhookUrl().trim()) : Optional.empty();
    }

    /** Whether this is the first connection of the list (the one the start-up settings and the single-connection paths manage). */
    public boolean isFirst(HubSpotConnection c) {
        return store.firstHubSpot().map(HubSpotConnection::id).filter(id -> id == c.id()).isPresent();
    }

    private static ConnectionProblem nameTaken(String name) {
        return new ConnectionProblem(409, "name_taken", "name", "A HubSpot connection named '" + name + "' exists already.");
    }

    /** The saved connection a connect into {@code target} replaces, checked before HubSpot is asked anything. */
    private HubSpotConnection existing(ConnectionTarget target) {
        return switch (target.kind()) {
            case FIRST -> store.firstHubSpot().orElse(null);
            case EXISTING -> store.findHubSpot(target.id()).orElseThrow(() -> unknownConnection(target.id()));
            case NEW -> {
                if (store.findHubSpotByName(target.name()).isPresent()) {
                    throw nameTaken(target.name());
                }
                yield null;
            }
        };
    }

    public static ConnectionProblem unknownConnection(long id) {
        return new ConnectionProblem(404, "unknown_connection", "id", "There is no HubSpot connection with id " + id + ".");
    }

    /**
     * A connection whose items have linked records stays on its portal: those links name the old portal's record ids,
     * which in another portal are other records (409). With nothing linked an admin may still correct the portal.
     */
    private void requireSamePortalWhileLinked(HubSpotConnection existing, long portalId) {
        if (existing == null || existing.portalId() == portalId) {
            return;
        }
        int linked = linkedItems.linkedItemsOfHubSpot(existing.id());
        if (linked > 0) {
            throw new ConnectionProblem(409, "connection_bound_elsewhere", "portalId", "HubSpot connection '" + existing.name()
                    + "' is bound to portal " + existing.portalId() + " and " + linked + " of its Smart Connected Items have linked records "
                    + "there; the new credentials belong to portal " + portalId + ", where those record ids are other records. Nothing "
                    + "was saved: connect portal " + portalId + " as a new connection (POST /api/connections/hubspot) and create items "
                    + "for it.");
        }
    }

    private HubSpotConnection save(ConnectionTarget target, HubSpotConnection existing, HubSpotConnection connected) {
        HubSpotConnection toSave;
        if (existing != null) {
            // a reconnect keeps the row (its id binds the secrets), the name and the webhook settings
            toSave = connected.saved(existing.id(), existing.name()).withWebhook(existing.webhookSecret(), existing.webhookUrl());
        } else {
            String name = target.kind() == ConnectionTarget.Kind.NEW ? target.name() : "hubspot-" + connected.portalId();
            toSave = connected.saved(0, name);
        }
        HubSpotConnection stored;
        try {
            stored = store.saveHubSpot(toSave);
        } catch (DuplicateKeyException raced) {
            throw nameTaken(toSave.name());
        }
        saved.forget();
        events.publishEvent(new io.hubjira.hubspot.HubSpotCredentialsChanged(stored.id(), stored.portalId()));
        return stored;
    }

    // ---- validation ------------------------------------------------------------------------------------------------------

    /**
     * The portal behind a credential being connected, asked under the budget of {@code portalId}, the portal being
     * connected (null while unknown: the budget of no connected portal), never under the first connection's portal.
     */
    private AccountDetails accountDetails(String token, Long portalId) {
        try {
            return hubspot.accountDetails(token, portalId == null ? UNKNOWN_PORTAL : String.valueOf(portalId));
        } catch (HubSpotApiException e) {
            if (e.status() == 401) {
                throw new ConnectionProblem(422, "invalid_token", "token", "HubSpot rejected the token (401"
                        + (e.category() == null ? "" : " " + e.category()) + "): check that the whole token was copied "
                        + "and that the Service Key or app still exists.");
            }
            if (e.isMissingScopes()) {
                throw new ConnectionProblem(422, "missing_scopes", "token", "The credential is missing the HubSpot scopes "
                        + String.join(", ", e.requiredScopes()) + " (account details need them to name the portal). Add them in HubSpot "
                        + "and save the connection again.", e.requiredScopes());
            }
            if (e.status() == 404) {
                throw new ConnectionProblem(422, "account_not_found", "token", ACCOUNT_NOT_FOUND.formatted(hubspot.baseUrl()));
            }
            if (e.retryable()) {
                throw unreachable(e);
            }
            throw new ConnectionProblem(422, "token_not_accepted", "token", "HubSpot did not accept the token: " + e.getMessage());
        } catch (ApiException e) {
            throw unreachable(e);
        }
    }

    /**
     * Every object the saved items read (their own object, notes when comments or attachments sync, the associated
     * record types they show) must be readable with the new credential: otherwise 422 naming each missing scope and
     * the item that needs it, and the previous connection stays.
     */
    private void requireScopesItemsNeed(String token, HubSpotConnection existing, long portalId) {
        Map<String, List<String>> neededBy = readNeeds.objectsNeeded(existing == null ? 0 : existing.id());
        Set<String> missingScopes = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (var need : neededBy.entrySet()) {
            ReadProbe probe;
            try {
                probe = hubspot.probeRead(need.getKey(), token, String.valueOf(portalId));
            } catch (ApiException e) {
                throw unreachable(e);
            }
            if (!probe.readable()) {
                missingScopes.addAll(probe.missingScopes());
                problems.add(need.getKey() + " for " + String.join(", ", need.getValue())
                        + (probe.missingScopes().isEmpty() ? " (" + probe.problem() + ")" : " (add " + String.join(", ", probe.missingScopes()) + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConnectionProblem(422, "missing_scopes", "token", "The credential cannot read what the Smart Connected Items need: "
                    + String.join("; ", problems) + ". Add the scopes in HubSpot and save the connection again; the previous "
                    + "connection is kept.", new ArrayList<>(missingScopes));
        }
    }

    private static TokenKind tokenKind(String text) {
        if (text == null || text.isBlank()) {
            return TokenKind.UNSPECIFIED;
        }
        try {
            TokenKind kind = TokenKind.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
            if (kind == TokenKind.OAUTH) {
                throw new IllegalArgumentException();
            }
            return kind;
        } catch (IllegalArgumentException e) {
            throw new ConnectionProblem(400, "invalid_token_kind", "kind", "kind must be SERVICE_KEY, PROJECT_APP or PRIVATE_APP (or "
                    + "left out); got '" + abbreviate(text.trim()) + "'. OAuth apps connect through the OAuth flow.");
        }
    }

    private ConnectionProblem unreachable(ApiException e) {
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

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
