package io.hubjira.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Benchmark, not a test: backfills HubSpot deals into Jira issues through the real scheduled poll and the simulators,
 * counting every call the simulators answered until every side effect of the creations is done (the item's poll and
 * the notes feed, as the scheduled poll runs them, again while any link still has a step to take). Two cases: 1,000 deals through a new auto-create item with default settings
 * (the cost goal: ≤ 0.05 calls per record), and 10,000 deals through the demo item (wall time, heap).
 */
@Tag("benchmark")
class BackfillBenchmark extends SandboxTest {

    @Autowired
    ProducerTemplate producer;

    @Test
    void backfill() {
        BenchmarkReport report = BenchmarkReport.of(BackfillBenchmark.class,
                "HubSpot deals backfilled into Jira issues by the poll as the schedule runs it (the item, then the notes feed), "
                        + "polled again until no link has a step left; calls counted from the simulators' call log.");
        backfillWithDefaults(report.scenario("1,000 deals, new auto-create item with default settings"),
                Integer.getInteger("bench.records", 1_000));
        backfillDemoItem(report.scenario("10,000 deals, demo item with status sync (comments and attachments off)"),
                Integer.getInteger("bench.large-records", 10_000));
        report.write();
    }

    /** Only what an item needs to auto-create: every switch and option left at its default. */
    static Map<String, Object> defaultAutoCreateItem() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", "Deals backfill");
        item.put("mode", "TWO_WAY");
        item.put("hubspotModule", "CRM");
        item.put("hubspotObject", "deals");
        item.put("jiraProjects", List.of("SUP"));
        item.put("jiraIssueType", "10001");
        item.put("fieldMappings", List.of(Map.of("hubspotProperty", "dealname", "jiraField", "summary"),
                Map.of("hubspotProperty", "amount", "jiraField", "customfield_10012")));
        item.put("autoCreate", true);
        return item;
    }

    private void backfillWithDefaults(BenchmarkReport.Scenario scenario, int records) {
        freshConnectedSandbox();
        int total = seedDeals(records);
        long itemId = createItem(defaultAutoCreateItem());
        Run run = backfill(itemId);
        scenario.calls(calls.calls(null));
        long hubspotCalls = scenario.callsOf("hubspot");
        long jiraCalls = scenario.callsOf("jira");
        // the least the work needs: search pages of 200, bulk creates of 50, issue link notes in batches of 100
        long floor = PollsUntilDone.ceil(total, 200) + PollsUntilDone.ceil(total, 50) + PollsUntilDone.ceil(total, 100);
        scenario.figure("deals", total, "records")
                .figure("linked issues, every step done", run.linked(), "issues")
                .figure("polls until every side effect was done", run.polls(), "polls")
                .figure("HubSpot calls", hubspotCalls, "calls")
                .figure("Jira calls", jiraCalls, "calls")
                .figure("calls per record, HubSpot and Jira", (hubspotCalls + jiraCalls) / (double) total, "calls/record", "≤ 0.05",
                        floor / (double) total, "(ceil(" + total + "/200) searches + ceil(" + total + "/50) bulk creates + ceil(" + total
                                + "/100) link-note batches) / " + total)
                .figure("HubSpot calls per record", hubspotCalls / (double) total, "calls/record")
                .figure("Jira calls per record", jiraCalls / (double) total, "calls/record")
                .figure("wall time", run.millis() / 1000.0, "s");
    }

    private void backfillDemoItem(BenchmarkReport.Scenario scenario, int records) {
        freshConnectedSandbox();
        int total = seedDeals(records);
        Map<String, Object> item = demoDealsItem();
        item.put("commentsSync", false);
        item.put("attachmentsSync", false);
        long itemId = createItem(item);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        Run run = backfill(itemId);
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        scenario.calls(calls.calls(null));
        long hubspotCalls = scenario.callsOf("hubspot");
        long jiraCalls = scenario.callsOf("jira");
        scenario.figure("deals", total, "records")
                .figure("linked issues, every step done", run.linked(), "issues")
                .figure("polls until every side effect was done", run.polls(), "polls")
                .figure("wall time", run.millis() / 1000.0, "s")
                .figure("throughput", total * 1000.0 / run.millis(), "records/s")
                .figure("HubSpot calls", hubspotCalls, "calls")
                .figure("Jira calls", jiraCalls, "calls")
                .figure("calls per record, HubSpot and Jira", (hubspotCalls + jiraCalls) / (double) total, "calls/record")
                .figure("peak heap (sum of heap pools)", peakHeap / (1024 * 1024), "MiB")
                .figure("HubSpot floor at 100 requests / 10 s", hubspotCalls / 10.0, "s");
        List<Map<String, Object>> failures = jdbc.queryForList("SELECT action, outcome, detail FROM audit_event WHERE outcome NOT IN ('OK', 'SKIPPED') LIMIT 3");
        if (!failures.isEmpty()) {
            scenario.note("Failures audited: " + failures);
        }
    }

    /** Deals modified over the last hour (7 ms apart), beside the demo portal's own; answers how many deals there are. */
    private int seedDeals(int records) {
        Instant base = Instant.now().minusSeconds(3600);
        for (int i = 0; i < records; i++) {
            hubspot.createAt("deals", Map.of("dealname", "Benchmark deal " + i, "amount", String.valueOf(1000 + i),
                    "dealtype", i % 2 == 0 ? "newbusiness" : "existingbusiness", "dealstage", "appointmentscheduled"), base.plusMillis(i * 7L));
        }
        return hubspot.recordsOf("deals").size();
    }

    /** Polls as the schedule runs them (the item, then the notes feed) until no link of the item has a step left; every call logged. */
    private Run backfill(long itemId) {
        calls.clear();
        long started = System.nanoTime();
        int polls = PollsUntilDone.poll(producer, jdbc, itemId);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Long linked = jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'LINKED' AND pending_steps IS NULL",
                Long.class, itemId);
        return new Run(polls, millis, linked);
    }


    private record Run(int polls, long millis, long linked) {}
}
