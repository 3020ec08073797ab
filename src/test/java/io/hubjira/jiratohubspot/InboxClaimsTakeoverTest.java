package io.hubjira.jiratohubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * No event waits on a dead instance: what a stopped instance had claimed (inbox issues, creations) is taken over once
 * its lease (the production default, 20 s) has run out, and an issue's queued field events are applied as one unit.
 */
class InboxClaimsTakeoverTest extends SandboxTest {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;
    @Autowired
    ConnectorProperties props;

    long itemId;

    @BeforeEach
    void linkedDeals() {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
        Map<String, Object> item = demoDealsItem();
        item.put("mode", "CUSTOM");
        item.put("statusSync", false);
        item.put("fieldMappings", List.of(
                Map.of("hubspotProperty", "dealname", "jiraField", "summary", "owner", "BOTH"),
                Map.of("hubspotProperty", "amount", "jiraField", "customfield_10012", "owner", "JIRA")));
        itemId = createItem(item);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        webhooks.clearDeliveries();
        webhooks.setEnabled(true);
    }

    private JiraSandbox.Issue issueOf(HubSpotSandbox.Rec deal) {
        return jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + deal.id + "\"")).findFirst().orElseThrow();
    }

    private void rename(JiraSandbox.Issue issue, String summary) {
        jira.asUser("ada.lovelace@example.com", () -> {
            var body = json.createObjectNode();
            body.putObject("fields").put("summary", summary);
            JiraIssues.edit(jira, issue, body);
            return null;
        });
    }

    @Test
    void anIssueAStoppedInstanceClaimedIsTakenOverWithinThirtySeconds() throws Exception {
        HubSpotSandbox.Rec deal = hubspot.recordsOf("deals").values().iterator().next();
        JiraSandbox.Issue issue = issueOf(deal);
        camel.getRouteController().stopRoute("jira-inbox");
        long claimedAt;
        try {
            rename(issue, "Renamed while an instance died");
            waitForDeliveries();
            // a stopped instance's claim, as its jira-inbox cycle leaves it: the issue claimed for a lease, its event PROCESSING
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            claimedAt = System.nanoTime();
            jdbc.update("INSERT INTO inbox_issue_claim (jira_connection_id, issue_id, claimed_by, claimed_until) VALUES (?, ?, 'stopped-instance', ?)",
                    jiraConnectionService.current().orElseThrow().id(), issue.id, now.plus(props.claims().lease()));
            jdbc.update("UPDATE webhook_inbox SET state = 'PROCESSING', locked_by = 'stopped-instance', attempts = 1");
        } finally {
            camel.getRouteController().startRoute("jira-inbox");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (!"Renamed while an instance died".equals(hubspot.record("deals", deal.id).orElseThrow().properties.get("dealname"))) {
            assertThat(System.nanoTime()).as("the event is taken over").isLessThan(deadline);
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - claimedAt) / 1e9;
        System.out.printf("Takeover of a stopped instance's inbox claim after %.1f s (lease %s)%n", seconds, props.claims().lease());
        assertThat(seconds).as("not before the stopped instance's lease ran out").isGreaterThanOrEqualTo(props.claims().lease().toSeconds() - 1.0);
        assertThat(seconds).as("taken over within 30 s").isLessThanOrEqualTo(30.0);
        assertThat(jdbc.queryForObject("SELECT attempts FROM webhook_inbox", Integer.class)).as("claimed twice, applied once").isEqualTo(2);
    }

    @Test
    void aReservationAStoppedInstanceHeldIsCreatedOnceItsLeaseRanOutAndNotBefore() {
        HubSpotSandbox.Rec deal = hubspot.create("deals", Map.of("dealname", "Reserved by a stopped instance", "dealstage", "appointmentscheduled"));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("""
                INSERT INTO record_link (item_id, object_type, record_id, link_type, state, claimed_by, claimed_until, created_at, updated_at)
                VALUES (?, 'deals', ?, 'AUTO', 'PENDING', 'stopped-instance', ?, ?, ?)""", itemId, deal.id, now.plusSeconds(20), now, now);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + deal.id + "\"")))
                .as("a live claim is left alone").isEmpty();

        jdbc.update("UPDATE record_link SET claimed_until = ? WHERE record_id = ?", now.minusSeconds(1), deal.id);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + deal.id + "\""))).hasSize(1);
        assertThat(jdbc.queryForMap("SELECT state, pending_steps, claimed_by FROM record_link WHERE record_id = ?", deal.id))
                .containsEntry("STATE", "LINKED").containsEntry("PENDING_STEPS", null).containsEntry("CLAIMED_BY", null);
        assertThat(hubspot.notesOf("deals", deal.id).stream().filter(n -> n.properties.get("hs_note_body").contains("Issue link note"))).hasSize(1);
    }

    @Test
    void anIssuesQueuedEditsAreAppliedAsOneUnitWithOneSearchAndOneBatchWrite() throws Exception {
        List<HubSpotSandbox.Rec> deals = List.copyOf(hubspot.recordsOf("deals").values()).subList(0, 3);
        camel.getRouteController().stopRoute("jira-inbox");
        try {
            for (int n = 1; n <= 10; n++) {
                for (HubSpotSandbox.Rec deal : deals) {
                    rename(issueOf(deal), "Edit " + n + " of " + deal.id);
                }
            }
            waitForDeliveries();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE state = 'NEW'", Integer.class)).isEqualTo(30);
            calls.clear();
        } finally {
            camel.getRouteController().startRoute("jira-inbox");
        }
        waitForInbox();
        for (HubSpotSandbox.Rec deal : deals) {
            assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("dealname")).as("newest wins").isEqualTo("Edit 10 of " + deal.id);
        }
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/bulkfetch")).as("one read of the three issues' current state").isEqualTo(1);
        assertThat(calls.count("jira", "GET", "/rest/api/3/issue/.*")).isZero();
        assertThat(calls.count("hubspot", "POST", "/crm/objects/2026-03/deals/batch/update")).as("one write of what changed").isEqualTo(1);
        assertThat(calls.count("hubspot", "PATCH", "/crm/objects/2026-03/deals/.*")).isZero();
        assertThat(jdbc.queryForList("SELECT DISTINCT last_error FROM webhook_inbox", String.class))
                .allSatisfy(note -> assertThat(note).startsWith("10 events as one"));
    }

    private void waitForDeliveries() {
        webhooks.drain();
        assertThat(webhooks.deliveries()).allSatisfy(d -> assertThat(d.finalStatus()).isEqualTo(202));
    }
}
