package io.hubjira.ops;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component "routes": DOWN, naming them, when a flow that started with the connector is not running (stopped
 * from JMX, failed, or gone), so an operator sees at once that the poll or the inbox has stopped syncing.
 */
@Component("routes")
public class RoutesHealthIndicator implements HealthIndicator, CamelContextConfiguration {

    private final CamelContext camel;
    private volatile Set<String> expected = Set.of();

    public RoutesHealthIndicator(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // nothing before the routes start
    }

    /** The routes running once the connector has started are the ones it must keep running. */
    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        Set<String> ids = new TreeSet<>();
        camelContext.getRoutes().forEach(r -> ids.add(r.getRouteId()));
        expected = Set.copyOf(ids);
    }

    @Override
    public Health health() {
        Map<String, String> notRunning = new TreeMap<>();
        for (String id : expected) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            if (status == null || !status.isStarted()) {
                notRunning.put(id, status == null ? "missing" : status.name());
            }
        }
        Health.Builder health = notRunning.isEmpty() ? Health.up() : Health.down().withDetail("notRunning", notRunning);
        return health.withDetail("expected", List.copyOf(expected).size()).build();
    }
}
