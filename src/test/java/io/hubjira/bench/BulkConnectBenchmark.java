package io.hubjira.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Benchmark, not a test: a bulk connect of 10,000 HubSpot deals against 10,000 existing Jira issues that carry the
 * deal id in a custom field — a dry run, then applied (which writes the issue link notes too), then the polls that
 * finish what linking leaves to do (the first sync of the linked records, any step left) until no link has a step left.
 * Every call is counted from the simulators' call log; the goal is at most 0.1 calls per linked record, follow-up
 * steps included.
 */
@Tag("benchmark")
class BulkConnectBenchmark extends SandboxTest {

    @Autowired
    ProducerTemplate producer;

    @Test
    void bulkConnectTenThousandDeals() {
        freshConnectedSandbox();
        int records = Integer.getInteger("bench.records", 10_000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            ids.add(hubspot.create("deals", Map.of("dealname", "Bulk deal " + i, "dealstage", "appointmentscheduled", "pipeline", "default")).id);
        }
        for (int i = 0; i < records; i++) {
            // the issue already holds what HubSpot holds: linking must not rewrite it
            jira.existingIssue("SUP", "10001", "Bulk deal " + i).fields.put("customfield_10010", ids.get(i));
        }
        Map<String, Object> item = demoDealsItem();
        item.put("autoCreate", false);
        item.put("match", Map.of("jiraField", "customfield_10010", "hubspotProperty", "hs_object_id"));
        long itemId = createItem(item);
        int total = hubspot.recordsOf("deals").size();
        int issues = jira.allIssues().size();

        BenchmarkReport report = BenchmarkReport.of(BulkConnectBenchmark.class,
                "A bulk connect of an item's deals against a project's existing issues matched by a custom field holding the deal id "
                        + "(the demo item's settings, auto-create off): dry run, apply, then the polls that finish every link's steps.");
        // the least a bulk connect reads: the project's issues (100 per search) and the records (200 per search)
        long readFloor = PollsUntilDone.ceil(issues, 100) + PollsUntilDone.ceil(total, 200);
        String readBasis = "ceil(" + issues + "/100) issue searches + ceil(" + total + "/200) record searches";

        calls.clear();
        JsonNode dry = call("POST", "/api/items/" + itemId + "/bulk-connect?apply=false", null).body();
        BenchmarkReport.Scenario dryRun = report.scenario("dry run: " + total + " deals, " + issues + " issues").calls(calls.calls(null));
        long dryCalls = dryRun.callsOf("hubspot") + dryRun.callsOf("jira");
        dryRun.figure("records", dry.path("records").asInt(), "records")
                .figure("to link", dry.path("toLink").asInt(), "records")
                .figure("to create", dry.path("toCreate").asInt(), "records")
                .figure("conflicts", dry.path("conflicts").asInt(), "records")
                .figure("calls", dryCalls, "calls", null, (double) readFloor, readBasis)
                .figure("calls per record", dryCalls / (double) total, "calls/record");

        calls.clear();
        long started = System.nanoTime();
        JsonNode applied = call("POST", "/api/items/" + itemId + "/bulk-connect?apply=true", null).body();
        double applySeconds = (System.nanoTime() - started) / 1e9;
        BenchmarkReport.Scenario apply = report.scenario("applied").calls(calls.calls(null));
        long applyCalls = apply.callsOf("hubspot") + apply.callsOf("jira");
        long linked = applied.path("linked").asLong();
        // applying also writes the issue link notes, in batches of 100
        long applyFloor = readFloor + PollsUntilDone.ceil(linked, 100);
        String applyBasis = readBasis + " + ceil(" + linked + "/100) link-note batches";
        apply.figure("linked", linked, "records")
                .figure("calls", applyCalls, "calls", null, (double) applyFloor, applyBasis)
                .figure("wall time", applySeconds, "s");

        calls.clear();
        started = System.nanoTime();
        int polls = PollsUntilDone.poll(producer, jdbc, itemId);
        double followSeconds = (System.nanoTime() - started) / 1e9;
        BenchmarkReport.Scenario follow = report.scenario("follow-up: the polls until every link's steps are done, the first poll after it included").calls(calls.calls(null));
        long followCalls = follow.callsOf("hubspot") + follow.callsOf("jira");
        long edits = calls.count("jira", "PUT", "/rest/api/3/issue/[^/]+");
        // after linking, the least: the first poll's record searches
        long followFloor = PollsUntilDone.ceil(total, 200);
        follow.figure("polls", polls, "polls")
                .figure("links with a step left", PollsUntilDone.unfinished(jdbc, itemId), "links", "0", null, null)
                .figure("issue edits (PUT issue) of unchanged issues", edits, "calls", "0", null, null)
                .figure("calls", followCalls, "calls", null, (double) followFloor,
                        "ceil(" + total + "/200) record searches")
                .figure("wall time", followSeconds, "s");

        long all = applyCalls + followCalls;
        report.scenario("applied with its follow-up steps")
                .figure("calls per linked record", all / (double) linked, "calls/record", "≤ 0.1", (applyFloor + followFloor) / (double) linked,
                        "(" + applyBasis + " + ceil(" + total + "/200) record searches of the first poll) / " + linked)
                .figure("HubSpot calls", apply.callsOf("hubspot") + follow.callsOf("hubspot"), "calls")
                .figure("Jira calls", apply.callsOf("jira") + follow.callsOf("jira"), "calls");
        report.write();
    }

}
