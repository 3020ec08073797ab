package io.hubjira.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.hubjira.sandbox.SandboxCallLog;
import io.hubjira.support.SandboxTest;
import io.hubjira.support.TwoInstances;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL against the simulated HubSpot enforcing HubSpot's Free limits (100 requests per
 * rolling 10 s, 5 searches per second, 250,000 a day), each instance with its own budget object and HTTP client: both
 * take HubSpot changes from the shared queue, together asking for more than HubSpot's window allows (each alone would
 * send its own 100 per 10 s), and HubSpot never answers 429 because both spend the one budget in the database.
 */
class TwoInstancesRateBudgetTest {

    static final int RECORDS = 150;

    @Test
    void twoInstancesUnderHubSpotsFreeLimitsShareOneBudgetAndGetNo429() throws Exception {
        try (TwoInstances instances = TwoInstances.start("two_instances_budget", withQuickChangeQueue())) {
            SandboxCallLog calls = instances.bean(SandboxCallLog.class);
            instances.connectDemoPortalAndSite();
            Map<String, Object> item = SandboxTest.demoDealsItem();
            item.put("statusSync", false);
            instances.createItem(item);
            calls.clear();

            instances.backfillDealsWithFiles(RECORDS, "shared", Duration.ofMinutes(2));

            long firstCalls = instances.calls(instances.first, ApiName.HUBSPOT);
            long secondCalls = instances.calls(instances.second, ApiName.HUBSPOT);
            long limited = calls.calls("hubspot").stream().filter(c -> c.status() == 429).count();
            System.out.printf("two instances: HubSpot calls %d (first) + %d (second), 429s %d%n", firstCalls, secondCalls, limited);
            assertThat(limited).as("HubSpot's 429s").isZero();
            assertThat(count429(instances.first) + count429(instances.second)).isZero();
            // the work was really shared, and together it asked for more than one window: each alone would have sent it at once
            assertThat(Math.min(firstCalls, secondCalls)).as("HubSpot calls of the busier and the other instance: %d, %d", firstCalls, secondCalls)
                    .isGreaterThanOrEqualTo(20);
            long windowCalls = calls.calls("hubspot").stream().filter(c -> !c.path().startsWith("/_signed/") && !c.path().endsWith("/search")).count();
            assertThat(windowCalls).as("calls counted in HubSpot's 10-second window: more than one window holds").isGreaterThan(150);
        }
    }

    private static java.util.List<String> withQuickChangeQueue() {
        java.util.List<String> settings = new java.util.ArrayList<>(TwoInstances.HUBSPOT_FREE_LIMITS);
        settings.add("connector.hubspot.webhook-batch-window=200ms");
        return settings;
    }

    private static double count429(org.springframework.context.ConfigurableApplicationContext instance) {
        return instance.getBean(io.micrometer.core.instrument.MeterRegistry.class).find(ApiCallExecutor.CALLS_METRIC)
                .tag("api", "hubspot").tag("status", "429").counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }
}
