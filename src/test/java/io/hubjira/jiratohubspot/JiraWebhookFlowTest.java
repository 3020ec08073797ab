package io.hubjira.jiratohubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.sandbox.jira.JiraWebhookSender;
import io.hubjira.support.SandboxTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Jira → HubSpot: the simulated Jira posts real-shaped, signed webhooks over HTTP to the connector's intake. */
class JiraWebhookFlowTest extends SandboxTest {

    static final String SECRET = "test-webhook-secret";
    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;

    long itemId;
    HubSpotSandbox.Rec deal;
    JiraSandbox.Issue issue;

    @BeforeEach
    void linkOneDeal() {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
        Map<String, Object> item = demoDealsItem();
        item.put("mode", "CUSTOM");
        item.put("fieldMappings", List.of(
                Map.of("hubspotProperty", "dealname", "jiraField", "summary", "owner", "BOTH"),
                Map.of("hubspotProperty", "amount", "jiraField", "customfield_10012", "owner", "JIRA"),
                Map.of("hubspotProperty", "dealtype", "jiraField", "customfield_10013", "owner", "BOTH")));
        Answer created = call("POST", "/api/items", item);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        itemId = created.body().path("id").asLong();
        producer.requestBody("direct:hubspot-poll-item", itemId);
        deal = hubspot.recordsOf("deals").values().stream().filter(d -> "appointmentscheduled".equals(d.properties.get("dealstage"))).findFirst().orElseThrow();
        issue = jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + deal.id + "\"")).findFirst().orElseThrow();
        webhooks.clearDeliveries();
        webhooks.setEnabled(true);
        calls.clear();
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        return post(http, body, headers);
    }

    private HttpResponse<String> post(java.net.http.HttpClient client, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = request("/webhooks/jira")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).header("Content-Type", "application/json");
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String body) {
        return "sha256=" + JiraWebhookSender.hmacHex(SECRET, body);
    }

    private <T> T asAda(java.util.function.Supplier<T> change) {
        return jira.asUser("ada.lovelace@example.com", change);
    }

    private long hubspotWrites() {
        return calls.count("hubspot", "PATCH", "/crm/objects/2026-03/.*") + calls.count("hubspot", "POST", "/crm/objects/2026-03/notes")
                + calls.count("hubspot", "POST", "/crm/objects/2026-03/notes/batch/create") + calls.count("hubspot", "POST", "/files/2026-03/files");
    }

    @Test
    void intakeAuthenticatesBoundsParsesAndStoresEachDeliveryOnce() throws Exception {
        String body = "{\"timestamp\":1,\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"id\":\"1\",\"key\":\"X-1\"},\"changelog\":{\"items\":[]}}";
        assertThat(post(body, Map.of("X-Hub-Signature", "sha256=00ff")).statusCode()).isEqualTo(401);
        assertThat(post(body, Map.of("X-Hub-Signature", "sha256=" + "0".repeat(64))).statusCode()).as("well-formed, but not the body's").isEqualTo(401);
        assertThat(post(body, Map.of()).statusCode()).isEqualTo(401);
        assertThat(post(body, Map.of("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
        HttpResponse<String> first = post(body, Map.of("X-Hub-Signature", sign(body), "X-Atlassian-Webhook-Identifier", "id-1"));
        assertThat(first.statusCode()).isEqualTo(202);
        HttpResponse<String> retry = post(body, Map.of("Authorization", "Bearer " + SECRET, "X-Atlassian-Webhook-Identifier", "id-1", "X-Atlassian-Webhook-Retry", "1"));
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(json.readTree(retry.body()).path("duplicate").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE webhook_identifier = 'id-1'", Integer.class)).isEqualTo(1);
        String malformed = "{\"webhookEvent\": ";
        HttpResponse<String> bad = post(malformed, Map.of("X-Hub-Signature", sign(malformed)));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).path("detail").asText()).startsWith("The webhook body is not valid JSON");
        String unknown = "{\"webhookEvent\":\"sprint_started\"}";
        HttpResponse<String> ignored = post(unknown, Map.of("X-Hub-Signature", sign(unknown)));
        assertThat(ignored.statusCode()).isEqualTo(202);
        assertThat(json.readTree(ignored.body()).path("status").asText()).isEqualTo("ignored");
        // bodies over the limit: io.hubjira.security.WebhookBodyLimitTest
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox", Integer.class)).isEqualTo(1);
    }

    @Test
    void aJiraEditOfSharedAndJiraOwnedFieldsReachesHubSpotAndStatusMovesTheStage() {
        asAda(() -> {
            var body = json.createObjectNode();
            body.putObject("fields").put("summary", "Edited in Jira").put("customfield_10012", 4321.5);
            JiraIssues.edit(jira, issue, body);
            JiraIssues.transition(jira, issue, "11"); // To Do -> In Progress
            return null;
        });
        waitForInbox();
        HubSpotSandbox.Rec after = hubspot.record("deals", deal.id).orElseThrow();
        assertThat(after.properties.get("dealname")).isEqualTo("Edited in Jira");
        assertThat(after.properties.get("amount")).isEqualTo("4321.5");
        assertThat(after.properties.get("dealstage")).isEqualTo("qualifiedtobuy");
    }

    @Test
    void commentsBecomeNotesWithTheMarkerAndTheirAuthorAndAnUpdateEditsTheSameNote() {
        ObjectNode comment = asAda(() -> JiraIssues.addComment(jira, issue, adfWithBold("Please ", "check", " the contract"), jiraBase()));
        waitForInbox();
        List<HubSpotSandbox.Rec> notes = hubspot.notesOf("deals", deal.id).stream()
                .filter(n -> n.properties.get("hs_note_body").contains("Comment sync note")).toList();
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).properties.get("hs_note_body")).contains("Ada Lovelace").contains("Please <strong>check</strong> the contract");
        asAda(() -> JiraIssues.updateComment(jira, issue, comment.path("id").asText(), adf("Please check the signed contract"), jiraBase()));
        waitForInbox();
        List<HubSpotSandbox.Rec> after = hubspot.notesOf("deals", deal.id).stream()
                .filter(n -> n.properties.get("hs_note_body").contains("Comment sync note")).toList();
        assertThat(after).hasSize(1);
        assertThat(after.get(0).properties.get("hs_note_body")).contains("signed contract");
    }

    @Test
    void attachmentsAreCopiedToHubSpotFilesByteExactWithANote() {
        byte[] bytes = new byte[40_000];
        new Random(3).nextBytes(bytes);
        bytes[0] = 0;
        bytes[1] = (byte) 0xFF;
        asAda(() -> JiraIssues.addAttachment(jira, issue, "trace.bin", "application/octet-stream", bytes, jiraBase()));
        waitForInbox();
        var files = hubspot.allFiles().stream().filter(f -> f.name().equals("trace")).toList();
        assertThat(files).hasSize(1);
        assertThat(files.get(0).bytes()).isEqualTo(bytes);
        assertThat(hubspot.notesOf("deals", deal.id)).anySatisfy(n -> {
            assertThat(n.properties.get("hs_note_body")).contains("Jira attachment sync note").contains("trace.bin");
            assertThat(n.properties.get("hs_attachment_ids")).isEqualTo(files.get(0).id());
        });
    }

    @Test
    void whenTheInboxCannotStoreTheEventTheAnswerIs503SoJiraRetries() throws Exception {
        String body = "{\"timestamp\":1,\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"id\":\"1\",\"key\":\"X-1\"},\"changelog\":{\"items\":[]}}";
        jdbc.execute("ALTER TABLE webhook_inbox RENAME TO webhook_inbox_unavailable");
        try {
            HttpResponse<String> down = post(body, Map.of("X-Hub-Signature", sign(body), "X-Atlassian-Webhook-Identifier", "db-down-1"));
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(json.readTree(down.body()).path("code").asText()).isEqualTo("storage_unavailable");
        } finally {
            jdbc.execute("ALTER TABLE webhook_inbox_unavailable RENAME TO webhook_inbox");
        }
        assertThat(post(body, Map.of("X-Hub-Signature", sign(body), "X-Atlassian-Webhook-Identifier", "db-down-1")).statusCode()).isEqualTo(202);
    }

    @Test
    void aJiraAttachmentOver10MbIsSkippedAndRecorded() {
        asAda(() -> JiraIssues.addAttachment(jira, issue, "huge-dump.bin", "application/octet-stream", new byte[10 * 1024 * 1024 + 1], jiraBase()));
        waitForInbox();
        assertThat(hubspot.allFiles().stream().filter(f -> f.name().equals("huge-dump"))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT reason FROM attachment_link WHERE file_name = 'huge-dump.bin'", String.class))
                .contains("larger than 10485760 bytes");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'ATTACHMENT_SKIPPED' AND direction = 'JIRA_TO_HUBSPOT'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void aTwoWayFieldEditedInHubSpotDoesNotPingPong() {
        hubspot.update("deals", deal.id, Map.of("dealname", "Renamed in HubSpot"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(issue.fields.path("summary").asText()).isEqualTo("Renamed in HubSpot");
        waitForInbox();
        assertThat(webhooks.deliveries()).isNotEmpty();
        assertThat(hubspotWrites()).as("the connector's own change came back and was dropped").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE state = 'IGNORED'", Integer.class)).isPositive();
    }

    @Test
    void anOlderUpdateArrivingAfterANewerOneDoesNotRegressHubSpot() throws Exception {
        asAda(() -> {
            var first = json.createObjectNode();
            first.putObject("fields").put("summary", "First title");
            JiraIssues.edit(jira, issue, first);
            return null;
        });
        waitForInbox();
        String olderPayload = webhooks.deliveries().get(0).payload();
        asAda(() -> {
            var second = json.createObjectNode();
            second.putObject("fields").put("summary", "Second title");
            JiraIssues.edit(jira, issue, second);
            return null;
        });
        waitForInbox();
        // Jira redelivers the older event late (a new identifier, as a separate delivery)
        assertThat(post(olderPayload, Map.of("X-Hub-Signature", sign(olderPayload), "X-Atlassian-Webhook-Identifier", UUID.randomUUID().toString())).statusCode()).isEqualTo(202);
        waitForInbox();
        assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("dealname")).isEqualTo("Second title");
    }

    @Test
    void fiftyConcurrentDeliveriesForOneIssueEndInTheRightStateWithoutDuplicateNotes() throws Exception {
        webhooks.setEnabled(false);
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            int n = i;
            asAda(() -> JiraIssues.addComment(jira, issue, adf("Comment " + n), jiraBase()));
        }
        for (ObjectNode c : issue.comments) {
            ObjectNode event = json.createObjectNode();
            event.put("timestamp", System.currentTimeMillis());
            event.put("webhookEvent", "comment_created");
            ObjectNode comment = event.putObject("comment");
            comment.put("id", c.path("id").asText());
            comment.put("body", "wiki body");
            comment.set("author", c.get("author"));
            comment.set("updateAuthor", c.get("updateAuthor"));
            event.putObject("issue").put("id", issue.id).put("key", issue.key);
            payloads.add(event.toString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String payload = payloads.get(i % payloads.size());
            String identifier = "concurrent-" + i;
            // each delivery on its own connection, as Jira's senders deliver: a kept-alive connection the server has
            // just closed makes the JDK client fail a POST now and then ("header parser received no bytes")
            results.add(pool.submit(() -> post(java.net.http.HttpClient.newHttpClient(), payload,
                    Map.of("X-Hub-Signature", sign(payload), "X-Atlassian-Webhook-Identifier", identifier)).statusCode()));
        }
        for (Future<Integer> r : results) {
            assertThat(r.get()).isEqualTo(202);
        }
        pool.shutdown();
        waitForInbox();
        List<HubSpotSandbox.Rec> notes = hubspot.notesOf("deals", deal.id).stream()
                .filter(n -> n.properties.get("hs_note_body").contains("Comment sync note")).toList();
        assertThat(notes).hasSize(25);
        assertThat(notes.stream().map(n -> n.properties.get("hs_note_body")).distinct()).hasSize(25);
    }

    @Test
    void anEventAcknowledgedBeforeACrashIsProcessedAfterTheRestart() throws Exception {
        camel.getRouteController().stopRoute("jira-inbox");
        try {
            asAda(() -> {
                var body = json.createObjectNode();
                body.putObject("fields").put("summary", "Changed while the worker was down");
                JiraIssues.edit(jira, issue, body);
                return null;
            });
            webhooks.drain();
            assertThat(webhooks.deliveries()).allSatisfy(d -> assertThat(d.finalStatus()).isEqualTo(202));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE state = 'NEW'", Integer.class)).isPositive();
            assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("dealname")).isNotEqualTo("Changed while the worker was down");
        } finally {
            camel.getRouteController().startRoute("jira-inbox");
        }
        waitForInbox();
        assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("dealname")).isEqualTo("Changed while the worker was down");
    }

    @Test
    void aPermanentHubSpotRejectionIsDeadLetteredAndCanBeReplayed() {
        // refused in the batch update and again when the record is written on its own
        faults.failNext("hubspot", 2, 400, "/crm/objects/2026-03/deals/");
        asAda(() -> {
            var body = json.createObjectNode();
            body.putObject("fields").put("summary", "Will fail once");
            JiraIssues.edit(jira, issue, body);
            return null;
        });
        waitForInbox();
        Answer letters = call("GET", "/api/dead-letters", null);
        assertThat(letters.body().size()).isEqualTo(1);
        assertThat(letters.body().path(0).path("flow").asText()).isEqualTo("jira-inbox");
        Answer replay = call("POST", "/api/dead-letters/" + letters.body().path(0).path("id").asLong() + "/replay", null);
        assertThat(replay.status()).isEqualTo(200);
        waitForInbox();
        assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("dealname")).isEqualTo("Will fail once");
        assertThat(call("GET", "/api/dead-letters", null).body().size()).isZero();
    }

    private long commentNotes() {
        return hubspot.notesOf("deals", deal.id).stream().filter(n -> n.properties.get("hs_note_body").contains("Comment sync note")).count();
    }

    @Test
    void aCommentThatKeepsFailingIsTriedAgainLaterThenDeadLetteredOnceWithItsReason() {
        faults.failNext("hubspot", "POST", 10_000, 503, "/crm/objects/2026-03/notes.*");
        asAda(() -> JiraIssues.addComment(jira, issue, adf("Sent while HubSpot is down"), jiraBase()));
        webhooks.drain();
        eventually("the comment event to be dead-lettered", () -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM webhook_inbox WHERE event_type = 'comment_created' AND state = 'FAILED'", Integer.class) == 1);
        // at least the first try and connector.retry.later-attempts (5) later tries, each after its API calls' own retries
        // (the resumption of the unfinished copy may add one)
        assertThat(jdbc.queryForObject("SELECT attempts FROM webhook_inbox WHERE event_type = 'comment_created'", Integer.class)).isGreaterThanOrEqualTo(6);
        Answer letters = call("GET", "/api/dead-letters", null);
        assertThat(letters.body().size()).isEqualTo(1);
        assertThat(letters.body().path(0).path("flow").asText()).isEqualTo("jira-inbox");
        assertThat(letters.body().path(0).path("attempts").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(letters.body().path(0).path("errorMessage").asText()).isNotBlank();
        assertThat(commentNotes()).isZero();

        faults.resetAll();
        // replayed, unless the resumption of the unfinished copy got there first (then the dead letter resolved itself: 409)
        assertThat(call("POST", "/api/dead-letters/" + letters.body().path(0).path("id").asLong() + "/replay", null).status()).isIn(200, 409);
        waitForInbox();
        eventually("the copy to be finished", () -> jdbc.queryForObject("SELECT COUNT(*) FROM comment_link WHERE state = 'PENDING'", Integer.class) == 0);
        assertThat(commentNotes()).isEqualTo(1);
        assertThat(call("GET", "/api/dead-letters", null).body().size()).as("no open dead letter once the note is written").isZero();
    }

    @Test
    void aCommentHubSpotRefusesIsDeadLetteredAtOnce() {
        faults.failNext("hubspot", "POST", 10_000, 400, "/crm/objects/2026-03/notes.*");
        asAda(() -> JiraIssues.addComment(jira, issue, adf("Refused by HubSpot"), jiraBase()));
        waitForInbox();
        faults.resetAll();
        assertThat(jdbc.queryForObject("SELECT attempts FROM webhook_inbox WHERE event_type = 'comment_created'", Integer.class)).isEqualTo(1);
        Answer letters = call("GET", "/api/dead-letters", null);
        assertThat(letters.body().size()).isEqualTo(1);
        assertThat(letters.body().path(0).path("attempts").asInt()).isEqualTo(1);
        assertThat(commentNotes()).isZero();
    }

    private JsonNode adfWithBold(String before, String bold, String after) {
        ObjectNode doc = json.createObjectNode().put("type", "doc").put("version", 1);
        var inline = doc.putArray("content").addObject().put("type", "paragraph").putArray("content");
        inline.addObject().put("type", "text").put("text", before);
        inline.addObject().put("type", "text").put("text", bold).putArray("marks").addObject().put("type", "strong");
        inline.addObject().put("type", "text").put("text", after);
        return doc;
    }

    private JsonNode adf(String text) {
        ObjectNode doc = json.createObjectNode().put("type", "doc").put("version", 1);
        doc.putArray("content").addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text").put("text", text);
        return doc;
    }
}
