package io.hubjira.connection;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.catalog.HubSpotMetadata;
import io.hubjira.catalog.JiraMetadata;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotCredentialsChanged;
import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.hubspot.HubSpotOAuthClient;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraCredentialsChanged;
import io.hubjira.jira.JiraNotConnectedException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The scope of every saved connection: a client and a metadata cache per connection, built on first use and dropped
 * when the connection is saved again or revoked (here or, within {@code connector.sync.connection-recheck}, on another
 * instance). The first connection of each list is served by the application's own client and metadata beans, so a
 * connector with one portal and one site runs exactly as before.
 */
@Component
public class ConnectionScopes {

    private final ConnectionStore store;
    private final HubSpotClient firstHubSpot;
    private final HubSpotMetadata firstHubSpotMetadata;
    private final JiraClient firstJira;
    private final JiraMetadata firstJiraMetadata;
    private final ApiCallExecutor executor;
    private final ObjectMapper json;
    private final Environment env;
    private final HubSpotOAuthClient oauth;
    private final ConnectorProperties props;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Map<Long, HubSpotScope> hubspot = new ConcurrentHashMap<>();
    private final Map<Long, JiraScope> jira = new ConcurrentHashMap<>();
    /** The token source each added connection's client calls with: the one its OAuth refresh must go through. */
    private final Map<Long, HubSpotAccessTokens> hubspotTokens = new ConcurrentHashMap<>();
    /** Counts the saves and revokes seen: a scope built from a row read before one of them is not kept. */
    private final AtomicLong hubspotChanges = new AtomicLong();
    private final AtomicLong jiraChanges = new AtomicLong();

    public ConnectionScopes(ConnectionStore store, HubSpotClient firstHubSpot, HubSpotMetadata firstHubSpotMetadata, JiraClient firstJira,
                            JiraMetadata firstJiraMetadata, ApiCallExecutor executor, ObjectMapper json, Environment env,
                            HubSpotOAuthClient oauth, ConnectorProperties props, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.firstHubSpot = firstHubSpot;
        this.firstHubSpotMetadata = firstHubSpotMetadata;
        this.firstJira = firstJira;
        this.firstJiraMetadata = firstJiraMetadata;
        this.executor = executor;
        this.json = json;
        this.env = env;
        this.oauth = oauth;
        this.props = props;
        this.clock = clock;
        this.events = events;
    }

    /** The scope of an active HubSpot connection, or {@link HubSpotNotConnectedException} when it is unknown or revoked. */
    public HubSpotScope hubspot(long connectionId) {
        return findHubSpot(connectionId).orElseThrow(HubSpotNotConnectedException::new);
    }

    public Optional<HubSpotScope> findHubSpot(long connectionId) {
        HubSpotScope known = hubspot.get(connectionId);
        if (known != null) {
            return Optional.of(known);
        }
        long seen = hubspotChanges.get();
        Optional<HubSpotConnection> row = store.findHubSpot(connectionId).filter(HubSpotConnection::active);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        HubSpotConnection c = row.get();
        HubSpotScope scope;
        if (isFirstHubSpot(connectionId)) {
            scope = new HubSpotScope(c.id(), c.name(), c.portalId(), c.uiDomain(), firstHubSpot, firstHubSpotMetadata);
        } else {
            HubSpotClient client = new HubSpotClient(executor, json, env, tokens(connectionId), props);
            client.setApplicationEventPublisher(events);
            scope = new HubSpotScope(c.id(), c.name(), c.portalId(), c.uiDomain(), client, new HubSpotMetadata(client, props));
        }
        HubSpotScope raced = hubspot.putIfAbsent(connectionId, scope);
        if (raced != null) {
            return Optional.of(raced);
        }
        if (hubspotChanges.get() != seen) {
            hubspot.remove(connectionId, scope); // saved or revoked meanwhile: the next use reads the row again
        }
        return Optional.of(scope);
    }

    /** The scope of an active Jira connection, or {@link JiraNotConnectedException} when it is unknown or revoked. */
    public JiraScope jira(long connectionId) {
        return findJira(connectionId).orElseThrow(JiraNotConnectedException::new);
    }

    public Optional<JiraScope> findJira(long connectionId) {
        JiraScope known = jira.get(connectionId);
        if (known != null) {
            return Optional.of(known);
        }
        long seen = jiraChanges.get();
        Optional<JiraConnection> row = store.findJira(connectionId).filter(JiraConnection::active);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        JiraConnection c = row.get();
        JiraScope scope;
        if (isFirstJira(connectionId)) {
            scope = new JiraScope(c.id(), c.name(), c.baseUrl(), c.accountId(), firstJira, firstJiraMetadata);
        } else {
            JiraClient client = new JiraClient(executor, json, new JiraSiteCredentials(store, connectionId, clock, props, events), props);
            scope = new JiraScope(c.id(), c.name(), c.baseUrl(), c.accountId(), client, new JiraMetadata(client, props));
        }
        JiraScope raced = jira.putIfAbsent(connectionId, scope);
        if (raced != null) {
            return Optional.of(raced);
        }
        if (jiraChanges.get() != seen) {
            jira.remove(connectionId, scope);
        }
        return Optional.of(scope);
    }

    /**
     * The token source of an added (not the first) connection, shared with its client: a refresh made through it is
     * serialized with the refresh its client may start itself, so a rotated refresh token is never spent twice.
     */
    HubSpotAccessTokens tokens(long connectionId) {
        return hubspotTokens.computeIfAbsent(connectionId, id -> new HubSpotAccessTokens(store, id, oauth, props, clock, events));
    }

    private boolean isFirstHubSpot(long connectionId) {
        return store.firstHubSpot().map(HubSpotConnection::id).filter(id -> id == connectionId).isPresent();
    }

    private boolean isFirstJira(long connectionId) {
        return store.firstJira().map(JiraConnection::id).filter(id -> id == connectionId).isPresent();
    }

    @EventListener
    public void hubSpotChanged(HubSpotCredentialsChanged changed) {
        hubspotChanges.incrementAndGet();
        if (changed.connectionId() == 0) {
            hubspot.clear();
            hubspotTokens.clear();
        } else {
            hubspot.remove(changed.connectionId());
            hubspotTokens.remove(changed.connectionId());
        }
    }

    @EventListener
    public void jiraChanged(JiraCredentialsChanged changed) {
        jiraChanges.incrementAndGet();
        if (changed.connectionId() == 0) {
            jira.clear();
        } else {
            jira.remove(changed.connectionId());
        }
    }
}
