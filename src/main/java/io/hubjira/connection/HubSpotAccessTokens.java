package io.hubjira.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.connection.HubSpotConnection.AuthType;
import io.hubjira.hubspot.HubSpotCredentialsChanged;
import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.hubspot.HubSpotOAuthClient;
import io.hubjira.hubspot.HubSpotTokenSource;
import io.hubjira.hubspot.OAuthTokens;
import io.hubjira.secret.SecretMasker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The saved HubSpot connection as the HubSpot client calls with it: its portal and its access token, an OAuth token
 * refreshed through {@link HubSpotOAuthClient} before it expires ({@code connector.hubspot.oauth.refresh-skew}).
 * Keeps the row in memory; {@link HubSpotConnectionService} saves and removes it through here.
 */
@Component
public class HubSpotAccessTokens implements HubSpotTokenSource {

    private static final Logger log = LoggerFactory.getLogger(HubSpotAccessTokens.class);

    private final ConnectionStore store;
    private final HubSpotOAuthClient oauth;
    private final ConnectorProperties props;
    private final Clock clock;
    private final Supplier<Optional<HubSpotConnection>> read;
    private final RecheckedRow<HubSpotConnection> row;

    /** The first connection of the list: what a connector with one portal calls with. */
    @Autowired
    public HubSpotAccessTokens(ConnectionStore store, HubSpotOAuthClient oauth, ConnectorProperties props, Clock clock, ApplicationEventPublisher events) {
        this(store, store::findHubSpot, oauth, props, clock, events);
    }

    /** The connection with this id, while it is active. */
    HubSpotAccessTokens(ConnectionStore store, long connectionId, HubSpotOAuthClient oauth, ConnectorProperties props, Clock clock,
                        ApplicationEventPublisher events) {
        this(store, () -> store.findHubSpot(connectionId).filter(HubSpotConnection::active), oauth, props, clock, events);
    }

    private HubSpotAccessTokens(ConnectionStore store, Supplier<Optional<HubSpotConnection>> read, HubSpotOAuthClient oauth,
                                ConnectorProperties props, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.read = read;
        this.oauth = oauth;
        this.props = props;
        this.clock = clock;
        // another instance connected another portal: what this one cached of the earlier portal goes
        this.row = new RecheckedRow<>(read, HubSpotConnection::portalId,
                now -> events.publishEvent(new HubSpotCredentialsChanged(now == null ? 0 : now.id(), now == null ? null : now.portalId())),
                clock, props.sync().connectionRecheck());
    }

    public Optional<HubSpotConnection> current() {
        return row.get();
    }

    /** What this instance holds is stale: a save or a revoke of this connection was just made here. */
    void forget() {
        row.set(read.get().orElse(null));
    }

    /** Refreshes the OAuth access token when it expires within the configured skew; a no-op for static tokens. */
    public synchronized boolean refreshIfExpiring() {
        Optional<HubSpotConnection> current = read.get();
        if (current.isEmpty() || current.get().authType() != AuthType.OAUTH) {
            return false;
        }
        HubSpotConnection c = current.get();
        if (c.accessTokenExpiresAt() != null && c.accessTokenExpiresAt().isAfter(clock.instant().plus(refreshSkew()))) {
            row.set(c);
            return false;
        }
        OAuthTokens tokens = oauth.refresh(String.valueOf(c.portalId()), c.oauthClientId(), c.oauthClientSecret(), c.oauthRedirectUri(),
                c.refreshToken());
        SecretMasker.register(tokens.accessToken());
        // HubSpot may rotate the refresh token: always keep the newest one it hands out
        String refreshToken = tokens.refreshToken() == null || tokens.refreshToken().isBlank() ? c.refreshToken() : tokens.refreshToken();
        SecretMasker.register(refreshToken);
        Instant expiresAt = clock.instant().plusSeconds(tokens.expiresIn() == null ? 1800 : tokens.expiresIn());
        store.updateHubSpotTokens(c.id(), tokens.accessToken(), refreshToken, expiresAt);
        row.set(c.withTokens(tokens.accessToken(), refreshToken, expiresAt));
        log.info("HubSpot OAuth access token refreshed; valid until {}", expiresAt);
        return true;
    }

    @Override
    public String accessToken() {
        HubSpotConnection c = current().orElseThrow(HubSpotNotConnectedException::new);
        if (c.authType() == AuthType.OAUTH && c.accessTokenExpiresAt() != null
                && !c.accessTokenExpiresAt().isAfter(clock.instant().plus(refreshSkew()))) {
            refreshIfExpiring();
            c = current().orElseThrow(HubSpotNotConnectedException::new);
        }
        return c.accessToken();
    }

    private Duration refreshSkew() {
        return props.hubspot().oauth().refreshSkew();
    }

    @Override
    public String account() {
        return current().map(c -> String.valueOf(c.portalId())).orElse("unconnected");
    }

    @Override
    public Optional<Long> portalId() {
        return current().map(HubSpotConnection::portalId);
    }
}
