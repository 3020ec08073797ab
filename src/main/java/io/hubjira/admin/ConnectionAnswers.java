package io.hubjira.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.HubSpotConnectionService;
import io.hubjira.connection.JiraConnection;
import io.hubjira.connection.JiraConnectionService;
import io.hubjira.item.ItemRepository;
import io.hubjira.jira.JiraClient;
import io.hubjira.ops.ConnectionHealth;
import io.hubjira.ops.ConnectionUsage;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A connection as the admin API answers it: what it is (id, name, state, portal or site), its health, the webhook URL
 * the connector expects its deliveries at and whether a webhook secret is set (never the secret), how many items bind
 * it, and its API usage against its limits. No answer ever carries a token or a secret. The connector's public base
 * URL is the one the admin reached it at (behind a proxy, with SERVER_FORWARD_HEADERS_STRATEGY=native, the public one).
 */
@Component
class ConnectionAnswers {

    /** How an answer tells the connection's health: probed (at most once a minute), or validated by the save it answers. */
    enum Health { PROBED, JUST_VALIDATED }

    private final HubSpotConnectionService hubspot;
    private final JiraConnectionService jira;
    private final ConnectionHealth health;
    private final ConnectionUsage usage;
    private final ItemRepository items;

    ConnectionAnswers(HubSpotConnectionService hubspot, JiraConnectionService jira, ConnectionHealth health, ConnectionUsage usage,
                      ItemRepository items) {
        this.hubspot = hubspot;
        this.jira = jira;
        this.health = health;
        this.usage = usage;
        this.items = items;
    }

    List<Map<String, Object>> hubspotList() {
        Map<Long, Integer> bound = items.countByHubSpotConnection();
        List<HubSpotConnection> all = hubspot.connections();
        return all.stream().map(c -> hubspot(c, Health.PROBED, bound, sharing(all, c, x -> String.valueOf(x.portalId()), HubSpotConnection::name, HubSpotConnection::active)))
                .toList();
    }

    List<Map<String, Object>> jiraList() {
        Map<Long, Integer> bound = items.countByJiraConnection();
        List<JiraConnection> all = jira.connections();
        return all.stream().map(c -> jira(c, Health.PROBED, bound, sharing(all, c, x -> JiraClient.rateAccount(x.baseUrl()), JiraConnection::name, JiraConnection::active))).toList();
    }

    Map<String, Object> hubspot(HubSpotConnection c, Health how) {
        List<HubSpotConnection> all = hubspot.connections();
        return hubspot(c, how, items.countByHubSpotConnection(), sharing(all, c, x -> String.valueOf(x.portalId()), HubSpotConnection::name, HubSpotConnection::active));
    }

    Map<String, Object> jira(JiraConnection c, Health how) {
        List<JiraConnection> all = jira.connections();
        return jira(c, how, items.countByJiraConnection(), sharing(all, c, x -> JiraClient.rateAccount(x.baseUrl()), JiraConnection::name, JiraConnection::active));
    }

    private Map<String, Object> hubspot(HubSpotConnection c, Health how, Map<Long, Integer> bound, List<String> sharedWith) {
        Map<String, Object> s = identity(c.id(), c.name(), c.state().name(), hubspot.isFirst(c));
        s.putAll(describe(c));
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("url", hubspot.webhookUrl(c).orElseGet(() -> publicBase() + "/webhooks/hubspot"));
        webhook.put("urlFrom", notBlank(c.webhookUrl()) ? "connection" : hubspot.webhookUrl(c).isPresent() ? "HUBSPOT_WEBHOOK_URL" : null);
        Optional<HubSpotConnectionService.WebhookSecret> secret = hubspot.webhookSecret(c);
        webhook.put("secretSet", secret.isPresent());
        webhook.put("secretFrom", secret.map(HubSpotConnectionService.WebhookSecret::from).orElse(null));
        s.put("webhook", webhook);
        s.put("health", health(how == Health.JUST_VALIDATED && c.active() ? health.validatedNow() : health.hubspot(c)));
        s.put("items", bound.getOrDefault(c.id(), 0));
        s.put("usage", usage(usage.hubspot(c), sharedWith));
        return s;
    }

