package io.hubjira.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.sandbox.SandboxCallLog;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Benchmark, not a test: HubSpot edits arriving as signed app webhooks, at a steady rate, on linked deals. Prints the
 * edit-to-Jira latency (the HubSpot change until Jira received the issue update) p50/p99 and the API calls per edit.
 * Run: mvn -B test -Dsurefire.excludedGroups= -Dgroups=benchmark -Dtest=HubSpotLiveSyncBenchmark
 */
@Tag("benchmark")
@TestPropertySource(properties = "connector.hubspot.webhook-batch-window=1s") // the production default, not the tests' 200 ms
class HubSpotLiveSyncBenchmark extends SandboxTest {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    ApiCallExecutor executor;

    @Test
    void editsArrivingByWebhookAtTwentyPerSecond() throws Exception {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
        int edits = Integer.getInteger("bench.edits", 300);
        int perSecond = Integer.getInteger("bench.edits-per-second", 20);
        for (int i = 0; i < edits; i++) {
            hubspot.create("deals", Map.of("dealname", "Live deal " + i, "amount", "100", "dealtype", "newbusiness", "dealstage", "appointmentscheduled"));
        }
        Map<String, Object> item = demoDealsItem();
        item.put("commentsSync", false);
        item.put("attachmentsSync", false);
        long itemId = createItem(item);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        Map<String, String> issueByDeal = new LinkedHashMap<>();
        jdbc.query("SELECT record_id, issue_key FROM record_link WHERE item_id = ? AND state = 'LINKED'",
                rs -> { issueByDeal.put(rs.getString(1), rs.getString(2)); }, itemId);
        List<String> deals = new ArrayList<>(issueByDeal.keySet()).subList(0, edits);

        hubspotWebhooks.setEnabled(true);
        calls.clear();
        long hubspotBefore = executor.callCount(ApiName.HUBSPOT);
        long jiraBefore = executor.callCount(ApiName.JIRA);
        Map<String, Instant> editedAt = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < edits; i++) {
            long due = started + i * 1_000_000_000L / perSecond;
            while (System.nanoTime() < due) {
                Thread.sleep(1);
            }
            String deal = deals.get(i);
            editedAt.put(deal, Instant.now());
            hubspot.update("deals", deal, Map.of("dealname", "Edited live " + i));
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && deals.stream().anyMatch(d ->
                calls.matching("jira", "PUT", "/rest/api/3/issue/" + issueByDeal.get(d)).isEmpty())) {
            Thread.sleep(100);
        }
        List<Long> latencies = new ArrayList<>();
        for (String deal : deals) {
            List<SandboxCallLog.Call> puts = calls.matching("jira", "PUT", "/rest/api/3/issue/" + issueByDeal.get(deal));
            if (!puts.isEmpty()) {
                latencies.add(Duration.between(editedAt.get(deal), puts.get(0).at()).toMillis());
            }
        }
        latencies.sort(Long::compare);
        long hubspotCalls = executor.callCount(ApiName.HUBSPOT) - hubspotBefore;
        long jiraCalls = executor.callCount(ApiName.JIRA) - jiraBefore;
        System.out.printf("BENCHMARK HubSpot webhooks: %d edits at %d/s, %d reached Jira; edit-to-Jira p50 %d ms, p99 %d ms, max %d ms%n",
                edits, perSecond, latencies.size(), pct(latencies, 50), pct(latencies, 99), latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
        System.out.printf("BENCHMARK calls: HubSpot %d (%d batch reads), Jira %d; per edit HubSpot %.3f, Jira %.3f%n", hubspotCalls,
                calls.count("hubspot", "POST", "/crm/objects/2026-03/deals/batch/read"), jiraCalls, hubspotCalls / (double) edits, jiraCalls / (double) edits);
        hubspotWebhooks.setEnabled(false);
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
