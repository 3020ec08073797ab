package io.hubjira.jiratohubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.connection.ConnectionTarget;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.sandbox.jira.JiraWebhookSender;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Several Jira sites send webhooks, each to its own URL {@code /webhooks/jira/{connectionId}} with its own secret, over
 * real HTTP: a delivery is taken only with the secret of the site its URL names, is stored under that site, and reaches
 * only the records of items bound to that site, even when another site has an issue of the same key and id; the old URL
 * {@code /webhooks/jira} keeps serving the first site after a second is added. A second
 * site here is a second connection to the simulated Jira under another name, with its own webhook secret and its own
 * connector account.
 */
class JiraSiteWebhooksTest extends SandboxTest {

    /** The first site's secret: JIRA_WEBHOOK_SECRET, as installations from before several sites have it. */
    static final String FIRST_SECRET = "test-webhook-secret";
    static final String SECOND_SECRET = "emea-site-webhook-secret";
    static final String ADA = "5b10ac8d82e05b22cc7d4ef1";

    @Autowired
    ProducerTemplate producer;

    long first;

    @BeforeEach
    void oneSiteConnected() {
        freshConnectedSandbox();
        first = jiraConnectionService.current().orElseThrow().id();
    }

    private long secondSite() {
        long id = jiraConnectionService.connect(ConnectionTarget.added("jira-emea"), jiraBase(), "connector@example.com", "sandbox-jira-token").id();
        jiraConnectionService.setWebhook(id, SECOND_SECRET, null);
        return id;
    }

    @Test
    void eachSitesUrlTakesDeliveriesSignedWithItsOwnSecretOnly() throws Exception {
        long second = secondSite();
        String body = issueEvent("100", "SUP-1", ADA, 1);

        HttpResponse<String> own = post("/webhooks/jira/" + second, body, signed(SECOND_SECRET, body));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(202);
        assertThat(post("/webhooks/jira/" + second, body, signed(FIRST_SECRET, body)).statusCode()).as("the first site's secret").isEqualTo(401);
        assertThat(post("/webhooks/jira/" + second, body, Map.of("Authorization", "Bearer " + FIRST_SECRET)).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/jira/" + first, body, signed(SECOND_SECRET, body)).statusCode()).as("the second site's secret").isEqualTo(401);
        HttpResponse<String> firstOwn = post("/webhooks/jira/" + first, body, signed(FIRST_SECRET, body));
        assertThat(firstOwn.statusCode()).as("the first site keeps JIRA_WEBHOOK_SECRET").isEqualTo(202);
        assertThat(json.readTree(firstOwn.body()).path("duplicate").asBoolean()).as("the other site's copy of the body is no replay here").isFalse();

        for (String unknown : List.of("/webhooks/jira/99", "/webhooks/jira/0", "/webhooks/jira/not-an-id")) {
            HttpResponse<String> refused = post(unknown, body, signed(SECOND_SECRET, body));
            assertThat(refused.statusCode()).as(unknown).isEqualTo(401);
            assertThat(json.readTree(refused.body()).path("code").asText()).isEqualTo("unauthorized");
        }
        jiraConnectionService.revoke(second);
        assertThat(post("/webhooks/jira/" + second, issueEvent("100", "SUP-1", ADA, 2), signed(SECOND_SECRET, issueEvent("100", "SUP-1", ADA, 2)))
                .statusCode()).as("a revoked site's deliveries are refused like a wrong secret").isEqualTo(401);

        assertThat(jdbc.queryForList("SELECT jira_connection_id FROM webhook_inbox ORDER BY id", Long.class)).as("each stored under its site")
                .containsExactly(second, first);
    }

    @Test
    void theOldUrlKeepsServingTheFirstSiteWhenASecondIsAdded() throws Exception {
        Linked linked = linkedDeal();
        long second = secondSite();
        renameInJira(linked.issue());
        String body = summaryChanged(linked.issue().id, linked.issue().key, ADA, System.currentTimeMillis());

        for (Map<String, String> otherSite : List.of(signed(SECOND_SECRET, body), Map.of("Authorization", "Bearer " + SECOND_SECRET))) {
            HttpResponse<String> refused = post("/webhooks/jira", body, otherSite);
            assertThat(refused.statusCode()).as("the second site's secret on the first site's URL").isEqualTo(401);
            assertThat(json.readTree(refused.body()).path("code").asText()).isEqualTo("unauthorized");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox", Integer.class)).isZero();

        HttpResponse<String> taken = post("/webhooks/jira", body, signed(FIRST_SECRET, body));
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(202);
        waitForInbox();
        assertThat(jdbc.queryForList("SELECT jira_connection_id FROM webhook_inbox", Long.class)).as("stored under the first site")
                .containsExactly(first).doesNotContain(second);
        assertThat(hubspot.record("deals", linked.deal().id).orElseThrow().properties.get("dealname"))
                .as("the first site's item never noticed the second site").isEqualTo("Renamed in Jira");
    }

    @Test
    void anIssueOfTheSameKeyOnAnotherSiteNeverReachesThisSitesRecords() throws Exception {
        Linked linked = linkedDeal();
        HubSpotSandbox.Rec deal = linked.deal();
        JiraSandbox.Issue issue = linked.issue();
        long second = secondSite();
        renameInJira(issue);
        String body = summaryChanged(issue.id, issue.key, ADA, System.currentTimeMillis());
        Map<String, String> delivery = Map.of("X-Atlassian-Webhook-Identifier", "delivery-7");

        assertThat(post("/webhooks/jira/" + second, body, with(delivery, signed(SECOND_SECRET, body))).statusCode()).isEqualTo(202);
        waitForInbox();
        assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("dealname")).as("the other site's issue of that key")
                .isNotEqualTo("Renamed in Jira");
        assertThat(jdbc.queryForObject("SELECT last_error FROM webhook_inbox WHERE jira_connection_id = ?", String.class, second))
                .isEqualTo("issue is not linked to a synchronized item");

        HttpResponse<String> own = post("/webhooks/jira/" + first, body, with(delivery, signed(FIRST_SECRET, body)));
        assertThat(json.readTree(own.body()).path("duplicate").asBoolean()).as("same delivery id and body, another site: a new event").isFalse();
        waitForInbox();
        assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("dealname")).isEqualTo("Renamed in Jira");
        assertThat(jdbc.queryForList("SELECT jira_connection_id FROM webhook_body_digest ORDER BY jira_connection_id", Long.class))
                .containsExactly(first, second);
    }

