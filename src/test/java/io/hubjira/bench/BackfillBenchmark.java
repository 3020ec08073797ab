package io.hubjira.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.Map;

import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Benchmark, not a test: backfills 10,000 HubSpot deals into Jira issues through the real poll route and the
 * simulators, and prints wall time, HubSpot and Jira calls, calls per record and peak heap.
 * Run: mvn -B test -Dsurefire.excludedGroups= -Dgroups=benchmark -Dtest=BackfillBenchmark
 */
@Tag("benchmark")
class BackfillBenchmark extends SandboxTest {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    ApiCallExecutor executor;

    @Test
    void backfillTenThousandDeals() {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
        int records = Integer.getInteger("bench.records", 10_000);
        Instant base = Instant.now().minusSeconds(3600);
        for (int i = 0; i < records; i++) {
            hubspot.createAt("deals", Map.of("dealname", "Benchmark deal " + i, "amount", String.valueOf(1000 + i),
                    "dealtype", i % 2 == 0 ? "newbusiness" : "existingbusiness", "dealstage", "appointmentscheduled"), base.plusMillis(i * 7L));
        }
        Map<String, Object> item = demoDealsItem();
        item.put("commentsSync", false);
        item.put("attachmentsSync", false);
        Answer created = call("POST", "/api/items", item);
        long itemId = created.body().path("id").asLong();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long hubspotBefore = executor.callCount(ApiName.HUBSPOT);
        long jiraBefore = executor.callCount(ApiName.JIRA);
        long started = System.nanoTime();
        producer.requestBody("direct:hubspot-poll-item", itemId);
        long millis = (System.nanoTime() - started) / 1_000_000;
        long hubspotCalls = executor.callCount(ApiName.HUBSPOT) - hubspotBefore;
        long jiraCalls = executor.callCount(ApiName.JIRA) - jiraBefore;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        Long linked = jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE state = 'LINKED'", Long.class);
        int total = records + 12;
        System.out.printf("BENCHMARK backfill: %d HubSpot deals -> %d linked Jira issues in %.1f s (%.0f records/s)%n",
                total, linked, millis / 1000.0, total * 1000.0 / millis);
        System.out.printf("BENCHMARK calls: HubSpot %d, Jira %d, per record %.3f (HubSpot %.3f, Jira %.3f)%n",
                hubspotCalls, jiraCalls, (hubspotCalls + jiraCalls) / (double) total, hubspotCalls / (double) total, jiraCalls / (double) total);
        System.out.printf("BENCHMARK peak heap (sum of heap pools): %d MiB%n", peakHeap / (1024 * 1024));
        System.out.println("BENCHMARK failures: " + jdbc.queryForList("SELECT action, outcome, detail FROM audit_event WHERE outcome <> 'OK' LIMIT 3"));
        System.out.printf("BENCHMARK at HubSpot's default 100 requests / 10 s, the HubSpot calls alone need >= %.0f s%n", hubspotCalls / 10.0);
    }
}
