package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubjira.intake.HubSpotWebhookIntake;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * HubSpot app webhooks end to end: the simulated portal signs and POSTs its creation and propertyChange events to
 * /webhooks/hubspot, and the records reach Jira within moments, without waiting for the scheduled poll.
 */
class HubSpotWebhookFlowTest extends SandboxTest {

    static final String SECRET = "test-hubspot-client-secret";

    @Autowired
    ProducerTemplate producer;
    @Autowired
    org.apache.camel.CamelContext camel;

    @BeforeEach
    void clean() {
        resetEverything();
        webhooks.setEnabled(false);
        connectDemoPortalAndSite();
    }

    @AfterEach
    void quiet() {
        hubspotWebhooks.setEnabled(false);
        hubspotWebhooks.drain();
    }

    private Optional<JiraSandbox.Issue> issueOf(String dealId) {
        return jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().matches(".*\"hubspot-" + PORTAL + "-item\\d+-deals-" + dealId + "\".*"))
                .findFirst();
    }

    @Test
    void aDealCreatedInHubSpotBecomesAnIssueWithinMomentsWithoutAPoll() {
        createItem(demoDealsItem());
        hubspotWebhooks.setEnabled(true);
        calls.clear();
        HubSpotSandbox.Rec deal = hubspot.create("deals", Map.of("dealname", "Signed up through a webhook", "amount", "1200",
                "dealtype", "newbusiness", "dealstage", "appointmentscheduled"));
        eventually("an issue for the new deal", () -> issueOf(deal.id).isPresent());
        assertThat(issueOf(deal.id).orElseThrow().fields.path("summary").asText()).isEqualTo("Signed up through a webhook");
        eventually("the Issue link note on the deal", () -> !hubspot.associated("deals", deal.id, "notes").isEmpty());
        assertThat(calls.count("hubspot", "POST", "/crm/objects/2026-03/deals/search")).as("no poll ran").isZero();
        assertThat(calls.count("hubspot", "POST", "/crm/objects/2026-03/deals/batch/read")).isEqualTo(1);
        assertThat(jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + deal.id + "\""))).hasSize(1);
    }

    @Test
    void editsReachJiraAtOnceInBatchReadsAndThePollAfterwardsWritesNothingAgain() {
        long id = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", id);
        producer.requestBody("direct:hubspot-poll-item", id);
        List<String> dealIds = hubspot.recordsOf("deals").keySet().stream().limit(10).toList();
        hubspotWebhooks.setEnabled(true);
        calls.clear();
        for (String dealId : dealIds) {
            hubspot.update("deals", dealId, Map.of("dealname", "Renamed live " + dealId));
        }
        eventually("the ten issues renamed", () -> dealIds.stream().allMatch(d ->
                issueOf(d).map(i -> i.fields.path("summary").asText().equals("Renamed live " + d)).orElse(false)));
        // gathered per 200 ms window (the tests' setting): a window boundary may split them, one read per edit never
        assertThat(calls.count("hubspot", "POST", "/crm/objects/2026-03/deals/batch/read")).as("changes gathered into batch reads").isBetween(1L, 5L);
        assertThat(calls.count("hubspot", "GET", "/crm/objects/2026-03/deals/\\d+")).isZero();
        assertThat(calls.count("hubspot", "POST", "/crm/objects/2026-03/deals/search")).isZero();

        hubspotWebhooks.setEnabled(false);
        calls.clear();
        producer.requestBody("direct:hubspot-poll-item", id);
        assertThat(calls.calls("jira")).as("the catch-up poll finds the versions already synced").isEmpty();
    }

    @Test
    void aNoteAddedInHubSpotBecomesAJiraCommentWithoutAPoll() {
        long id = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", id);
        producer.requestBody("direct:hubspot-poll-item", id);
        String dealId = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, id);
        JiraSandbox.Issue issue = issueOf(dealId).orElseThrow();
        int before = issue.comments.size();
        hubspotWebhooks.setEnabled(true);
        calls.clear();
        hubspot.addNote("deals", dealId, "<p>Customer called about the <strong>renewal</strong>.</p>", "502", List.of());
        eventually("the note as a Jira comment", () -> issue.comments.size() == before + 1);
        assertThat(issue.comments.get(issue.comments.size() - 1).toString()).contains("From HubSpot").contains("renewal");
        assertThat(calls.count("hubspot", "POST", "/crm/objects/2026-03/deals/search")).as("no poll ran").isZero();
        assertThat(calls.count("hubspot", "GET", "/crm/objects/2026-03/deals/\\d+/associations/notes")).as("notes read in batch").isZero();
    }

    @Test
    void aNoteEditedInHubSpotUpdatesItsJiraCommentAtOnceWithNoChangeToAnyRecord() throws Exception {
        long id = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", id);
        String dealId = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, id);
        JiraSandbox.Issue issue = issueOf(dealId).orElseThrow();
        hubspotWebhooks.setEnabled(true);
        HubSpotSandbox.Rec note = hubspot.addNote("deals", dealId, "<p>First draft of the plan</p>", null, List.of());
        eventually("the note as a comment", () -> issue.comments.stream().anyMatch(c -> c.toString().contains("First draft of the plan")));
        String recordModified = hubspot.record("deals", dealId).orElseThrow().properties.get("hs_lastmodifieddate");
        int comments = issue.comments.size();
        calls.clear();
        hubspot.update("notes", note.id, Map.of("hs_note_body", "<p>Final plan, agreed</p>"));
        eventually("the comment edited", () -> issue.comments.stream().anyMatch(c -> c.toString().contains("Final plan, agreed")));
        assertThat(issue.comments).as("edited in place").hasSize(comments);
        assertThat(hubspot.record("deals", dealId).orElseThrow().properties.get("hs_lastmodifieddate")).as("no record changed").isEqualTo(recordModified);
        assertThat(calls.count("hubspot", "POST", "/crm/objects/2026-03/(deals|notes)/search")).as("no poll ran").isZero();

        // HubSpot's legacy spelling of note events (note.propertyChange) is read the same way
        String body = "[{\"eventId\":1,\"subscriptionId\":1,\"portalId\":" + PORTAL + ",\"appId\":1,\"occurredAt\":" + System.currentTimeMillis()
                + ",\"subscriptionType\":\"note.propertyChange\",\"attemptNumber\":0,\"objectId\":" + note.id
                + ",\"propertyName\":\"hs_note_body\",\"propertyValue\":\"x\",\"changeSource\":\"CRM_UI\"}]";
        hubspotWebhooks.setEnabled(false);
        hubspot.updateAt("notes", note.id, Map.of("hs_note_body", "<p>Plan v3</p>"), java.time.Instant.now());
        String url = "http://127.0.0.1:" + port + "/webhooks/hubspot";
        String timestamp = String.valueOf(System.currentTimeMillis());
        var request = request("/webhooks/hubspot").header("Content-Type", "application/json")
                .header("X-HubSpot-Request-Timestamp", timestamp)
                .header("X-HubSpot-Signature-v3", io.hubjira.sandbox.hubspot.HubSpotWebhookSender.signatureV3(SECRET, "POST", url, body, timestamp))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        assertThat(http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        eventually("the comment edited again", () -> issue.comments.stream().anyMatch(c -> c.toString().contains("Plan v3")));
        assertThat(issue.comments).hasSize(comments);
    }

    @Test
    void aDeliveryIsStoredBeforeItIsAnsweredSoARestartLosesNothing() throws Exception {
        long id = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", id);
        String dealId = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, id);
        camel.getRouteController().stopRoute("hubspot-webhook-sync");
        try {
            hubspotWebhooks.setEnabled(true);
            hubspot.update("deals", dealId, Map.of("dealname", "Changed while the connector was down"));
            hubspotWebhooks.drain();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change WHERE record_id = ?", Integer.class, dealId)).isEqualTo(1);
            assertThat(issueOf(dealId).orElseThrow().fields.path("summary").asText()).isNotEqualTo("Changed while the connector was down");
        } finally {
            camel.getRouteController().startRoute("hubspot-webhook-sync");
        }
        eventually("the stored change synced", () -> "Changed while the connector was down".equals(issueOf(dealId).orElseThrow().fields.path("summary").asText()));
        // the queue row is deleted after the record's sync commits, so it can outlive the Jira write by a moment
        eventually("the stored change consumed", () -> jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change", Integer.class) == 0);
    }

    @Test
    void whenTheChangesCannotBeStoredTheAnswerIs503SoHubSpotDeliversAgain() throws Exception {
        createItem(demoDealsItem());
        String dealId = hubspot.recordsOf("deals").keySet().iterator().next();
        String events = "[{\"subscriptionType\":\"deal.propertyChange\",\"objectId\":" + dealId + ",\"portalId\":" + PORTAL + "}]";
        jdbc.execute("ALTER TABLE hubspot_change RENAME TO hubspot_change_unavailable");
        try {
            HttpResponse<String> refused = signedDelivery(events);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(json.readTree(refused.body()).path("code").asText()).isEqualTo("storage_unavailable");
        } finally {
            jdbc.execute("ALTER TABLE hubspot_change_unavailable RENAME TO hubspot_change");
        }
        assertThat(signedDelivery(events).statusCode()).isEqualTo(200);
    }

    @Test
    void deliveriesAreAuthenticatedAndCheckedBeforeAnythingIsQueued() throws Exception {
        createItem(demoDealsItem());
        String dealId = hubspot.recordsOf("deals").keySet().iterator().next();
        String events = "[{\"eventId\":1,\"subscriptionId\":4242,\"portalId\":" + PORTAL + ",\"appId\":1234567,\"occurredAt\":"
                + System.currentTimeMillis() + ",\"subscriptionType\":\"deal.propertyChange\",\"attemptNumber\":0,\"objectId\":" + dealId
                + ",\"propertyName\":\"dealname\",\"propertyValue\":\"x\",\"changeSource\":\"CRM_UI\"}]";
        calls.clear();

        HttpResponse<String> malformed = deliver(events, "c29tZXRoaW5nIGVsc2U=", System.currentTimeMillis());
        assertThat(malformed.statusCode()).isEqualTo(401);
        assertThat(json.readTree(malformed.body()).path("detail").asText()).contains("not the base64 of an HMAC-SHA256");
        HttpResponse<String> forged = deliver(events, "A".repeat(43) + "=", System.currentTimeMillis());
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(json.readTree(forged.body()).path("detail").asText()).contains("X-HubSpot-Signature-v3 does not match");

        long old = System.currentTimeMillis() - 6 * 60_000;
        HttpResponse<String> replayed = deliver(events, sign(events, old), old);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(json.readTree(replayed.body()).path("detail").asText()).contains("more than 5 minutes");

        HttpResponse<String> notJson = signedDelivery("[{\"objectId\":");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notJson.body()).path("code").asText()).isEqualTo("malformed_json");

        HttpResponse<String> notAnArray = signedDelivery("{\"subscriptionType\":\"deal.creation\",\"objectId\":1}");
        assertThat(notAnArray.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notAnArray.body()).path("detail").asText()).contains("JSON array");

        HttpResponse<String> noObject = signedDelivery("[{\"subscriptionType\":\"deal.creation\"}]");
        assertThat(noObject.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noObject.body()).path("detail").asText()).contains("event 0").contains("objectId");

        HttpResponse<String> unwatched = signedDelivery("[{\"subscriptionType\":\"contact.creation\",\"objectId\":5,\"portalId\":" + PORTAL + "},"
                + "{\"subscriptionType\":\"deal.associationChange\",\"objectId\":" + dealId + ",\"portalId\":" + PORTAL + "},"
                + "{\"subscriptionType\":\"deal.propertyChange\",\"objectId\":" + dealId + ",\"portalId\":99}]");
        assertThat(unwatched.statusCode()).isEqualTo(200);
        assertThat(json.readTree(unwatched.body()).path("records").asInt()).as("nothing this connector syncs").isZero();

        HttpResponse<String> accepted = signedDelivery(events);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(json.readTree(accepted.body()).path("records").asInt()).isEqualTo(1);
        eventually("the named deal read", () -> calls.count("hubspot", "POST", "/crm/objects/2026-03/deals/batch/read") == 1);
    }

    private HttpResponse<String> signedDelivery(String body) throws Exception {
        long now = System.currentTimeMillis();
        return deliver(body, sign(body, now), now);
    }

    private String sign(String body, long timestamp) {
        return HubSpotWebhookIntake.signatureV3(SECRET, "POST", "http://127.0.0.1:" + port + "/webhooks/hubspot", body, String.valueOf(timestamp));
    }

    private HttpResponse<String> deliver(String body, String signature, long timestamp) throws Exception {
        return http.send(request("/webhooks/hubspot")
                .header("Content-Type", "application/json")
                .header("X-HubSpot-Signature-Version", "v3")
                .header("X-HubSpot-Signature-v3", signature)
                .header("X-HubSpot-Request-Timestamp", String.valueOf(timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
