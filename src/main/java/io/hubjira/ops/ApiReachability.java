package io.hubjira.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.hubjira.http.ApiException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health of one external API: UNKNOWN while it is not connected (saying how to connect it), else UP or DOWN by one
 * authenticated call, made at most once a minute so health checks do not spend the API's rate limit.
 */
final class ApiReachability implements HealthIndicator {

    /** One authenticated call; its answer's details, or an {@link ApiException} when the API cannot be used. */
    @FunctionalInterface
    interface Probe {
        Map<String, Object> call();
    }

    private final String notConfigured;
    private final Supplier<Optional<Map<String, Object>>> connection;
    private final Probe probe;
    private final CachedProbe cache;

    /**
     * @param notConfigured what to say (and do) while there is no connection
     * @param connection    the connection's details, or empty when not connected
     */
    ApiReachability(String notConfigured, Supplier<Optional<Map<String, Object>>> connection, Probe probe, Clock clock) {
        this.notConfigured = notConfigured;
        this.connection = connection;
        this.probe = probe;
        this.cache = new CachedProbe(Duration.ofSeconds(60), clock);
    }

    @Override
    public Health health() {
        Optional<Map<String, Object>> connected = connection.get();
        if (connected.isEmpty()) {
            cache.invalidate();
            return Health.unknown().withDetail("connected", false).withDetail("reason", notConfigured).build();
        }
        return cache.get(() -> {
            try {
                return Health.up().withDetail("connected", true).withDetails(connected.get()).withDetails(probe.call()).build();
            } catch (ApiException e) {
                return Health.down().withDetail("connected", true).withDetails(connected.get()).withDetail("error", e.getMessage()).build();
            }
        });
    }
}
