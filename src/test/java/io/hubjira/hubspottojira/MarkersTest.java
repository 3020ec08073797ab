package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The markers by which a write that may or may not have happened is found again can be neither lost nor borrowed: a
 * creation marker names the item, so two items on one object and project never take each other's issue (reservations
 * from before the upgrade still find their issue by the old label, never another item's); a {@code labels} mapping
 * keeps the connector's labels in Jira and never copies them into HubSpot; an attachment is known by the source file's
 * id and its size, not its name; a transition is the connector's only when the issue's changelog shows its own move.
 */
class MarkersTest extends SandboxTest {

    /** connector.jira.search-consistency in the test profile. */
    private static final long SEARCH_LAG_BOUND_MS = 2_000;

    @Autowired
    ProducerTemplate producer;

    List<HubSpotSandbox.Rec> deals;

    @BeforeEach
    void connected() {
        freshConnectedSandbox();
        deals = new ArrayList<>(hubspot.recordsOf("deals").values());
    }

    private void poll(long itemId) {
        producer.requestBody("direct:hubspot-poll-item", itemId);
        producer.requestBody("direct:hubspot-notes-poll", (Object) null);
    }

    private static void waitOutTheSearchLagBound() throws InterruptedException {
        Thread.sleep(SEARCH_LAG_BOUND_MS + 100);
    }

    private long item(String name, boolean status, boolean attachments) {
        Map<String, Object> item = demoDealsItem(status, attachments, attachments);
        item.put("name", name);
        return createItem(item);
    }

    private String linkedIssue(long itemId, String dealId) {
        List<String> keys = jdbc.queryForList("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ? AND state = 'LINKED'", String.class,
                itemId, dealId);
        return keys.isEmpty() ? null : keys.get(0);
    }

