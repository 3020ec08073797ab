package io.hubjira.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Benchmark, not a test: a 1,000-deal backfill against the simulated HubSpot enforcing HubSpot's Free limits (100
 * requests per rolling 10 s, 5 CRM searches per second; 429 when exceeded), with the connector's limiter at the same
 * numbers. Each deal has a note with a file, so copying the files makes HubSpot's limit the bound. Prints the 429s
 * received (target 0) and the wall time against the floor the limits allow (calls ÷ allowed rate; target ≤ 1.2 ×).
 * The simulated Jira enforces no limit (Jira Cloud's API-token limits are burst-based), so the Jira client runs at 100/s.
 * Run: mvn -B test -Dsurefire.excludedGroups= -Dgroups=benchmark -Dtest=RateLimitedBackfillBenchmark
 */
@Tag("benchmark")
@TestPropertySource(properties = {
        "connector.hubspot.rate-limit.requests-per-window=100",
        "connector.hubspot.rate-limit.window=10s",
        "connector.hubspot.rate-limit.search-per-second=5",
        "connector.jira.rate-limit.requests-per-second=100",
        "connector.sandbox.hubspot.rate-limit.requests-per-10s=100",
        "connector.sandbox.hubspot.rate-limit.searches-per-second=5"})
class RateLimitedBackfillBenchmark extends SandboxTest {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    ApiCallExecutor executor;

    @Test
    void backfillUnderHubSpotsFreeLimits() {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
        int records = Integer.getInteger("bench.records", 1_000);
        Instant base = Instant.now().minusSeconds(3600);
        for (int i = 0; i < records; i++) {
            var deal = hubspot.createAt("deals", Map.of("dealname", "Backfill deal " + i, "amount", String.valueOf(1000 + i),
                    "dealtype", "newbusiness", "dealstage", "appointmentscheduled"), base.plusMillis(i * 7L));
            var file = hubspot.storeFile("brief-" + i + ".txt", ("Brief for deal " + i).getBytes(), "PRIVATE", "/briefs");
            hubspot.addNote("deals", deal.id, "<p>Brief " + i + "</p>", null, List.of(file.id()));
        }
        Map<String, Object> item = demoDealsItem();
        item.put("statusSync", false);
        long itemId = createItem(item);
        calls.clear();
        long hubspotBefore = executor.callCount(ApiName.HUBSPOT);
        long jiraBefore = executor.callCount(ApiName.JIRA);
        long started = System.nanoTime();
        producer.requestBody("direct:hubspot-poll-item", itemId);
        producer.requestBody("direct:hubspot-notes-poll", (Object) null);
        double wall = (System.nanoTime() - started) / 1e9;
        long hubspotCalls = executor.callCount(ApiName.HUBSPOT) - hubspotBefore;
        long jiraCalls = executor.callCount(ApiName.JIRA) - jiraBefore;
        long searches = calls.count("hubspot", "POST", "/crm/objects/[^/]+/[^/]+/search");
        long downloads = calls.count("hubspot", "GET", "/_signed/.*");
        // signed-URL downloads are counted as HubSpot calls but are not API calls (no token, outside the limits)
        long limited = hubspotCalls - searches - downloads;
        long received429 = calls.calls("hubspot").stream().filter(c -> c.status() == 429).count();
        // the limits' floor: HubSpot's calls outside search at 100 per 10 s, its searches at 5 per second, Jira's at 100/s
        double floor = Math.max(Math.max(limited / 10.0, searches / 5.0), jiraCalls / 100.0);
        Integer linked = jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE state = 'LINKED' AND pending_steps IS NULL", Integer.class);
        Integer attachments = jdbc.queryForObject("SELECT COUNT(*) FROM attachment_link WHERE state = 'SYNCED'", Integer.class);
        System.out.printf("BENCHMARK rate-limited backfill: %d deals -> %d linked issues with %d attachments in %.1f s%n",
                records + 12, linked, attachments, wall);
        System.out.printf("BENCHMARK HubSpot API calls %d (%d searches, %d others) and %d signed-URL downloads outside the limits; Jira calls %d%n",
                searches + limited, searches, limited, downloads, jiraCalls);
        System.out.printf("BENCHMARK 429s received = %d%n", received429);
        System.out.printf("BENCHMARK wall %.1f s against the limits' floor %.1f s: %.2f x%n", wall, floor, wall / floor);
    }
}
