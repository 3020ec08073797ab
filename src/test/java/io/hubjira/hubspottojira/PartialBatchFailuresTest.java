package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.hubjira.sandbox.SandboxCallLog;
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
 * Batch calls HubSpot and Jira do only in part. The simulators answer every batch in an order of their own and fail the
 * inputs a test chooses (HubSpot: 207 with an {@code errors[]} entry; Jira's bulk create: an error with its
 * {@code failedElementNumber}); exactly the inputs that failed are tried again or dead-lettered, the others are recorded
 * done once, and every created issue belongs to the record whose marker it carries.
 */
class PartialBatchFailuresTest extends SandboxTest {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;
    @Autowired
    io.hubjira.sync.LinkLifecycle lifecycle;

    List<HubSpotSandbox.Rec> deals;

    @BeforeEach
    void connected() {
        freshConnectedSandbox();
        deals = new ArrayList<>(hubspot.recordsOf("deals").values());
    }

    private void poll(long itemId) {
        producer.requestBody("direct:hubspot-poll-item", itemId);
    }

    private JiraSandbox.Issue issueOf(String dealId) {
        List<JiraSandbox.Issue> issues = jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + dealId + "\"")).toList();
        assertThat(issues).as("issues of deal " + dealId).hasSize(1);
        return issues.get(0);
    }

    private String linkState(long itemId, String dealId) {
        return jdbc.queryForObject("SELECT state FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId);
    }

    /** A batch input (a read or an association read: {"id": …} alone) of this record. */
    private static String readInputOf(String id) {
        return "^\\{\"id\":\"" + id + "\"\\}$";
    }

    /** A batch update's input of this record (its id, with the properties to write). */
    private static String updateInputOf(String id) {
        return "^(?=.*\"id\":\"" + id + "\")(?=.*\"properties\").*$";
    }

    private long twoWayNames() {
        Map<String, Object> item = demoDealsItem(false, false, false);
        item.put("mode", "CUSTOM");
        item.put("fieldMappings", List.of(Map.of("hubspotProperty", "dealname", "jiraField", "summary", "owner", "BOTH")));
        long itemId = createItem(item);
        poll(itemId);
        return itemId;
    }

    /** Two issues renamed by a person while the inbox is stopped: one inbox round, one batch update for both. */
    private void renameTogether(JiraSandbox.Issue a, String nameA, JiraSandbox.Issue b, String nameB) throws Exception {
        camel.getRouteController().stopRoute("jira-inbox");
        try {
            webhooks.setEnabled(true);
            for (var pair : List.of(Map.entry(a, nameA), Map.entry(b, nameB))) {
                jira.asUser("ada.lovelace@example.com", () -> {
                    JiraIssues.edit(jira, pair.getKey(), json.createObjectNode().set("fields", json.createObjectNode().put("summary", pair.getValue())));
                    return null;
                });
            }
            webhooks.drain();
        } finally {
            camel.getRouteController().startRoute("jira-inbox");
        }
        waitForInbox();
    }

    private List<SandboxCallLog.Call> batchUpdates() {
        return calls.matching("hubspot", "POST", "/crm/objects/2026-03/deals/batch/update");
    }

    @Test
    void aRecordHubSpotFailsInABatchUpdateIsTriedAgainAloneAndTheOthersAreRecordedDoneOnce() throws Exception {
        twoWayNames();
        HubSpotSandbox.Rec failing = deals.get(0);
        HubSpotSandbox.Rec fine = deals.get(1);
        faults.failBatchInputs("hubspot", updateInputOf(failing.id), 1, 500, "INTERNAL_ERROR", "Something went wrong on HubSpot's side");
        calls.clear();

        renameTogether(issueOf(failing.id), "Renamed A", issueOf(fine.id), "Renamed B");
        eventually("the failed record written by its own later try", () -> "Renamed A".equals(hubspot.record("deals", failing.id).orElseThrow()
                .properties.get("dealname")));

        assertThat(hubspot.record("deals", fine.id).orElseThrow().properties.get("dealname")).isEqualTo("Renamed B");
        List<SandboxCallLog.Call> updates = batchUpdates();
        assertThat(updates.get(0).status()).as("HubSpot did only part of the batch").isEqualTo(207);
        assertThat(updates.get(0).body()).contains("\"" + failing.id + "\"").contains("\"" + fine.id + "\"");
        assertThat(updates.subList(1, updates.size())).as("only the failed record is written again")
                .allSatisfy(c -> assertThat(c.body()).contains("\"" + failing.id + "\"").doesNotContain("\"" + fine.id + "\""));
        assertThat(calls.matching("hubspot", "PATCH", "/crm/objects/2026-03/deals/" + fine.id)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'FIELDS_UPDATED' AND record_id = ?", Integer.class, fine.id))
                .as("the record HubSpot wrote is recorded done once").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Integer.class)).isZero();
    }

    @Test
    void aRecordHubSpotRefusesInABatchUpdateIsDeadLetteredAloneAndTheOthersAreWritten() throws Exception {
        twoWayNames();
        HubSpotSandbox.Rec refused = deals.get(2);
        HubSpotSandbox.Rec fine = deals.get(3);
        String before = refused.properties.get("dealname");
        faults.failBatchInputs("hubspot", updateInputOf(refused.id), 1, 400, "VALIDATION_ERROR", "Property values were not valid");

        renameTogether(issueOf(refused.id), "Refused name", issueOf(fine.id), "Accepted name");

        assertThat(hubspot.record("deals", fine.id).orElseThrow().properties.get("dealname")).isEqualTo("Accepted name");
        assertThat(hubspot.record("deals", refused.id).orElseThrow().properties.get("dealname")).isEqualTo(before);
        Answer letters = call("GET", "/api/dead-letters", null);
        assertThat(letters.body()).as(letters.text()).hasSize(1);
        assertThat(letters.body().path(0).path("flow").asText()).isEqualTo("jira-inbox");
        assertThat(letters.body().path(0).path("errorMessage").asText()).contains("Property values were not valid");
    }

    @Test
    void anIssueLinkNoteHubSpotDidNotCreateIsTriedAgainAloneAndEveryRecordEndsWithOneNote() {
        long itemId = createItem(demoDealsItem(false, false, false));
        HubSpotSandbox.Rec failing = deals.get(1);
        faults.failBatchInputs("hubspot", "\"to\":\\{\"id\":\"" + failing.id + "\"\\}", 1, 500, "INTERNAL_ERROR", "Something went wrong");

        poll(itemId);
        assertThat(calls.matching("hubspot", "POST", "/crm/objects/2026-03/notes/batch/create").get(0).status()).isEqualTo(207);
        assertThat(jdbc.queryForObject("SELECT pending_steps FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, failing.id))
                .as("only the failed note's step is left").contains("LINK_NOTE");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND pending_steps LIKE '%LINK_NOTE%'", Integer.class, itemId))
                .isEqualTo(1);

        poll(itemId);
        for (HubSpotSandbox.Rec deal : deals) {
            String key = issueOf(deal.id).key;
            assertThat(hubspot.notesOf("deals", deal.id).stream().filter(n -> n.properties.get("hs_note_body").contains("Issue link note (" + key + ")")))
                    .as("link notes of deal " + deal.id).hasSize(1);
        }
    }

    @Test
    void aBulkCreateElementJiraRefusesIsDeadLetteredAndEveryOtherIssueBelongsToItsRecordByMarker() {
        long itemId = createItem(demoDealsItem(false, true, true));
        HubSpotSandbox.Rec refused = deals.get(2);
        faults.failBatchInputs("jira", "\"summary\":\"" + java.util.regex.Pattern.quote(refused.properties.get("dealname")) + "\"", 1, 400, null,
                "The summary was refused");

        poll(itemId);

        assertThat(linkState(itemId, refused.id)).isEqualTo("FAILED");
        assertThat(call("GET", "/api/dead-letters", null).body().path(0).path("errorMessage").asText()).contains("The summary was refused");
        for (HubSpotSandbox.Rec deal : deals) {
            if (deal == refused) {
                continue;
            }
            String key = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, deal.id);
            JiraSandbox.Issue issue = jira.issue(key).orElseThrow();
            assertThat(issue.fields.path("summary").asText()).as("deal " + deal.id + " is linked to its own issue").isEqualTo(deal.properties.get("dealname"));
            assertThat(issue.fields.path("labels").toString()).contains("-deals-" + deal.id + "\"");
        }
    }

    @Test
    void aRecordHubSpotCouldNotReadInTheArchiveCheckIsNotTakenForArchived() {
        Map<String, Object> item = demoDealsItem(false, false, false);
        item.put("lifecycle", Map.of("archivedLabel", "hubspot-archived"));
        poll(createItem(item));
        HubSpotSandbox.Rec archived = deals.get(0);
        HubSpotSandbox.Rec unreadable = deals.get(1);
        hubspot.archive("deals", archived.id);
        faults.failBatchInputs("hubspot", readInputOf(unreadable.id), 1, 500, "INTERNAL_ERROR", "Something went wrong");

        lifecycle.checkArchived();

        assertThat(calls.matching("hubspot", "POST", "/crm/objects/2026-03/deals/batch/read").get(0).status()).isEqualTo(207);
        assertThat(issueOf(archived.id).fields.path("labels").toString()).contains("hubspot-archived");
        assertThat(issueOf(unreadable.id).fields.path("labels").toString()).as("an unread record is no archived one").doesNotContain("hubspot-archived");
    }

    @Test
    void theNotesOfARecordHubSpotCouldNotReadAreCopiedByTheNextPollAndTheOthersAtOnce() {
        long itemId = createItem(demoDealsItem(false, true, false));
        HubSpotSandbox.Rec unreadable = deals.get(0);
        HubSpotSandbox.Rec fine = deals.get(1);
        hubspot.addNote("deals", unreadable.id, "<p>First customer call</p>", null, List.of());
        hubspot.addNote("deals", fine.id, "<p>Second customer call</p>", null, List.of());
        faults.failBatchInputs("hubspot", readInputOf(unreadable.id), 1, 500, "INTERNAL_ERROR", "Something went wrong");

        poll(itemId);
        assertThat(issueOf(fine.id).comments.stream().filter(c -> c.toString().contains("Second customer call"))).hasSize(1);
        assertThat(issueOf(unreadable.id).comments.stream().filter(c -> c.toString().contains("First customer call"))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT pending_steps FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, unreadable.id))
                .contains("CONTENT");

        poll(itemId);
        assertThat(issueOf(unreadable.id).comments.stream().filter(c -> c.toString().contains("First customer call"))).hasSize(1);
        assertThat(issueOf(fine.id).comments.stream().filter(c -> c.toString().contains("Second customer call"))).hasSize(1);
    }
}