    private List<JiraSandbox.Issue> issuesOf(String dealId) {
        return jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + dealId + "\"")).toList();
    }

    @Test
    void twoItemsSharingAnObjectAndAProjectNeverTakeEachOthersIssue() throws Exception {
        long first = item("Deals to Support", false, false);
        poll(first);
        long second = item("Deals to Support, second team", false, false);
        // the second item's create is lost before Jira took it: its lookup sees the first item's issues for the same deals
        faults.failNext("jira", "POST", 1, 502, "/rest/api/3/issue/bulk$");
        poll(second);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'LINKED'", Integer.class, second))
                .as("no issue of the first item taken for the second's").isZero();

        waitOutTheSearchLagBound();
        poll(second);
        for (HubSpotSandbox.Rec deal : deals) {
            String mine = linkedIssue(second, deal.id);
            String theirs = linkedIssue(first, deal.id);
            assertThat(mine).as("deal " + deal.id + " in the second item").isNotNull().isNotEqualTo(theirs);
            assertThat(issuesOf(deal.id)).as("one issue per item").hasSize(2);
            assertThat(jira.issue(mine).orElseThrow().fields.path("labels").toString()).contains("-item" + second + "-deals-" + deal.id + "\"");
        }
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/bulk")).as("the first item's create, the lost one, the one sent after its absence was confirmed")
                .isEqualTo(3);
    }

    @Test
    void aReservationFromBeforeTheUpgradeFindsItsIssueByTheOldLabelButNeverAnotherItemsIssue() throws Exception {
        long first = item("Deals to Support", false, false);
        poll(first);
        HubSpotSandbox.Rec shared = deals.get(0);
        HubSpotSandbox.Rec own = deals.get(1);
        String oldLabelShared = "hubspot-" + PORTAL + "-deals-" + shared.id;
        String oldLabelOwn = "hubspot-" + PORTAL + "-deals-" + own.id;
        // before the upgrade the first item created its issue for the shared deal with the old label
        JiraSandbox.Issue firstItemsIssue = jira.issue(linkedIssue(first, shared.id)).orElseThrow();
        ((com.fasterxml.jackson.databind.node.ArrayNode) firstItemsIssue.fields.get("labels")).add(oldLabelShared);
        // ... and the second item had created one for the other deal, then stopped before linking it
        JiraSandbox.Issue secondItemsIssue = jira.existingIssue("SUP", "10001", "Created before the upgrade");
        ((com.fasterxml.jackson.databind.node.ArrayNode) secondItemsIssue.fields.get("labels")).add(oldLabelOwn);
        long second = item("Deals to Support, second team", false, false);
        OffsetDateTime then = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10);
        for (HubSpotSandbox.Rec deal : List.of(shared, own)) {
            // as the upgrade's migration leaves a reservation of that time: its create may have been sent, with the old label
            jdbc.update("INSERT INTO record_link (item_id, object_type, record_id, link_type, state, creation_sent_at, created_at, updated_at)"
                    + " VALUES (?, 'deals', ?, 'AUTO', 'PENDING', ?, ?, ?)", second, deal.id, then, then, then);
        }

        poll(second);
        assertThat(linkedIssue(second, own.id)).as("its own issue, found by the old label").isEqualTo(secondItemsIssue.key);
        assertThat(linkedIssue(second, shared.id)).as("never the first item's issue").isNull();

        waitOutTheSearchLagBound();
        poll(second);
        assertThat(linkedIssue(second, shared.id)).isNotNull().isNotEqualTo(firstItemsIssue.key);
        assertThat(linkedIssue(first, shared.id)).isEqualTo(firstItemsIssue.key);
        assertThat(issuesOf(own.id)).as("the first item's and the recovered one").hasSize(2);
    }

    @Test
    void aLabelsMappingKeepsTheConnectorsLabelsInJiraAndNeverCopiesThemIntoHubSpot() {
        Map<String, Object> item = demoDealsItem(false, false, false);
        item.put("mode", "CUSTOM");
        item.put("fieldMappings", List.of(Map.of("hubspotProperty", "dealname", "jiraField", "summary", "owner", "HUBSPOT"),
                Map.of("hubspotProperty", "region", "jiraField", "labels", "owner", "BOTH")));
        item.put("lifecycle", Map.of("archivedLabel", "hubspot-archived"));
        long itemId = createItem(item);
        HubSpotSandbox.Rec deal = hubspot.create("deals", Map.of("dealname", "Labelled deal", "region", "emea;apac", "dealstage", "appointmentscheduled",
                "pipeline", "default"));
        poll(itemId);
        JiraSandbox.Issue issue = jira.issue(linkedIssue(itemId, deal.id)).orElseThrow();
        String marker = "hubspot-" + PORTAL + "-item" + itemId + "-deals-" + deal.id;
        assertThat(labels(issue)).containsExactlyInAnyOrder("emea", "apac", marker);

        hubspot.update("deals", deal.id, Map.of("region", "americas"));
        poll(itemId);
        assertThat(labels(issue)).as("the mapping's labels follow HubSpot; the marker stays").containsExactlyInAnyOrder("americas", marker);

        webhooks.setEnabled(true);
        jira.asUser("ada.lovelace@example.com", () -> {
            JiraIssues.edit(jira, issue, json.createObjectNode().set("fields", json.createObjectNode().set("labels",
                    json.createArrayNode().add(marker).add("apac"))));
            return null;
        });
        waitForInbox();
        assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("region")).as("only the mapping's labels reach HubSpot").isEqualTo("apac");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Integer.class)).isZero();

        // the item's archive label (set when the record was archived once) is the connector's too: the mapping keeps it
        ((com.fasterxml.jackson.databind.node.ArrayNode) issue.fields.get("labels")).add("hubspot-archived");
        hubspot.update("deals", deal.id, Map.of("region", "emea"));
        poll(itemId);
        assertThat(labels(issue)).containsExactlyInAnyOrder(marker, "hubspot-archived", "emea");
    }

    private static List<String> labels(JiraSandbox.Issue issue) {
        return StreamSupport.stream(issue.fields.path("labels").spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void twoFilesOfOneNameAndSizeAreNeverTakenForEachOther() {
        long itemId = item("Deals to Support", false, true);
        poll(itemId);
        HubSpotSandbox.Rec deal = deals.get(3);
        JiraSandbox.Issue issue = issuesOf(deal.id).get(0);
        byte[] first = new byte[20_000];
        new Random(1).nextBytes(first);
        byte[] second = new byte[20_000];
        new Random(2).nextBytes(second);
        var firstFile = hubspot.storeFile("plan.bin", first, "PRIVATE", "/t");
        hubspot.addNote("deals", deal.id, "<p>the plan, first draft</p>", null, List.of(firstFile.id()));
        poll(itemId);
        assertThat(issue.attachments).hasSize(1);

        var secondFile = hubspot.storeFile("plan.bin", second, "PRIVATE", "/t");
        hubspot.addNote("deals", deal.id, "<p>the plan, second draft</p>", null, List.of(secondFile.id()));
        // the upload fails before Jira took it, ambiguously: the lookup must not take the first draft's attachment for it
        faults.failNext("jira", "POST", 1, 502, "/rest/api/3/issue/[^/]+/attachments$");
        poll(itemId);

        assertThat(issue.attachments).extracting(a -> a.path("filename").asText())
                .containsExactlyInAnyOrder("plan (HubSpot file " + firstFile.id() + ").bin", "plan (HubSpot file " + secondFile.id() + ").bin");
        assertThat(issue.attachmentBytes.values()).containsExactlyInAnyOrder(first, second);
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/" + issue.key + "/attachments")).isEqualTo(3);
    }

    @Test
    void aPersonsMoveToTheTargetStatusBeforeALostTransitionIsLookedUpIsNotTakenForTheConnectors() {
        Map<String, Object> item = demoDealsItem(true, false, false);
        item.put("filter", Map.of("groups", List.of(Map.of("conditions", List.of(Map.of("property", "dealname", "operator", "EQ",
                "value", "Moved by a person"))))));
        long itemId = createItem(item);
        hubspot.create("deals", Map.of("dealname", "Moved by a person", "dealstage", "qualifiedtobuy", "pipeline", "default", "amount", "10"));
        // the connector's move to In Progress fails before Jira takes it; meanwhile a person moves the issue there
        faults.failNextMeanwhile("jira", "POST", 1, 503, "/rest/api/3/issue/[^/]+/transitions$", () -> jira.asUser("ada.lovelace@example.com", () -> {
            JiraSandbox.Issue issue = jira.allIssues().stream().filter(i -> "Moved by a person".equals(i.fields.path("summary").asText())).findFirst()
                    .orElseThrow();
            JiraIssues.transition(jira, issue, "11");
            return null;
        }));

        poll(itemId);

        JiraSandbox.Issue issue = jira.allIssues().stream().filter(i -> "Moved by a person".equals(i.fields.path("summary").asText())).findFirst().orElseThrow();
        assertThat(JiraSandbox.STATUSES.get(issue.statusId).name()).isEqualTo("In Progress");
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/" + issue.key + "/transitions")).as("not sent again: the issue is there").isEqualTo(1);
        List<com.fasterxml.jackson.databind.node.ObjectNode> moves = issue.changelog.stream().filter(h -> StreamSupport.stream(h.path("items").spliterator(), false)
                .anyMatch(i -> "status".equals(i.path("fieldId").asText()) && !i.path("from").isNull())).toList();
        assertThat(moves).hasSize(1);
        assertThat(moves.get(0).path("author").path("emailAddress").asText()).isEqualTo("ada.lovelace@example.com");
        String detail = jdbc.queryForObject("SELECT detail FROM audit_event WHERE issue_key = ? AND outcome = 'SKIPPED' AND detail LIKE '%someone else%'",
                String.class, issue.key);
        assertThat(detail).as("the audit does not claim the person's move").contains("In Progress");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE issue_key = ? AND outcome = 'OK' AND fields LIKE '%status%'",
                Integer.class, issue.key)).isZero();
    }
}