    private Map<String, Object> jira(JiraConnection c, Health how, Map<Long, Integer> bound, List<String> sharedWith) {
        Map<String, Object> s = identity(c.id(), c.name(), c.state().name(), jira.isFirst(c));
        s.putAll(describe(c));
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("url", publicBase() + "/webhooks/jira/" + c.id());
        webhook.put("secretSet", jira.webhookSecret(c).isPresent());
        webhook.put("secretFrom", secretFrom(c.webhookSecret(), jira.webhookSecret(c).isPresent(), "JIRA_WEBHOOK_SECRET"));
        s.put("webhook", webhook);
        s.put("forgeInstallationId", c.forgeInstallationId());
        s.put("health", health(how == Health.JUST_VALIDATED && c.active() ? health.validatedNow() : health.jira(c)));
        s.put("items", bound.getOrDefault(c.id(), 0));
        s.put("usage", usage(usage.jira(c), sharedWith));
        return s;
    }

    /** The single-connection summary of a HubSpot connection, as the first connection's paths have always answered it. */
    static Map<String, Object> describe(HubSpotConnection c) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("connected", c.active());
        s.put("authType", c.authType().name());
        s.put("credential", Map.of("kind", c.tokenKind().name(), "label", c.tokenKind().label(),
                "declared", c.tokenKind() != HubSpotConnection.TokenKind.UNSPECIFIED,
                "webhooks", c.tokenKind().supportsWebhooks()));
        s.put("portalId", c.portalId());
        s.put("uiDomain", c.uiDomain());
        s.put("dataHostingLocation", c.dataHostingLocation());
        s.put("tokenStoredSecurely", c.active());
        s.put("token", c.active() ? "Token stored securely" : "Erased when the connection was revoked");
        s.put("connectedAt", iso(c.connectedAt()));
        if (c.authType() == HubSpotConnection.AuthType.OAUTH) {
            s.put("oauthClientId", c.oauthClientId());
            s.put("accessTokenExpiresAt", iso(c.accessTokenExpiresAt()));
            s.put("scopes", c.scopes());
        }
        return s;
    }

    /** The single-connection summary of a Jira connection, as the first connection's paths have always answered it. */
    static Map<String, Object> describe(JiraConnection c) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("connected", c.active());
        s.put("baseUrl", c.baseUrl());
        s.put("email", c.email());
        s.put("accountId", c.accountId());
        s.put("displayName", c.displayName());
        s.put("apiToken", c.active() ? "Token stored securely" : "Erased when the connection was revoked");
        s.put("connectedAt", iso(c.connectedAt()));
        return s;
    }

    private static Map<String, Object> identity(long id, String name, String state, boolean first) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("name", name);
        s.put("state", state);
        s.put("first", first);
        return s;
    }

    /** Where the secret comes from: the connection itself, the setting (the first connection), or nowhere (null). */
    private static String secretFrom(String own, boolean set, String setting) {
        if (notBlank(own)) {
            return "connection";
        }
        return set ? setting : null;
    }

    private static Map<String, Object> health(ConnectionHealth.Check check) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", check.status());
        h.put("checkedAt", iso(check.checkedAt()));
        if (check.error() != null) {
            h.put("error", check.error());
        }
        return h;
    }

    private static Map<String, Object> usage(ConnectionUsage.Usage u, List<String> sharedWith) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("budget", u.budget());
        m.put("sharedWith", sharedWith);
        m.put("callsLast10s", u.callsLast10s());
        m.put("callsLast60s", u.callsLast60s());
        m.put("lastCallAt", iso(u.lastCallAt()));
        m.put("limits", u.limits());
        return m;
    }

    /** The other active connections of the list spending the same budget (the same portal, the same site). */
    private static <C> List<String> sharing(List<C> all, C c, Function<C, String> account, Function<C, String> name, Predicate<C> active) {
        String mine = account.apply(c);
        return all.stream().filter(other -> active.test(other) && !name.apply(other).equals(name.apply(c)) && account.apply(other).equals(mine))
                .map(name).toList();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String publicBase() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