    @Test
    void eachSiteDropsOnlyTheEchoesOfItsOwnConnectorAccount() throws Exception {
        long second = secondSite();
        String firstAccount = jiraConnectionService.connection(first).orElseThrow().accountId();
        jdbc.update("UPDATE jira_connection SET account_id = 'emea-connector-account' WHERE id = ?", second);

        String byFirstConnector = issueEvent("100", "SUP-1", firstAccount, 1);
        String bySecondConnector = issueEvent("100", "SUP-1", "emea-connector-account", 2);
        post("/webhooks/jira/" + second, byFirstConnector, signed(SECOND_SECRET, byFirstConnector));
        post("/webhooks/jira/" + second, bySecondConnector, signed(SECOND_SECRET, bySecondConnector));
        post("/webhooks/jira/" + first, bySecondConnector, signed(FIRST_SECRET, bySecondConnector));
        post("/webhooks/jira/" + first, byFirstConnector, signed(FIRST_SECRET, byFirstConnector));
        waitForInbox();

        assertThat(jdbc.queryForList("SELECT jira_connection_id, event_timestamp, state FROM webhook_inbox ORDER BY id"))
                .extracting(r -> List.of(((Number) r.get("jira_connection_id")).longValue(), ((Number) r.get("event_timestamp")).longValue(), r.get("state")))
                .containsExactly(List.of(second, 1L, "DONE"), List.of(second, 2L, "IGNORED"), List.of(first, 2L, "DONE"), List.of(first, 1L, "IGNORED"));
    }

    private record Linked(HubSpotSandbox.Rec deal, JiraSandbox.Issue issue) {}

    /** A deal of an item of the first pair (summary owned both ways), polled into its linked issue on the first site. */
    private Linked linkedDeal() {
        Map<String, Object> item = demoDealsItem();
        item.put("mode", "CUSTOM");
        item.put("statusSync", false);
        item.put("fieldMappings", List.of(Map.of("hubspotProperty", "dealname", "jiraField", "summary", "owner", "BOTH")));
        long itemId = createItem(item);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        HubSpotSandbox.Rec deal = hubspot.recordsOf("deals").values().iterator().next();
        JiraSandbox.Issue issue = jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + deal.id + "\""))
                .findFirst().orElseThrow();
        return new Linked(deal, issue);
    }

    private void renameInJira(JiraSandbox.Issue issue) {
        jira.asUser("ada.lovelace@example.com", () -> {
            ObjectNode edit = json.createObjectNode();
            edit.putObject("fields").put("summary", "Renamed in Jira");
            JiraIssues.edit(jira, issue, edit);
            return null;
        });
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> signed(String secret, String body) {
        return Map.of("X-Hub-Signature", "sha256=" + JiraWebhookSender.hmacHex(secret, body));
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> both = new java.util.LinkedHashMap<>(a);
        both.putAll(b);
        return both;
    }

    /** An issue update as Jira's admin webhooks send it, caused by that account, with no field change. */
    private String issueEvent(String issueId, String issueKey, String accountId, long timestamp) {
        ObjectNode event = json.createObjectNode();
        event.put("timestamp", timestamp);
        event.put("webhookEvent", "jira:issue_updated");
        event.put("issue_event_type_name", "issue_generic");
        event.putObject("user").put("accountId", accountId).put("displayName", "Someone");
        event.putObject("issue").put("id", issueId).put("key", issueKey).putObject("fields").put("summary", "an issue");
        return event.toString();
    }

    /** An issue update whose changelog says Ada changed the summary. */
    private String summaryChanged(String issueId, String issueKey, String accountId, long timestamp) {
        ObjectNode event = (ObjectNode) readTree(issueEvent(issueId, issueKey, accountId, timestamp));
        event.putObject("changelog").put("id", "9001").putArray("items").addObject().put("field", "summary").put("fieldtype", "jira")
                .put("fieldId", "summary").put("fromString", "before").put("toString", "Renamed in Jira");
        return event.toString();
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
