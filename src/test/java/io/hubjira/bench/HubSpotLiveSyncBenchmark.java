package io.hubjira.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 */
@Tag("benchmark")
@TestPropertySource(properties = "connector.hubspot.webhook-batch-window=1s") // the production default, not the tests' 200 ms
class HubSpotLiveSyncBenchmark extends SandboxTest {

    @Autowired
    ProducerTemplate producer;

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
        BenchmarkReport report = BenchmarkReport.of(HubSpotLiveSyncBenchmark.class,
                "HubSpot edits of linked deals arriving as signed app webhooks at a steady rate (the production batch window, 1 s); "
                        + "latency from the HubSpot change until Jira received the issue update.");
        BenchmarkReport.Scenario s = report.scenario(edits + " edits at " + perSecond + "/s").calls(calls.calls(null));
        s.figure("edits that reached Jira", latencies.size(), "edits")
                .figure("edit-to-Jira latency p50", pct(latencies, 50), "ms")
                .figure("edit-to-Jira latency p99", pct(latencies, 99), "ms")
                .figure("edit-to-Jira latency max", latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1), "ms")
                .figure("HubSpot calls per edit", s.callsOf("hubspot") / (double) edits, "calls/edit")
                .figure("Jira calls per edit", s.callsOf("jira") / (double) edits, "calls/edit");
        report.write();
        hubspotWebhooks.setEnabled(false);
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
