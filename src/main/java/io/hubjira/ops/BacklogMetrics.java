package io.hubjira.ops;

import io.hubjira.queue.HubSpotChangeQueue;
import io.hubjira.queue.JiraEventQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What is waiting, for operators' dashboards and alerts (read from the database at each scrape, so every instance
 * reports the shared backlog): Jira events not yet processed, HubSpot records named by webhooks not yet synced, open
 * dead letters.
 */
@Component
public class BacklogMetrics {

    public BacklogMetrics(MeterRegistry registry, JdbcTemplate jdbc, JiraEventQueue inbox, HubSpotChangeQueue changes) {
        Gauge.builder("connector.jira.inbox.waiting", inbox::open)
                .description("Jira webhook events stored and not yet processed").register(registry);
        Gauge.builder("connector.hubspot.changes.waiting", changes::waiting)
                .description("HubSpot records named by webhooks and not yet synced").register(registry);
        Gauge.builder("connector.dead.letters.open", () -> count(jdbc, "SELECT COUNT(*) FROM dead_letter WHERE state = 'OPEN'"))
                .description("Dead letters waiting for a replay").register(registry);
    }

    private static Number count(JdbcTemplate jdbc, String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
