package io.hubjira.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Benchmark, not a test: a bulk connect of 10,000 HubSpot deals against 10,000 existing Jira issues that carry the
 * deal id in a custom field — a dry run, then applied — and prints the calls per record of each (the goal: at most 0.1).
 * Run: mvn -B test -Dsurefire.excludedGroups= -Dgroups=benchmark -Dtest=BulkConnectBenchmark
 */
@Tag("benchmark")
class BulkConnectBenchmark extends SandboxTest {

    @Autowired
    ApiCallExecutor executor;

    @Test
    void bulkConnectTenThousandDeals() {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
        int records = Integer.getInteger("bench.records", 10_000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            ids.add(hubspot.create("deals", Map.of("dealname", "Bulk deal " + i, "dealstage", "appointmentscheduled", "pipeline", "default")).id);
        }
        for (String id : ids) {
            jira.existingIssue("SUP", "10001", "Existing issue of deal " + id).fields.put("customfield_10010", id);
        }
        Map<String, Object> item = demoDealsItem();
        item.put("autoCreate", false);
        item.put("match", Map.of("jiraField", "customfield_10010", "hubspotProperty", "hs_object_id"));
        long itemId = createItem(item);
        int total = hubspot.recordsOf("deals").size();
        for (boolean apply : new boolean[] {false, true}) {
            long hubspotBefore = executor.callCount(ApiName.HUBSPOT);
            long jiraBefore = executor.callCount(ApiName.JIRA);
            long started = System.nanoTime();
            JsonNode report = call("POST", "/api/items/" + itemId + "/bulk-connect?apply=" + apply, null).body();
            long millis = (System.nanoTime() - started) / 1_000_000;
            long hubspotCalls = executor.callCount(ApiName.HUBSPOT) - hubspotBefore;
            long jiraCalls = executor.callCount(ApiName.JIRA) - jiraBefore;
            System.out.printf("BENCHMARK bulk connect %s: %d records, to link %d, linked %d, to create %d, conflicts %d in %.1f s%n",
                    apply ? "applied" : "dry run", report.path("records").asInt(), report.path("toLink").asInt(), report.path("linked").asInt(),
                    report.path("toCreate").asInt(), report.path("conflicts").asInt(), millis / 1000.0);
            System.out.printf("BENCHMARK bulk connect %s calls: HubSpot %d, Jira %d, per record %.4f%n", apply ? "applied" : "dry run",
                    hubspotCalls, jiraCalls, (hubspotCalls + jiraCalls) / (double) total);
        }
        System.out.println("BENCHMARK links: " + jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE state = 'LINKED'", Long.class));
    }
}
