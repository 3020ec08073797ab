package io.hubjira.ops;

import java.time.Clock;
import java.time.Duration;

import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.HubSpotConnectionService;
import io.hubjira.http.ApiException;
import io.hubjira.hubspot.HubSpotClient;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health component "hubspot": is the connected portal reachable with the stored token (checked at most once a minute). */
@Component("hubspot")
public class HubSpotHealthIndicator implements HealthIndicator {

    private final HubSpotConnectionService connections;
    private final HubSpotClient client;
    private final CachedProbe probe;

    public HubSpotHealthIndicator(HubSpotConnectionService connections, HubSpotClient client, Clock clock) {
        this.connections = connections;
        this.client = client;
        this.probe = new CachedProbe(Duration.ofSeconds(60), clock);
    }

    @Override
    public Health health() {
        var connection = connections.current();
        if (connection.isEmpty()) {
            probe.invalidate();
            return Health.unknown().withDetail("connected", false).withDetail("reason", "HubSpot connection not configured").build();
        }
        HubSpotConnection c = connection.get();
        return probe.get(() -> {
            try {
                long portal = client.accountDetails(connections.accessToken()).path("portalId").asLong();
                return Health.up().withDetail("connected", true).withDetail("portalId", portal).withDetail("baseUrl", client.baseUrl()).build();
            } catch (ApiException e) {
                return Health.down().withDetail("connected", true).withDetail("portalId", c.portalId()).withDetail("error", e.getMessage()).build();
            }
        });
    }
}
