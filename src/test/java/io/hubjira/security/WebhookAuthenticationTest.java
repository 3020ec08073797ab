package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.intake.HubSpotWebhookIntake;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.sandbox.jira.JiraWebhookSender;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Threat: a caller who lacks the webhook secret, or holds one captured delivery, makes the connector act on events Jira
 * never sent: a secret in a URL (where proxies log it), a deletion for an issue that still exists, an attachment of
 * another issue named in a changelog, a signed body sent again under a fresh delivery id. Each over real HTTP against
 * the running connector and the simulated Jira.
 */
class WebhookAuthenticationTest extends SandboxTest {

    static final String SECRET = "test-webhook-secret";
    static final String HUBSPOT_SECRET = "test-hubspot-client-secret";
    static final String ADA = "5b10ac8d82e05b22cc7d4ef1";

    @Autowired
    ProducerTemplate producer;

    @BeforeEach
    void fresh() {
        freshConnectedSandbox();
    }

    @Test
    void aSecretOrSignatureInTheQueryStringIsNoCredential() throws Exception {
        String body = issueEvent("jira:issue_updated", "99999", "SUP-999", System.currentTimeMillis());
        String bearer = URLEncoder.encode("Bearer " + SECRET, StandardCharsets.UTF_8);

        HttpResponse<String> secretInQuery = jira("?Authorization=" + bearer, body, Map.of());
        assertThat(secretInQuery.statusCode()).as(secretInQuery.body()).isEqualTo(401);
        assertThat(json.readTree(secretInQuery.body()).path("code").asText()).isEqualTo("unauthorized");
        String signature = URLEncoder.encode(sign(body), StandardCharsets.UTF_8);
        assertThat(jira("?X-Hub-Signature=" + signature, body, Map.of()).statusCode()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox", Integer.class)).isZero();

        // the same credentials in real headers are taken; a delivery id in the query string is not the delivery's
        assertThat(jira("", body, Map.of("Authorization", "Bearer " + SECRET)).statusCode()).isEqualTo(202);
        String other = issueEvent("jira:issue_updated", "99999", "SUP-999", System.currentTimeMillis() + 1);
        HttpResponse<String> signed = jira("?X-Atlassian-Webhook-Identifier=forged-id", other, Map.of("X-Hub-Signature", sign(other)));
        assertThat(signed.statusCode()).isEqualTo(202);
        assertThat(json.readTree(signed.body()).path("identifier").asText()).isNotEqualTo("forged-id").startsWith("sha256:");
    }

    @Test
    void aHubSpotSignatureInTheQueryStringIsNoCredential() throws Exception {
        createItem(demoDealsItem());
        String dealId = hubspot.recordsOf("deals").keySet().iterator().next();
        String events = "[{\"subscriptionType\":\"deal.propertyChange\",\"objectId\":" + dealId + ",\"portalId\":" + PORTAL + "}]";
        String url = "http://127.0.0.1:" + port + "/webhooks/hubspot";
        String timestamp = String.valueOf(System.currentTimeMillis());
        String signature = HubSpotWebhookIntake.signatureV3(HUBSPOT_SECRET, "POST", url, events, timestamp);

        String query = "?X-HubSpot-Signature-v3=" + URLEncoder.encode(signature, StandardCharsets.UTF_8) + "&X-HubSpot-Request-Timestamp=" + timestamp;
        HttpResponse<String> inQuery = http.send(request("/webhooks/hubspot" + query).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(events)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(inQuery.statusCode()).as(inQuery.body()).isEqualTo(401);
        assertThat(json.readTree(inQuery.body()).path("detail").asText()).contains("Send X-HubSpot-Signature-v3");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change", Integer.class)).isZero();

        HttpResponse<String> inHeaders = http.send(request("/webhooks/hubspot").header("Content-Type", "application/json")
                .header("X-HubSpot-Signature-v3", signature).header("X-HubSpot-Request-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(events)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(inHeaders.statusCode()).as("the same signature in real headers").isEqualTo(200);
    }

    @Test
    void aDeletionEventForAnIssueJiraStillHasIsDroppedAndAuditedAndARealDeletionIsApplied() throws Exception {
        Map<String, Object> item = demoDealsItem();
        item.put("lifecycle", Map.of("unlinkDeletedIssues", true));
        long itemId = createItem(item);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        String dealId = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, itemId);
        JiraSandbox.Issue issue = jira.issue(jdbc.queryForObject("SELECT issue_key FROM record_link WHERE record_id = ?", String.class, dealId)).orElseThrow();
        calls.clear();

        String forged = issueEvent("jira:issue_deleted", issue.id, issue.key, System.currentTimeMillis());
        assertThat(jira("", forged, Map.of("X-Hub-Signature", sign(forged))).statusCode()).isEqualTo(202);
        waitForInbox();

        assertThat(calls.count("jira", "GET", "/rest/api/3/issue/" + issue.id)).as("Jira asked whether the issue is gone").isEqualTo(1);
        assertThat(linksOf(dealId)).as("the link is kept").isEqualTo(1);
        assertThat(notesOf(dealId)).noneMatch(body -> body.contains("was deleted"));
        assertThat(jdbc.queryForObject("SELECT detail FROM audit_event WHERE action = 'ISSUE_DELETED' AND outcome = 'SKIPPED' AND record_id = ?",
                String.class, dealId)).contains("Jira still has issue " + issue.id);
        assertThat(jdbc.queryForObject("SELECT last_error FROM webhook_inbox WHERE event_type = 'jira:issue_deleted'", String.class))
                .contains("deletion not applied");

        webhooks.setEnabled(true);
        jira.asUser("ada.lovelace@example.com", () -> {
            jira.deleteIssue(issue);
            return null;
        });
        waitForInbox();
        assertThat(linksOf(dealId)).as("once Jira answers 404, the deletion applies").isZero();
        assertThat(notesOf(dealId)).anyMatch(body -> body.contains("Jira issue " + issue.key + " was deleted in Jira"));
    }

    @Test
    void aChangelogAttachmentIdOfAnotherIssueIsNotCopied() throws Exception {
        long itemId = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", itemId);
        List<String> deals = jdbc.queryForList("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 2", String.class, itemId);
        JiraSandbox.Issue own = issueOf(deals.get(0));
        JiraSandbox.Issue other = issueOf(deals.get(1));
        ObjectNode ownFile = JiraIssues.addAttachment(jira, own, "own-notes.txt", "text/plain", "ours".getBytes(StandardCharsets.UTF_8), jiraBase());
        ObjectNode otherFile = JiraIssues.addAttachment(jira, other, "other-contract.pdf", "application/pdf", "not yours".getBytes(StandardCharsets.UTF_8),
                jiraBase());

        ObjectNode event = (ObjectNode) json.readTree(issueEvent("jira:issue_updated", own.id, own.key, System.currentTimeMillis()));
        ArrayNode items = event.putObject("changelog").put("id", "777").putArray("items");
        items.addObject().put("field", "Attachment").put("fieldtype", "jira").put("fieldId", "attachment").put("to", ownFile.path("id").asText())
                .put("toString", "own-notes.txt");
        items.addObject().put("field", "Attachment").put("fieldtype", "jira").put("fieldId", "attachment").put("to", otherFile.path("id").asText())
                .put("toString", "other-contract.pdf");
        String body = event.toString();
        assertThat(jira("", body, Map.of("X-Hub-Signature", sign(body))).statusCode()).isEqualTo(202);
        waitForInbox();

        assertThat(notesOf(deals.get(0))).as("the issue's own attachment is copied").anyMatch(n -> n.contains("own-notes.txt"))
                .noneMatch(n -> n.contains("other-contract.pdf"));
        assertThat(jdbc.queryForList("SELECT jira_attachment_id FROM attachment_link", String.class)).contains(ownFile.path("id").asText())
                .doesNotContain(otherFile.path("id").asText());
        assertThat(jdbc.queryForObject("SELECT detail FROM audit_event WHERE action = 'ATTACHMENT_SKIPPED' AND record_id = ?", String.class, deals.get(0)))
                .contains("attachment " + otherFile.path("id").asText() + " is not an attachment of " + own.key);
    }

    @Test
    void aSignedBodyReplayedUnderANewDeliveryIdWithinTheWindowIsStoredOnce() throws Exception {
        String body = issueEvent("jira:issue_updated", "99999", "SUP-999", System.currentTimeMillis());
        HttpResponse<String> first = jira("", body, Map.of("X-Hub-Signature", sign(body), "X-Atlassian-Webhook-Identifier", "delivery-1"));
        assertThat(json.readTree(first.body()).path("duplicate").asBoolean()).isFalse();

        HttpResponse<String> replay = jira("", body, Map.of("X-Hub-Signature", sign(body), "X-Atlassian-Webhook-Identifier", "delivery-2"));
        assertThat(replay.statusCode()).as("acknowledged, so a sender does not retry it").isEqualTo(202);
        assertThat(json.readTree(replay.body()).path("duplicate").asBoolean()).isTrue();
        assertThat(json.readTree(replay.body()).path("reason").asText()).contains("replay window");
        HttpResponse<String> retry = jira("", body, Map.of("X-Hub-Signature", sign(body), "X-Atlassian-Webhook-Identifier", "delivery-1",
                "X-Atlassian-Webhook-Retry", "1"));
        assertThat(json.readTree(retry.body()).path("duplicate").asBoolean()).as("Jira's own retry").isTrue();
        assertThat(storedCopies(body)).isEqualTo(1);

        String later = issueEvent("jira:issue_updated", "99999", "SUP-999", System.currentTimeMillis() + 1);
        jira("", later, Map.of("X-Hub-Signature", sign(later), "X-Atlassian-Webhook-Identifier", "delivery-3"));
        assertThat(storedCopies(later)).as("another event of the same issue is its own delivery").isEqualTo(1);

        // past the window (25 hours of the default 24 ago) the body no longer counts as seen
        jdbc.update("UPDATE webhook_body_digest SET received_at = ?", OffsetDateTime.now().minusHours(25));
        jira("", body, Map.of("X-Hub-Signature", sign(body), "X-Atlassian-Webhook-Identifier", "delivery-4"));
        assertThat(storedCopies(body)).isEqualTo(2);
    }

    private HttpResponse<String> jira(String query, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = request("/webhooks/jira" + query)
                .header("Content-Type", "application/json; charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String body) {
        return "sha256=" + JiraWebhookSender.hmacHex(SECRET, body);
    }

    /** An issue event as Jira's admin webhooks send it, caused by Ada (the connector's own events are dropped as echoes). */
    private String issueEvent(String type, String issueId, String issueKey, long timestamp) {
        ObjectNode event = json.createObjectNode();
        event.put("timestamp", timestamp);
        event.put("webhookEvent", type);
        event.put("issue_event_type_name", type.substring(type.indexOf(':') + 1));
        event.putObject("user").put("accountId", ADA).put("displayName", "Ada Lovelace");
        event.putObject("issue").put("id", issueId).put("key", issueKey).putObject("fields").put("summary", "an issue");
        return event.toString();
    }

    private int storedCopies(String body) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE payload = ?", Integer.class, body);
    }

    private int linksOf(String dealId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE record_id = ?", Integer.class, dealId);
    }

    private List<String> notesOf(String dealId) {
        return hubspot.notesOf("deals", dealId).stream().map(n -> n.properties.get("hs_note_body")).toList();
    }

    private JiraSandbox.Issue issueOf(String dealId) {
        return jira.issue(jdbc.queryForObject("SELECT issue_key FROM record_link WHERE record_id = ?", String.class, dealId)).orElseThrow();
    }
}
