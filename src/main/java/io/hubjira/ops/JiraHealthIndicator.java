package io.hubjira.ops;

import java.time.Clock;
import java.time.Duration;

import io.hubjira.connection.JiraConnection;
import io.hubjira.connection.JiraConnectionService;
import io.hubjira.http.ApiException;
import io.hubjira.jira.JiraClient;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health component "jira": is the connected site reachable with the stored credentials (checked at most once a minute). */
@Component("jira")
public class JiraHealthIndicator implements HealthIndicator {

    private final JiraConnectionService connections;
    private final JiraClient client;
    private final CachedProbe probe;

    public JiraHealthIndicator(JiraConnectionService connections, JiraClient client, Clock clock) {
        this.connections = connections;
        this.client = client;
        this.probe = new CachedProbe(Duration.ofSeconds(60), clock);
    }

    @Override
    public Health health() {
        var connection = connections.current();
        if (connection.isEmpty()) {
            probe.invalidate();
            return Health.unknown().withDetail("connected", false).withDetail("reason", "Jira connection not configured").build();
        }
        JiraConnection c = connection.get();
        return probe.get(() -> {
            try {
                String accountId = client.myself(c.credentials()).path("accountId").asText();
                return Health.up().withDetail("connected", true).withDetail("site", c.baseUrl()).withDetail("accountId", accountId).build();
            } catch (ApiException e) {
                return Health.down().withDetail("connected", true).withDetail("site", c.baseUrl()).withDetail("error", e.getMessage()).build();
            }
        });
    }
}
