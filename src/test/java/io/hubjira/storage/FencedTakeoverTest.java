package io.hubjira.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.hubjira.http.ApiName;
import io.hubjira.sandbox.SandboxFaults;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import io.hubjira.support.TwoInstances;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fencing, with two live instances on PostgreSQL: the second stalls in the middle of a Jira bulk create (Jira took it,
 * its answer is held) with its heartbeat stopped, for longer than the lease, as a paused or cut-off process would. The
 * first takes the reservations over, finds the issues by their markers and finishes the work. When the second wakes up
 * and gets Jira's answer, its claims' fencing tokens have moved on: it saves no link and writes nothing more.
 */
class FencedTakeoverTest {

    /** a 2 s lease; and a stalled call never times out (a paused process counts no time either) */
    private static final List<String> SHORT_LEASE = List.of("connector.claims.lease=2s", "connector.claims.heartbeat=500ms",
            "connector.http.read-timeout=50s");

    @Test
    void anInstanceThatStalledPastItsLeaseWritesNothingForWorkAnotherTookOver() throws Exception {
        try (TwoInstances instances = TwoInstances.start("fenced_takeover", SHORT_LEASE)) {
            instances.connectDemoPortalAndSite();
            Map<String, Object> item = SandboxTest.demoDealsItem();
            item.put("statusSync", false);
            long itemId = instances.createItem(item);
            SandboxFaults faults = instances.bean(SandboxFaults.class);
            HubSpotSandbox portal = instances.bean(HubSpotSandbox.class);
            JiraSandbox site = instances.bean(JiraSandbox.class);
            JdbcTemplate jdbc = instances.jdbc();
            int deals = portal.recordsOf("deals").size();

            // the second instance stalls inside its bulk create, after Jira took it, and its heartbeat stops with it
            faults.holdNext("jira", "POST", "^/rest/api/3/issue/bulk$", true, 0);
            CamelContext second = instances.second.getBean(CamelContext.class);
            second.getRouteController().stopRoute("claims-heartbeat");
            CompletableFuture<Object> stalled = CompletableFuture.supplyAsync(
                    () -> instances.second.getBean(ProducerTemplate.class).requestBody("direct:hubspot-poll-item", itemId));
            long heldSince = System.currentTimeMillis();
            while (!faults.holding() && System.currentTimeMillis() - heldSince < 30_000) {
                Thread.sleep(20);
            }
            assertThat(faults.holding()).as("the second instance's bulk create is held").isTrue();
            long createdMeanwhile = site.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-item" + itemId + "-")).count();

            // the lease runs out; the first instance takes the reservations over and finishes them
            Thread.sleep(2_500);
            long takeoverStarted = System.currentTimeMillis();
            ProducerTemplate first = instances.first.getBean(ProducerTemplate.class);
            for (int poll = 0; poll < 5 && linked(jdbc, itemId) < deals; poll++) {
                first.requestBody("direct:hubspot-poll-item", itemId);
            }
            long takeoverMillis = System.currentTimeMillis() - takeoverStarted;
            assertThat(linked(jdbc, itemId)).as("every deal linked by the instance that took over").isEqualTo(deals);

            // the second wakes up with Jira's answer
            long secondHubSpot = instances.calls(instances.second, ApiName.HUBSPOT);
            long secondJira = instances.calls(instances.second, ApiName.JIRA);
            java.time.Instant released = java.time.Instant.now();
            faults.releaseHolds();
            stalled.get(60, TimeUnit.SECONDS);
            second.getRouteController().startRoute("claims-heartbeat");

            assertThat(writesSince(instances, released)).as("writes to HubSpot or Jira after the second instance woke (the first was idle)").isEmpty();
            assertThat(site.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-item" + itemId + "-")).count())
                    .as("exactly one issue per deal: the first instance found the second's by marker, created none again").isEqualTo(deals);
            for (HubSpotSandbox.Rec deal : portal.recordsOf("deals").values()) {
                assertThat(portal.notesOf("deals", deal.id).stream().filter(n -> n.properties.getOrDefault("hs_note_body", "").contains("Linked to Jira issue")))
                        .as("one issue link note on deal %s", deal.id).hasSize(1);
            }
            assertThat(instances.calls(instances.second, ApiName.HUBSPOT) - secondHubSpot).as("HubSpot calls of the resumed instance").isZero();
            assertThat(instances.calls(instances.second, ApiName.JIRA) - secondJira)
                    .as("Jira calls of the resumed instance: the answer of its held bulk create and the read-back of its issues").isLessThanOrEqualTo(2);
            assertThat(instances.bean(io.hubjira.sandbox.SandboxCallLog.class).calls("jira").stream()
                    .filter(c -> c.method().equals("POST") && c.path().equals("/rest/api/3/issue/bulk")).count())
                    .as("one bulk create in all: the stalled one, whose issues the first instance found by marker").isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND claim_token > 0", Integer.class, itemId))
                    .as("taken over: the tokens moved on").isEqualTo(deals);
            System.out.printf("BENCHMARK fencing: %d issues created by the stalled instance before it stalled; takeover in %d ms; the resumed"
                    + " instance made %d HubSpot and %d Jira calls after waking%n", createdMeanwhile, takeoverMillis,
                    instances.calls(instances.second, ApiName.HUBSPOT) - secondHubSpot, instances.calls(instances.second, ApiName.JIRA) - secondJira);
        }
    }

    @Test
    void anInstanceThatStalledWhileWritingACommentLeavesItToTheInstanceThatTookItOver() throws Exception {
        try (TwoInstances instances = TwoInstances.start("fenced_comment", SHORT_LEASE)) {
            // only the polls below sync the note: no webhook queues it behind the test's back
            instances.bean(io.hubjira.sandbox.hubspot.HubSpotWebhookSender.class).setEnabled(false);
            instances.connectDemoPortalAndSite();
            long itemId = instances.createItem(SandboxTest.demoDealsItem(false, true, false));
            SandboxFaults faults = instances.bean(SandboxFaults.class);
            HubSpotSandbox portal = instances.bean(HubSpotSandbox.class);
            JiraSandbox site = instances.bean(JiraSandbox.class);
            JdbcTemplate jdbc = instances.jdbc();
            ProducerTemplate first = instances.first.getBean(ProducerTemplate.class);
            first.requestBody("direct:hubspot-poll-item", itemId);
            first.requestBody("direct:hubspot-notes-poll", (Object) null);
            HubSpotSandbox.Rec deal = portal.recordsOf("deals").values().iterator().next();
            String issueKey = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, deal.id);
            HubSpotSandbox.Rec note = portal.addNote("deals", deal.id, "<p>Customer asked for a call back</p>", null, List.of());

            // the second instance stalls inside the comment's write, after Jira took it, its heartbeat stopped
            faults.holdNext("jira", "POST", "^/rest/api/3/issue/[^/]+/comment$", true, 0);
            CamelContext second = instances.second.getBean(CamelContext.class);
            second.getRouteController().stopRoute("claims-heartbeat");
            CompletableFuture<Object> stalled = CompletableFuture.supplyAsync(
                    () -> instances.second.getBean(ProducerTemplate.class).requestBody("direct:hubspot-notes-poll", (Object) null));
            long heldSince = System.currentTimeMillis();
            while (!faults.holding() && System.currentTimeMillis() - heldSince < 30_000) {
                Thread.sleep(20);
            }
            assertThat(faults.holding()).as("the second instance's comment is held").isTrue();

            Thread.sleep(2_500);
            long takeoverStarted = System.currentTimeMillis();
            first.requestBody("direct:hubspot-notes-poll", (Object) null);
            long takeoverMillis = System.currentTimeMillis() - takeoverStarted;
            assertThat(jdbc.queryForObject("SELECT state FROM comment_link WHERE note_id = ?", String.class, note.id))
                    .as("the first instance resumed the copy and found the comment by its marker").isEqualTo("DONE");

            long secondJira = instances.calls(instances.second, ApiName.JIRA);
            java.time.Instant released = java.time.Instant.now();
            faults.releaseHolds();
            stalled.get(60, TimeUnit.SECONDS);
            second.getRouteController().startRoute("claims-heartbeat");

            assertThat(site.issue(issueKey).orElseThrow().comments.stream().filter(c -> c.toString().contains("HubSpot note " + note.id)))
                    .as("one comment for the note").hasSize(1);
            assertThat(writesSince(instances, released)).as("writes to HubSpot or Jira after the second instance woke (the first was idle)").isEmpty();
            assertThat(jdbc.queryForObject("SELECT claim_token FROM comment_link WHERE note_id = ?", Long.class, note.id))
                    .as("taken over once").isEqualTo(1);
            System.out.printf("BENCHMARK fencing, comment copy: takeover in %d ms; the resumed instance made %d Jira calls after waking%n",
                    takeoverMillis, instances.calls(instances.second, ApiName.JIRA) - secondJira);
        }
    }

    /** Calls that write, answered since then (reads: GETs, searches, batch reads and bulk fetches). */
    private static List<String> writesSince(TwoInstances instances, java.time.Instant since) {
        return instances.bean(io.hubjira.sandbox.SandboxCallLog.class).calls(null).stream().filter(c -> c.at().isAfter(since))
                .filter(c -> !c.method().equals("GET") && !c.path().endsWith("/search") && !c.path().endsWith("/search/jql")
                        && !c.path().endsWith("/batch/read") && !c.path().endsWith("/bulkfetch"))
                .map(c -> c.api() + " " + c.method() + " " + c.path()).toList();
    }

    private static int linked(JdbcTemplate jdbc, long itemId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'LINKED' AND pending_steps IS NULL",
                Integer.class, itemId);
    }
}
