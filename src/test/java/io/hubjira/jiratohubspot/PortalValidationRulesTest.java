package io.hubjira.jiratohubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * HubSpot's 2026-09 write validation: the portal's own rules (a property required when another has some value, fields
 * the Create Record form requires, users who may not edit associations) refuse writes with 400 VALIDATION_ERROR. A
 * Jira edit such a rule refuses is one dead letter at once, its reason naming the property and the rule in plain words,
 * while the other records of the same batch are written; the refusal is remembered, and saving an item that writes
 * what the rule depends on warns.
 */
@TestPropertySource(properties = "connector.hubspot.api-version=2026-09")
class PortalValidationRulesTest extends SandboxTest {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;
    @Autowired
    HubSpotClient hubspotClient;

    @BeforeEach
    void connected() {
        freshConnectedSandbox();
    }

    private JiraSandbox.Issue issueOf(long itemId, String dealId) {
        return jira.issue(jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId))
                .orElseThrow();
    }

    private List<String> linkedDeals(long itemId) {
        return jdbc.queryForList("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id", String.class, itemId);
    }

    /** Two linked deals of new business, the first without a close date; the rule: existing business needs one. */
    private long itemWithRule(List<String> deals) {
        long itemId = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", itemId);
        // deals of new business: their issues' Segment says New Business, so Existing Business is an edit
        List<String> linked = linkedDeals(itemId).stream()
                .filter(id -> "newbusiness".equals(hubspot.record("deals", id).orElseThrow().properties.get("dealtype"))).toList();
        deals.addAll(linked.subList(0, 2));
        hubspot.update("deals", deals.get(0), Map.of("closedate", ""));
        hubspot.rules().requireWhen("deals", "closedate", "dealtype", "existingbusiness");
        return itemId;
    }

    /** Ada edits both issues; their events are stored first and processed in one inbox round (one HubSpot batch). */
    private void editBothInOneRound(JiraSandbox.Issue refused, JiraSandbox.Issue fine) throws Exception {
        camel.getRouteController().stopRoute("jira-inbox");
        webhooks.setEnabled(true);
        jira.asUser("ada.lovelace@example.com", () -> {
            var segment = json.createObjectNode();
            segment.putObject("fields").putObject("customfield_10013").put("value", "Existing Business");
            JiraIssues.edit(jira, refused, segment);
            var summary = json.createObjectNode();
            summary.putObject("fields").put("summary", "Renamed while the other one is refused");
            JiraIssues.edit(jira, fine, summary);
            return null;
        });
        webhooks.drain();
        calls.clear();
        camel.getRouteController().startRoute("jira-inbox");
        waitForInbox();
    }

    @Test
    void aJiraEditARuleRefusesIsOneDeadLetterNamingTheRuleAndTheBatchsOtherRecordIsWritten() throws Exception {
        List<String> deals = new java.util.ArrayList<>();
        long itemId = itemWithRule(deals);
        JiraSandbox.Issue refused = issueOf(itemId, deals.get(0));
        JiraSandbox.Issue fine = issueOf(itemId, deals.get(1));

        editBothInOneRound(refused, fine);

        assertThat(calls.matching("hubspot", "POST", "/crm/objects/2026-09/deals/batch/update")).as("one batch for both issues")
                .singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(400));
        assertThat(hubspot.record("deals", deals.get(1)).orElseThrow().properties.get("dealname")).isEqualTo("Renamed while the other one is refused");
        assertThat(hubspot.record("deals", deals.get(0)).orElseThrow().properties.get("dealtype")).isEqualTo("newbusiness");

        Answer letters = call("GET", "/api/dead-letters", null);
        assertThat(letters.body()).hasSize(1);
        JsonNode letter = letters.body().get(0);
        assertThat(letter.path("issueKey").asText()).isEqualTo(refused.key);
        assertThat(letter.path("attempts").asInt()).as("dead at once: a retry cannot change the portal's rule").isEqualTo(1);
        assertThat(letter.path("errorCategory").asText()).isEqualTo("MISSING_CONDITIONAL_REQUIRED_PROPERTY");
        assertThat(letter.path("reason").asText())
                .startsWith("A rule of the HubSpot portal refused the write: the portal's conditional property rule requires closedate when dealtype"
                        + " has the value written, and the write leaves it empty")
                .contains("Settings → Properties").contains("then replay");
        assertThat(calls.count("hubspot", "PATCH", "/crm/objects/2026-09/deals/.*")).as("each record alone after the batch was refused")
                .isEqualTo(2);
    }

    @Test
    void aRefusalIsRememberedAndSavingAnItemThatWritesWhatTheRuleDependsOnWarns() throws Exception {
        List<String> deals = new java.util.ArrayList<>();
        long itemId = itemWithRule(deals);
        Answer before = call("PUT", "/api/items/" + itemId, demoDealsItem());
        assertThat(before.body().path("warnings")).as("nothing known about the portal's rules yet").isEmpty();

        editBothInOneRound(issueOf(itemId, deals.get(0)), issueOf(itemId, deals.get(1)));

        Answer after = call("PUT", "/api/items/" + itemId, demoDealsItem());
        assertThat(after.status()).as(after.text()).isEqualTo(200);
        assertThat(after.body().path("warnings")).singleElement().satisfies(w -> {
            assertThat(w.path("field").asText()).isEqualTo("fieldMappings[3]");
            assertThat(w.path("reason").asText()).contains("a conditional property rule of the portal requires closedate depending on dealtype")
                    .contains("This item writes dealtype from Jira but never closedate").contains("Map closedate from a Jira field");
        });

        Map<String, Object> fillsIt = demoDealsItem();
        fillsIt.put("name", "Deals with their close date");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> mappings = (List<Map<String, Object>>) fillsIt.get("fieldMappings");
        mappings.add(Map.of("hubspotProperty", "closedate", "jiraField", "customfield_10014"));
        Answer created = call("POST", "/api/items", fillsIt);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.body().path("warnings")).as("an item that writes closedate too").isEmpty();
    }

    @Test
    void aJiraCommentTheNotesCreateRecordSettingsRefuseIsOneDeadLetterAndSavingTheItemWarns() {
        long itemId = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", itemId);
        String dealId = linkedDeals(itemId).get(0);
        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        int notesBefore = hubspot.notesOf("deals", dealId).size();
        hubspot.rules().requireOnCreate("notes", "hubspot_owner_id");

        webhooks.setEnabled(true);
        var doc = json.createObjectNode().put("type", "doc").put("version", 1);
        doc.putArray("content").addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text").put("text", "Signed today");
        jira.asUser("ada.lovelace@example.com", () -> JiraIssues.addComment(jira, issue, doc, jiraBase()));
        waitForInbox();

        assertThat(hubspot.notesOf("deals", dealId)).hasSize(notesBefore);
        Answer letters = call("GET", "/api/dead-letters", null);
        assertThat(letters.body()).singleElement().satisfies(letter -> {
            assertThat(letter.path("issueKey").asText()).isEqualTo(issue.key);
            assertThat(letter.path("attempts").asInt()).as("dead at once: a retry cannot change the portal's rule").isEqualTo(1);
            assertThat(letter.path("errorCategory").asText()).isEqualTo("MISSING_REQUIRED_PROPERTY");
            assertThat(letter.path("reason").asText())
                    .startsWith("A rule of the HubSpot portal refused the write: the object's Create Record settings require hubspot_owner_id"
                            + " on every new record")
                    .contains("then replay");
        });

        Answer saved = call("PUT", "/api/items/" + itemId, demoDealsItem());
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        assertThat(saved.body().path("warnings")).singleElement().satisfies(w -> {
            assertThat(w.path("field").asText()).isEqualTo("commentsSync");
            assertThat(w.path("reason").asText()).contains("the notes' Create Record settings of the portal require hubspot_owner_id")
                    .contains("becomes a dead letter");
        });
    }

    @Test
    void theSimulatedPortalEnforcesItsRulesFrom2026_09AndTheClientReadsEachForm() {
        HubSpotSandbox.Rec deal = hubspot.recordsOf("deals").values().iterator().next();
        hubspot.update("deals", deal.id, Map.of("closedate", ""));
        hubspot.rules().requireWhen("deals", "closedate", "dealstage", "closedwon");
        hubspot.rules().requireOnCreate("notes", "hubspot_owner_id");

        Answer old = hubspotCall("PATCH", "/crm/objects/2026-03/deals/" + deal.id, "{\"properties\":{\"dealstage\":\"closedwon\"}}");
        assertThat(old.status()).as("2026-03 ignores the portal's rules").isEqualTo(200);
        hubspot.update("deals", deal.id, Map.of("dealstage", "appointmentscheduled"));
        Answer refused = hubspotCall("PATCH", "/crm/objects/2026-09/deals/" + deal.id, "{\"properties\":{\"dealstage\":\"closedwon\"}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(refused.body().at("/errors/0/code").asText()).isEqualTo("MISSING_CONDITIONAL_REQUIRED_PROPERTY");
        assertThat(refused.body().at("/errors/0/context/propertyName/0").asText()).isEqualTo("closedate");
        assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("dealstage")).isEqualTo("appointmentscheduled");

        assertThatThrownBy(() -> hubspotClient.update("deals", deal.id, Map.of("dealstage", "closedwon")))
                .isInstanceOfSatisfying(HubSpotApiException.class, e -> {
                    assertThat(e.portalRule()).get().satisfies(p -> {
                        assertThat(p.properties()).containsExactly("closedate");
                        assertThat(p.basedOn()).containsExactly("dealstage");
                    });
                    assertThat(e.getMessage()).contains("requires closedate when dealstage has the value written");
                });

        Answer note = hubspotCall("POST", "/crm/objects/2026-09/notes", "{\"properties\":{\"hs_timestamp\":\"2026-12-01T10:00:00Z\",\"hs_note_body\":\"x\"},"
                + "\"associations\":[]}");
        assertThat(note.status()).isEqualTo(400);
        assertThat(note.body().at("/errors/0/code").asText()).isEqualTo("MISSING_REQUIRED_PROPERTY");
        assertThat(note.body().at("/errors/0/message").asText()).isEqualTo("A value for hubspot_owner_id must be provided");

        hubspot.rules().denyAssociationEdits(DEMO_TOKEN);
        Answer associate = hubspotCall("PUT", "/crm/objects/2026-09/deals/" + deal.id + "/associations/default/companies/"
                + hubspot.recordsOf("companies").keySet().iterator().next(), null);
        assertThat(associate.status()).isEqualTo(400);
        assertThat(associate.body().path("message").asText()).isEqualTo("Missing 'Edit Associations' permission.");
    }

    private Answer hubspotCall(String method, String path, String body) {
        try {
            var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/sandbox/hubspot" + path))
                    .header("Authorization", "Bearer " + DEMO_TOKEN).header("Content-Type", "application/json")
                    .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody() : java.net.http.HttpRequest.BodyPublishers.ofString(body));
            var r = http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body()), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
