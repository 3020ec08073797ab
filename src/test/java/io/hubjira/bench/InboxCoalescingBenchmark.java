package io.hubjira.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Benchmark, not a test: Jira edits at 50/s over 20 linked issues for 60 s, through the simulated Jira's signed
 * webhooks into the connector's inbox, with the connector's Jira client limited to 10 requests/s. Prints the
 * edit-to-HubSpot latency (p50, p99: from the edit in Jira to the HubSpot record showing it, which includes the
 * webhook delivery) and the Jira and HubSpot calls per event (from the simulators' call log). Targets: p99 ≤ 5 s,
 * ≤ 0.2 Jira calls per event.
 */
@Tag("benchmark")
@TestPropertySource(properties = {"connector.jira.rate-limit.requests-per-second=10", "connector.inbox.poll-delay=500ms"})
class InboxCoalescingBenchmark extends SandboxTest {

    private static final String PREFIX = "Bench edit ";

    @Autowired
    ProducerTemplate producer;

    @Test
    void fiftyEditsPerSecondOverTwentyIssues() throws Exception {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
        int issues = Integer.getInteger("bench.issues", 20);
        int perSecond = Integer.getInteger("bench.rate", 50);
        int seconds = Integer.getInteger("bench.seconds", 60);
        while (hubspot.recordsOf("deals").size() < issues) {
            hubspot.create("deals", Map.of("dealname", "Benchmark deal " + hubspot.recordsOf("deals").size(), "dealstage", "appointmentscheduled"));
        }
        Map<String, Object> item = demoDealsItem();
        item.put("mode", "CUSTOM");
        item.put("statusSync", false);
        item.put("commentsSync", false);
        item.put("attachmentsSync", false);
        item.put("fieldMappings", List.of(Map.of("hubspotProperty", "dealname", "jiraField", "summary", "owner", "BOTH")));
        long itemId = createItem(item);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        List<HubSpotSandbox.Rec> deals = List.copyOf(hubspot.recordsOf("deals").values()).subList(0, issues);
        List<JiraSandbox.Issue> linked = deals.stream().map(d -> jira.allIssues().stream()
                .filter(i -> i.fields.path("labels").toString().contains("-deals-" + d.id + "\"")).findFirst().orElseThrow()).toList();
        webhooks.clearDeliveries();
        webhooks.setEnabled(true);

        int total = perSecond * seconds;
        long[] editedAt = new long[total];
        long[] appliedAt = new long[total];
        Map<Integer, Integer> newestSeen = new ConcurrentHashMap<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                long now = System.nanoTime();
                for (int d = 0; d < issues; d++) {
                    String name = hubspot.record("deals", deals.get(d).id).orElseThrow().properties.get("dealname");
                    if (name != null && name.startsWith(PREFIX)) {
                        int seq = Integer.parseInt(name.substring(PREFIX.length()));
                        Integer before = newestSeen.put(d, seq);
                        // every edit of this issue up to the one HubSpot shows now has reached HubSpot (newest wins)
                        for (int s = before == null ? d : before + issues; s <= seq; s += issues) {
                            if (appliedAt[s] == 0) {
                                appliedAt[s] = now;
                            }
                        }
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-watcher");
        watcher.start();

        calls.clear();
        long started = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        for (int seq = 0; seq < total; seq++) {
            long due = started + seq * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            JiraSandbox.Issue issue = linked.get(seq % issues);
            int s = seq;
            editedAt[seq] = System.nanoTime();
            jira.asUser("ada.lovelace@example.com", () -> {
                var body = json.createObjectNode();
                body.putObject("fields").put("summary", PREFIX + s);
                JiraIssues.edit(jira, issue, body);
                return null;
            });
        }
        long loadEnded = System.nanoTime();
        long deadline = loadEnded + 120_000_000_000L;
        while (System.nanoTime() < deadline && java.util.Arrays.stream(appliedAt).anyMatch(t -> t == 0)) {
            Thread.sleep(50);
        }
        long drained = System.nanoTime();
        watching.set(false);
        watcher.join();
        webhooks.drain();

        List<Long> latencies = new ArrayList<>();
        int missing = 0;
        for (int seq = 0; seq < total; seq++) {
            if (appliedAt[seq] == 0) {
                missing++;
            } else {
                latencies.add((appliedAt[seq] - editedAt[seq]) / 1_000_000);
            }
        }
        Collections.sort(latencies);
        Integer events = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox", Integer.class);
        List<String> behind = new ArrayList<>();
        for (int d = 0; d < issues; d++) {
            String last = PREFIX + (total - issues + d);
            String shown = hubspot.record("deals", deals.get(d).id).orElseThrow().properties.get("dealname");
            if (!last.equals(shown)) {
                behind.add(deals.get(d).id);
            }
        }
        BenchmarkReport report = BenchmarkReport.of(InboxCoalescingBenchmark.class,
                "Jira edits of the summary through the simulated Jira's signed webhooks into the connector's inbox, with the "
                        + "connector's Jira client limited to 10 requests/s; latency from the edit in Jira until HubSpot shows it "
                        + "(or a newer edit of the same issue), webhook delivery included.");
        BenchmarkReport.Scenario s = report.scenario(total + " edits at " + perSecond + "/s over " + issues + " issues for " + seconds + " s")
                .calls(calls.calls(null));
        s.figure("webhook events stored", events, "events")
                .figure("edit-to-HubSpot latency p50", latencies.get(latencies.size() / 2), "ms")
                .figure("edit-to-HubSpot latency p99", latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1), "ms", "≤ 5000", null, null)
                .figure("edit-to-HubSpot latency max", latencies.get(latencies.size() - 1), "ms")
                .figure("edits that never reached HubSpot", missing, "edits", "0", null, null)
                .figure("deals not showing their newest edit at the end", behind.size(), "deals", "0", null, null)
                .figure("Jira calls per event", s.callsOf("jira") / (double) events, "calls/event", "≤ 0.2", null, null)
                .figure("HubSpot calls per event", s.callsOf("hubspot") / (double) events, "calls/event")
                .figure("queue drained after the load stopped", (drained - loadEnded) / 1e9, "s");
        report.write();
    }
}
