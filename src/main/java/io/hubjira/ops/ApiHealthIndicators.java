package io.hubjira.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import io.hubjira.connection.ConnectionStore;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.JiraConnection;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health components "hubspot" and "jira": is each connected portal or site reachable with its stored credential. The
 * component is UNKNOWN while no connection is active (saying how to connect one), DOWN when any active connection is,
 * else UP; its details are the first active connection's (as with a single portal and site) and every connection of
 * the list under {@code connections}, revoked ones shown as REVOKED. Each connection is probed at most once a minute
 * ({@link ConnectionHealth}).
 */
@Configuration
public class ApiHealthIndicators {

    @Bean("hubspot")
    HealthIndicator hubspotHealth(ConnectionStore store, ConnectionHealth health) {
        return () -> listHealth("HubSpot connection not configured: set HUBSPOT_PORTAL_ID and HUBSPOT_TOKEN, or PUT /api/connections/hubspot",
                "Every HubSpot connection is revoked: reconnect one with PUT /api/connections/hubspot/{id}, or add one with POST "
                        + "/api/connections/hubspot",
                store.hubSpotConnections(), HubSpotConnection::active, health::hubspot,
                c -> entry(c.id(), c.name(), c.state().name(), "portalId", c.portalId()));
    }

    @Bean("jira")
    HealthIndicator jiraHealth(ConnectionStore store, ConnectionHealth health) {
        return () -> listHealth("Jira connection not configured: set JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN, or PUT /api/connections/jira",
                "Every Jira connection is revoked: reconnect one with PUT /api/connections/jira/{id}, or add one with POST /api/connections/jira",
                store.jiraConnections(), JiraConnection::active, health::jira, c -> entry(c.id(), c.name(), c.state().name(), "site", c.baseUrl()));
    }

    static <C> Health listHealth(String notConfigured, String allRevoked, List<C> connections, Predicate<C> active,
                                 Function<C, ConnectionHealth.Check> check, Function<C, Map<String, Object>> describe) {
        List<Map<String, Object>> each = new ArrayList<>();
        ConnectionHealth.Check first = null;
        boolean anyDown = false;
        for (C c : connections) {
            ConnectionHealth.Check checked = check.apply(c);
            Map<String, Object> entry = describe.apply(c);
            entry.put("status", checked.status());
            if (checked.error() != null) {
                entry.put("error", checked.error());
            }
            each.add(entry);
            if (active.test(c)) {
                first = first == null ? checked : first;
                anyDown |= "DOWN".equals(checked.status());
            }
        }
        if (first == null) {
            Health.Builder unknown = Health.unknown().withDetail("connected", false)
                    .withDetail("reason", connections.isEmpty() ? notConfigured : allRevoked);
            return (connections.isEmpty() ? unknown : unknown.withDetail("connections", each)).build();
        }
        Health.Builder health = anyDown ? Health.down() : Health.up();
        health.withDetail("connected", true).withDetails(first.details());
        if (first.error() != null) {
            health.withDetail("error", first.error());
        }
        return health.withDetail("connections", each).build();
    }

    private static Map<String, Object> entry(long id, String name, String state, String key, Object value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("name", name);
        entry.put("state", state);
        entry.put(key, value);
        return entry;
    }
}
