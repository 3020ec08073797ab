package io.hubjira.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's API against the simulators: the dashboard's health per item, dead letters that collapse repeats and
 * resolve themselves, the activity log's filters and links, the divergence check and resync, the panel-only role,
 * the OpenAPI document, the landing page.
 */
class ConsoleApiTest extends SandboxTest {

    @Autowired
    ProducerTemplate producer;

    long itemId;

    @BeforeEach
    void oneSyncedItem() {
        freshConnectedSandbox();
        itemId = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", itemId);
    }

    private JsonNode dashboardRow() {
        Answer a = call("GET", "/api/dashboard", null);
        assertThat(a.status()).isEqualTo(200);
        for (JsonNode row : a.body()) {
            if (row.path("id").asLong() == itemId) {
                return row;
            }
        }
        throw new AssertionError("no dashboard row for item " + itemId + ": " + a.text());
    }

    private String linkedDeal() {
        return jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, itemId);
    }

    private String issueOf(String dealId) {
        return jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId);
    }

    @Test
    void theDashboardShowsEachItemsHealthInWordsWithLabelsNotIds() {
        JsonNode row = dashboardRow();
        assertThat(row.path("health").asText()).isEqualTo("HEALTHY");
        assertThat(row.path("problems")).isEmpty();
        assertThat(row.path("links").asLong()).isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'LINKED'", Long.class, itemId))
                .isPositive();
        assertThat(row.at("/lastSuccess/hubspotToJira").isTextual()).as("created issues count as H→J success").isTrue();
        assertThat(row.at("/lastSuccess/jiraToHubSpot").isNull()).isTrue();
        assertThat(row.at("/labels/mode/label").asText()).isEqualTo("Two way: HubSpot ⇄ Jira");
        assertThat(row.at("/labels/object/label").asText()).isEqualTo("Deals");
        assertThat(row.at("/labels/mappings/2/hubspot/label").asText()).as("amount's label").isEqualTo("Amount");
        assertThat(row.at("/labels/mappings/2/jira/label").asText()).as("customfield_10012's name").isNotEqualTo("customfield_10012");
        assertThat(row.at("/lastPoll/outcome").asText()).isEqualTo("OK");
        assertThat(row.at("/lastPoll/recordsSeen").asLong()).isEqualTo(hubspot.recordsOf("deals").size());
        assertThat(row.at("/lastPoll/running").asBoolean()).isFalse();
    }

    @Test
    void aRecordThatKeepsFailingIsOneDeadLetterWithItsAttemptsAndResolvesItselfWhenALaterSyncSucceeds() {
        String dealId = linkedDeal();
        String issueKey = issueOf(dealId);
        for (int round = 1; round <= 2; round++) {
            hubspot.update("deals", dealId, Map.of("dealname", "Renamed while Jira refused " + round));
            faults.failNext("jira", 20, 400, "/rest/api/3/issue/" + issueKey + "$");
            producer.requestBody("direct:hubspot-poll-item", itemId);
            faults.resetAll();
        }
        Answer open = call("GET", "/api/dead-letters?itemId=" + itemId, null);
        assertThat(open.body()).as("one entry per record, not per attempt: " + open.text()).hasSize(1);
        JsonNode letter = open.body().get(0);
        assertThat(letter.path("recordId").asText()).isEqualTo(dealId);
        assertThat(letter.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(letter.path("reason").asText()).as("plain words").contains("Jira").doesNotContain("Exception");
        JsonNode failing = dashboardRow();
        assertThat(failing.path("health").asText()).isEqualTo("FAILING");
        assertThat(failing.path("openDeadLetters").asInt()).isEqualTo(1);
        assertThat(failing.path("problems").toString()).contains("1 dead letter waits");
        assertThat(failing.at("/lastPoll/outcome").asText()).as("a run that dead-lettered a record is not OK").isEqualTo("PARTIAL");

        // Jira accepts again: the next change of the record syncs, and the dead letter resolves itself
        hubspot.update("deals", dealId, Map.of("dealname", "Renamed once Jira took it"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(jira.issue(issueKey).orElseThrow().fields.path("summary").asText()).isEqualTo("Renamed once Jira took it");
        assertThat(call("GET", "/api/dead-letters?itemId=" + itemId, null).body()).as("nothing open").isEmpty();
        JsonNode resolved = call("GET", "/api/dead-letters?itemId=" + itemId + "&state=RESOLVED", null).body();
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).path("resolution").asText()).isNotBlank();
        assertThat(resolved.get(0).path("resolvedAt").isTextual()).isTrue();
        assertThat(dashboardRow().path("health").asText()).as("failures in 24 h remain worth a look").isEqualTo("ATTENTION");
        assertThat(call("GET", "/api/dead-letters?state=sideways", null).status()).isEqualTo(400);
    }

    @Test
    void aDeadLetterCanBeDiscardedAndThenNoLongerCountsAsOpen() {
        String dealId = linkedDeal();
        hubspot.update("deals", dealId, Map.of("dealname", "Refused"));
        faults.failNext("jira", 20, 400, "/rest/api/3/issue/" + issueOf(dealId) + "$");
        producer.requestBody("direct:hubspot-poll-item", itemId);
        faults.resetAll();
        long id = call("GET", "/api/dead-letters?itemId=" + itemId, null).body().get(0).path("id").asLong();
        Answer discarded = call("POST", "/api/dead-letters/" + id + "/discard", null);
        assertThat(discarded.status()).isEqualTo(200);
        assertThat(call("GET", "/api/dead-letters?itemId=" + itemId, null).body()).isEmpty();
        assertThat(call("GET", "/api/dead-letters?itemId=" + itemId + "&state=DISCARDED", null).body()).hasSize(1);
        assertThat(call("POST", "/api/dead-letters/" + id + "/replay", null).status()).as("only open ones replay").isEqualTo(409);
    }

    @Test
    void theActivityLogShowsBothDirectionsFilteredWithLinksToTheRecordAndTheIssue() {
        String dealId = linkedDeal();
        String issueKey = issueOf(dealId);
        webhooks.setEnabled(true);
        jira.asUser("ada.lovelace@example.com", () -> {
            var body = json.createObjectNode();
            body.putObject("fields").put("summary", "Edited by Ada in Jira");
            JiraIssues.edit(jira, jira.issue(issueKey).orElseThrow(), body);
            return null;
        });
        waitForInbox();
        Answer jiraToHubSpot = call("GET", "/api/activity?direction=JIRA_TO_HUBSPOT&issueKey=" + issueKey.toLowerCase(), null);
        assertThat(jiraToHubSpot.status()).isEqualTo(200);
        assertThat(jiraToHubSpot.body()).as(jiraToHubSpot.text()).isNotEmpty();
        JsonNode write = jiraToHubSpot.body().get(0);
        assertThat(write.path("direction").asText()).isEqualTo("JIRA_TO_HUBSPOT");
        assertThat(write.path("recordId").asText()).isEqualTo(dealId);
        assertThat(write.path("item").asText()).isEqualTo("Deals to Support");
        assertThat(write.path("recordUrl").asText()).contains("/record/0-3/" + dealId).contains(String.valueOf(PORTAL));
        assertThat(write.path("issueUrl").asText()).endsWith("/browse/" + issueKey);
        for (JsonNode row : jiraToHubSpot.body()) {
            assertThat(row.path("issueKey").asText()).isEqualTo(issueKey);
        }
        Answer created = call("GET", "/api/activity?itemId=" + itemId + "&direction=HUBSPOT_TO_JIRA&outcome=OK&limit=500", null);
        assertThat(created.body()).isNotEmpty().allSatisfy(r -> assertThat(r.path("direction").asText()).isEqualTo("HUBSPOT_TO_JIRA"));
        Answer failed = call("GET", "/api/activity?itemId=" + itemId + "&outcome=FAILED", null);
        assertThat(failed.body()).isEmpty();
        long newest = created.body().get(0).path("id").asLong();
        assertThat(call("GET", "/api/activity?itemId=" + itemId + "&beforeId=" + newest, null).body())
                .allSatisfy(r -> assertThat(r.path("id").asLong()).isLessThan(newest));
        Answer wrong = call("GET", "/api/activity?direction=UPWARDS", null);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("detail").asText()).contains("UPWARDS");
    }

    @Test
    void anEditDroppedAsAnEchoShowsAsADivergenceAndAResyncWritesItTheWayOwnershipSays() {
        String dealId = linkedDeal();
        String issueKey = issueOf(dealId);
        long linkId = jdbc.queryForObject("SELECT id FROM record_link WHERE item_id = ? AND record_id = ?", Long.class, itemId, dealId);
        assertThat(call("GET", "/api/links/" + linkId + "/divergence", null).body().path("differences")).as("in sync after the poll").isEmpty();

        // an edit made with the connector's own Jira account: its webhook is dropped as the connector's echo
        webhooks.setEnabled(true);
        var body = json.createObjectNode();
        body.putObject("fields").put("customfield_10012", 9999);
        JiraIssues.edit(jira, jira.issue(issueKey).orElseThrow(), body);
        waitForInbox();
        assertThat(hubspot.record("deals", dealId).orElseThrow().properties.get("amount")).as("dropped as an echo").isNotEqualTo("9999");

        JsonNode check = call("GET", "/api/links/" + linkId + "/divergence", null).body();
        assertThat(check.path("differences")).hasSize(1);
        JsonNode difference = check.path("differences").get(0);
        assertThat(difference.path("jiraField").asText()).isEqualTo("customfield_10012");
        assertThat(difference.path("jiraValue").asText()).isEqualTo("9999");
        assertThat(difference.path("winner").asText()).as("HubSpot still holds the synced value, so Jira moved").isEqualTo("JIRA");
        JsonNode item = call("GET", "/api/items/" + itemId + "/divergence", null).body();
        assertThat(item.path("linksDiverged").asInt()).isEqualTo(1);
        assertThat(item.path("linksChecked").asInt()).isGreaterThan(1);
        assertThat(item.at("/diverged/0/linkId").asLong()).isEqualTo(linkId);

        calls.clear();
        Answer resync = call("POST", "/api/links/" + linkId + "/resync", null);
        assertThat(resync.status()).as(resync.text()).isEqualTo(200);
        assertThat(resync.body().at("/resynced/hubspotPropertiesWritten").toString()).contains("amount");
        assertThat(resync.body().at("/now/differences")).isEmpty();
        assertThat(hubspot.record("deals", dealId).orElseThrow().properties.get("amount")).isEqualTo("9999");
        assertThat(calls.count("jira", "PUT", "/rest/api/3/issue/.*")).as("Jira was right: nothing written there").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'RESYNC' AND record_id = ?", Integer.class, dealId)).isEqualTo(1);

        // the next poll sees HubSpot's new value as the one synced: nothing goes back to Jira
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(jira.issue(issueKey).orElseThrow().fields.path("customfield_10012").asDouble()).isEqualTo(9999);
        assertThat(call("GET", "/api/links/999999/divergence", null).status()).isEqualTo(404);
    }

    @Test
    void theSharedPanelLoginIsGoneThePanelTakesTheAdminOrAForgeTokenOnly() throws Exception {
        String issueKey = issueOf(linkedDeal());
        assertThat(as("jira-panel", "test-panel-password", "/api/panel/" + issueKey)).isEqualTo(401);
        assertThat(bearer("test-panel-token", "/api/panel/" + issueKey)).isEqualTo(401);
        assertThat(as("jira-panel", "test-panel-password", "/console/panel.html")).isEqualTo(401);
        assertThat(as("admin", "test-admin-password", "/api/panel/" + issueKey)).as("the standalone panel is the admin's tool").isEqualTo(200);
        assertThat(as("admin", "test-admin-password", "/console/panel.html")).isEqualTo(200);
        String fit = forge.fit("5b10ac8d82e05b22cc7d4ef1", issueKey, jira.issue(issueKey).orElseThrow().id);
        assertThat(bearer(fit, "/api/panel/" + issueKey)).as("a Jira user through the Forge app").isEqualTo(200);
        assertThat(bearer(fit, "/api/items")).as("a Forge token opens nothing else").isEqualTo(401);
    }

    @Test
    void thePanelShowsOnlyItemsForTheIssuesTypeWithLastSyncAndFailure() {
        Map<String, Object> bugs = demoDealsItem();
        bugs.put("name", "Deals as bugs");
        bugs.put("jiraIssueType", "10002");
        bugs.put("autoCreate", false);
        createItem(bugs);
        String dealId = linkedDeal();
        String issueKey = issueOf(dealId);
        JsonNode panel = call("GET", "/api/panel/" + issueKey, null).body();
        assertThat(panel.path("cards")).as("the Task item applies, the Bug item does not: " + panel).hasSize(1);
        JsonNode card = panel.path("cards").get(0);
        assertThat(card.path("name").asText()).isEqualTo("Deals to Support");
        assertThat(card.at("/link/lastSyncedAt").isTextual()).isTrue();
        assertThat(card.at("/link/failure").isMissingNode()).isTrue();

        hubspot.update("deals", dealId, Map.of("dealname", "Refused by Jira"));
        faults.failNext("jira", 20, 400, "/rest/api/3/issue/" + issueKey + "$");
        producer.requestBody("direct:hubspot-poll-item", itemId);
        faults.resetAll();
        JsonNode failing = call("GET", "/api/panel/" + issueKey, null).body().path("cards").get(0);
        assertThat(failing.at("/link/failure/reason").asText()).isNotBlank();
        assertThat(failing.at("/link/failure/attempts").asInt()).isPositive();
    }

    @Test
    void theApiIsDocumentedAsOpenApiBehindTheAdminCredentialsAndTheConsoleIsTheLandingPage() throws Exception {
        Answer docs = call("GET", "/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().path("paths").has("/api/dashboard")).isTrue();
        assertThat(docs.body().path("paths").has("/api/items")).isTrue();
        assertThat(docs.body().path("paths").has("/api/links/{id}/resync")).isTrue();
        assertThat(docs.body().at("/info/title").asText()).contains("admin API");
        assertThat(anonymous("/v3/api-docs")).isEqualTo(401);
        assertThat(anonymous("/swagger-ui/index.html")).isEqualTo(401);
        assertThat(as("admin", "test-admin-password", "/swagger-ui/index.html")).isEqualTo(200);

        HttpResponse<String> landing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Authorization", basic("admin", "test-admin-password")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(landing.statusCode()).isEqualTo(302);
        assertThat(landing.headers().firstValue("Location").orElse("")).endsWith("/console/");
        HttpResponse<String> console = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/"))
                .header("Authorization", basic("admin", "test-admin-password")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("Dashboard");
    }

    @Test
    void chartsCarryRecordsPerHourAndApiCallsPerMinute() {
        io.hubjira.ops.ApiUsageHistory history = applicationContext.getBean(io.hubjira.ops.ApiUsageHistory.class);
        history.sampleLastMinute();
        JsonNode charts = call("GET", "/api/charts?hours=2", null).body();
        JsonNode records = charts.path("records");
        assertThat(records.path("hours").size()).isBetween(2, 3);
        long synced = 0;
        for (JsonNode n : records.path("hubspotToJiraSynced")) {
            synced += n.asLong();
        }
        assertThat(synced).as("the first poll's creations").isPositive();
        assertThat(charts.at("/hubspot/limit10s").asInt()).isEqualTo(applicationContext.getBean(io.hubjira.config.ConnectorProperties.class)
                .hubspot().rateLimit().requestsPerWindow());
        assertThat(charts.at("/hubspot/minutes").size()).isEqualTo(charts.at("/hubspot/calls").size()).isGreaterThanOrEqualTo(119);
        assertThat(charts.at("/hubspot/dailyLimit").asLong()).isPositive();
        assertThat(charts.at("/jira/calls").size()).isEqualTo(charts.at("/jira/minutes").size());
        assertThat(charts.at("/webhookLag/buckets").size()).isEqualTo(charts.at("/webhookLag/median").size());
    }

    @Autowired
    org.springframework.context.ApplicationContext applicationContext;
    @Autowired
    io.hubjira.sandbox.forge.ForgeSandbox forge;

    private int anonymous(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int as(String user, String password, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", basic(user, password)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int bearer(String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
