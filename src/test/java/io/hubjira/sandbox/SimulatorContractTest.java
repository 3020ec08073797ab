package io.hubjira.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.sandbox.jira.JiraWebhookSender;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulators' answers, error cases first: shapes, statuses, headers and webhook deliveries as the real services send them. */
class SimulatorContractTest extends SandboxTest {

    @BeforeEach
    void clean() {
        resetEverything();
        webhooks.setEnabled(false);
    }

    private Raw hs(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/hubspot" + path))
                .header("Content-Type", "application/json").method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Raw(r.statusCode(), r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body()), r.headers().map());
    }

    private Raw jiraCall(String method, String path, String body, String basic, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(jiraBase() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (basic != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node;
        try {
            node = r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body());
        } catch (Exception notJson) {
            node = json.createObjectNode().put("raw", r.body());
        }
        return new Raw(r.statusCode(), node, r.headers().map());
    }

    private Raw jira(String method, String path, String body) throws Exception {
        return jiraCall(method, path, body, "connector@example.com:sandbox-jira-token", Map.of());
    }

    record Raw(int status, JsonNode body, Map<String, List<String>> headers) {}

    @Test
    void theDateBasedVersionsServeTheSameStateAndRequireWhatTheirDocumentsRequire() throws Exception {
        String id = hubspot.recordsOf("deals").keySet().iterator().next();
        String legacy = hs("GET", "/crm/v3/objects/deals/" + id + "?properties=dealname", null, DEMO_TOKEN).body().path("properties").path("dealname").asText();
        for (String version : new String[] {"2026-03", "2026-09"}) {
            Raw read = hs("GET", "/crm/objects/" + version + "/deals/" + id + "?properties=dealname", null, DEMO_TOKEN);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body().path("properties").path("dealname").asText()).isEqualTo(legacy);
            Raw noHistory = hs("POST", "/crm/objects/" + version + "/deals/batch/read",
                    "{\"inputs\":[{\"id\":\"" + id + "\"}],\"properties\":[\"dealname\"]}", DEMO_TOKEN);
            assertThat(noHistory.status()).isEqualTo(400);
            assertThat(noHistory.body().path("message").asText()).contains("propertiesWithHistory");
            Raw noAssociations = hs("POST", "/crm/objects/" + version + "/notes",
                    "{\"properties\":{\"hs_note_body\":\"x\",\"hs_timestamp\":\"2026-01-01T00:00:00Z\"}}", DEMO_TOKEN);
            assertThat(noAssociations.status()).isEqualTo(400);
            assertThat(noAssociations.body().path("message").asText()).contains("associations");
            Raw partialSearch = hs("POST", "/crm/objects/" + version + "/deals/search", "{\"limit\":10}", DEMO_TOKEN);
            assertThat(partialSearch.status()).isEqualTo(400);
            assertThat(partialSearch.body().path("message").asText()).contains("after").contains("filterGroups").contains("sorts");
        }
        // the legacy paths stay as lenient as HubSpot's own clients need them
        assertThat(hs("POST", "/crm/v3/objects/deals/batch/read", "{\"inputs\":[{\"id\":\"" + id + "\"}],\"properties\":[\"dealname\"]}",
                DEMO_TOKEN).status()).isEqualTo(200);
        // what HubSpot does not publish in 2026-09 is not there
        assertThat(hs("GET", "/files/2026-09/files/1", null, DEMO_TOKEN).status()).isEqualTo(404);
        assertThat(hs("GET", "/crm/objects/2026-09/deals/" + id + "/associations/notes", null, DEMO_TOKEN).status()).isEqualTo(404);
        assertThat(hs("GET", "/crm/objects/2026-03/deals/" + id + "/associations/notes", null, DEMO_TOKEN).status()).isEqualTo(200);
        // and the call log says which generation each call used
        assertThat(calls.countGeneration("hubspot", "2026-09")).isPositive();
        assertThat(calls.countGeneration("hubspot", "legacy")).isPositive();
    }

    @Test
    void aBatchCreateAnswersTheStatusEachVersionDocuments() throws Exception {
        String id = hubspot.recordsOf("deals").keySet().iterator().next();
        String body = "{\"inputs\":[{\"properties\":{\"hs_note_body\":\"x\",\"hs_timestamp\":\"2026-01-01T00:00:00Z\"},"
                + "\"associations\":[{\"to\":{\"id\":\"" + id + "\"},\"types\":[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":214}]}]}]}";
        assertThat(hs("POST", "/crm/objects/2026-03/notes/batch/create", body, DEMO_TOKEN).status()).isEqualTo(200);
        assertThat(hs("POST", "/crm/objects/2026-09/notes/batch/create", body, DEMO_TOKEN).status()).isEqualTo(201);
        assertThat(hs("POST", "/crm/v3/objects/notes/batch/create", body, DEMO_TOKEN).status()).isEqualTo(201);
    }

    @Test
    void hubSpotAnswersAuthScopeAndNotFoundErrorsInItsOwnShape() throws Exception {
        Raw anonymous = hs("GET", "/crm/v3/objects/deals", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body().path("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
        assertThat(anonymous.body().path("correlationId").asText()).hasSize(36);
        hubspot.registerPrivateAppToken("pat-na1-00000000-0000-4000-8000-0000000000f1", PORTAL, 1, java.util.Set.of("oauth"));
        Raw scopes = hs("GET", "/crm/v3/objects/deals", null, "pat-na1-00000000-0000-4000-8000-0000000000f1");
        assertThat(scopes.status()).isEqualTo(403);
        assertThat(scopes.body().path("category").asText()).isEqualTo("MISSING_SCOPES");
        assertThat(scopes.body().path("errors").path(0).path("context").path("requiredGranularScopes").toString()).isEqualTo("[\"crm.objects.deals.read\"]");
        Raw missing = hs("GET", "/crm/v3/objects/deals/987654321", null, DEMO_TOKEN);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
    }

    @Test
    void hubSpotValidatesPropertyValuesAndRequiresTheNoteTimestamp() throws Exception {
        Raw unknown = hs("POST", "/crm/v3/objects/deals", "{\"properties\":{\"dealname\":\"x\",\"nope\":\"1\"}}", DEMO_TOKEN);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(unknown.body().path("message").asText()).contains("Property values were not valid").contains("PROPERTY_DOESNT_EXIST").contains("nope");
        Raw badEnum = hs("PATCH", "/crm/v3/objects/deals/" + hubspot.recordsOf("deals").keySet().iterator().next(), "{\"properties\":{\"dealtype\":\"New Business\"}}", DEMO_TOKEN);
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.body().path("message").asText()).contains("was not one of the allowed options");
        Raw note = hs("POST", "/crm/v3/objects/notes", "{\"properties\":{\"hs_note_body\":\"x\"}}", DEMO_TOKEN);
        assertThat(note.status()).isEqualTo(400);
        assertThat(note.body().path("message").asText()).contains("hs_timestamp");
    }

    @Test
    void hubSpotSearchEnforcesItsLimitsAndPagesPastTheCapWith400() throws Exception {
        assertThat(hs("POST", "/crm/v3/objects/deals/search", "{\"limit\":201}", DEMO_TOKEN).status()).isEqualTo(400);
        StringBuilder groups = new StringBuilder("{\"filterGroups\":[");
        for (int g = 0; g < 6; g++) {
            groups.append(g == 0 ? "" : ",").append("{\"filters\":[{\"propertyName\":\"amount\",\"operator\":\"GT\",\"value\":\"1\"}]}");
        }
        assertThat(hs("POST", "/crm/v3/objects/deals/search", groups.append("]}").toString(), DEMO_TOKEN).status()).isEqualTo(400);
        assertThat(hs("POST", "/crm/v3/objects/deals/search", "{\"after\":\"10000\"}", DEMO_TOKEN).status()).isEqualTo(400);
        Raw between = hs("POST", "/crm/v3/objects/deals/search", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"amount\",\"operator\":\"BETWEEN\",\"value\":\"6000\",\"highValue\":\"9000\"},"
                + "{\"propertyName\":\"dealtype\",\"operator\":\"NOT_IN\",\"values\":[\"existingbusiness\"]}]}],\"properties\":[\"amount\"],\"sorts\":[{\"propertyName\":\"amount\",\"direction\":\"DESCENDING\"}],\"limit\":2}", DEMO_TOKEN);
        assertThat(between.status()).isEqualTo(200);
        assertThat(between.body().path("total").asInt()).isEqualTo(2);
        assertThat(between.body().path("results").path(0).path("properties").path("amount").asText()).isEqualTo("7500");
        Raw token = hs("POST", "/crm/v3/objects/contacts/search", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\",\"operator\":\"CONTAINS_TOKEN\",\"value\":\"*grace*\"}]}]}", DEMO_TOKEN);
        assertThat(token.body().path("total").asInt()).isEqualTo(1);
    }

    @Test
    void hubSpotBatchReadsAnswer207WhenSomeIdsAreMissing() throws Exception {
        String id = hubspot.recordsOf("deals").keySet().iterator().next();
        Raw batch = hs("POST", "/crm/v3/objects/deals/batch/read", "{\"inputs\":[{\"id\":\"" + id + "\"},{\"id\":\"424242\"}],\"properties\":[\"dealname\"]}", DEMO_TOKEN);
        assertThat(batch.status()).isEqualTo(207);
        assertThat(batch.body().path("numErrors").asInt()).isEqualTo(1);
        assertThat(batch.body().path("results").size()).isEqualTo(1);
        StringBuilder many = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\"}");
        }
        assertThat(hs("POST", "/crm/v3/objects/deals/batch/update", many.append("]}").toString(), DEMO_TOKEN).status()).isEqualTo(400);
    }

    @Test
    void faultInjectionAnswersWithEachApisRateLimitShapeAndChangesNoState() throws Exception {
        faults.failNext("hubspot", 1, 429, null);
        Raw limited = hs("POST", "/crm/v3/objects/companies", "{\"properties\":{\"name\":\"Should not exist\"}}", DEMO_TOKEN);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().path("errorType").asText()).isEqualTo("RATE_LIMIT");
        assertThat(limited.headers().get("x-hubspot-ratelimit-interval-milliseconds")).containsExactly("10000");
        assertThat(hubspot.recordsOf("companies").values().stream().filter(c -> "Should not exist".equals(c.properties.get("name")))).isEmpty();
        faults.failNext("jira", 1, 429, "/myself");
        Raw jiraLimited = jira("GET", "/rest/api/3/myself", null);
        assertThat(jiraLimited.status()).isEqualTo(429);
        assertThat(jiraLimited.headers().get("retry-after")).containsExactly("1");
        assertThat(jiraLimited.body().path("errorMessages").path(0).asText()).isEqualTo("Rate limit exceeded.");
        assertThat(calls.count("jira", "GET", "/rest/api/3/myself")).isEqualTo(1);
    }

    @Test
    void jiraRefusesBadCredentialsAndInvalidIssuesWithFieldErrors() throws Exception {
        assertThat(jiraCall("GET", "/rest/api/3/myself", null, "connector@example.com:wrong", Map.of()).status()).isEqualTo(401);
        Raw noSummary = jira("POST", "/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SUP\"},\"issuetype\":{\"id\":\"10001\"}}}");
        assertThat(noSummary.status()).isEqualTo(400);
        assertThat(noSummary.body().path("errors").path("summary").asText()).isEqualTo("You must specify a summary of the issue.");
        Raw plainDescription = jira("POST", "/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SUP\"},\"issuetype\":{\"id\":\"10001\"},\"summary\":\"s\",\"description\":\"plain\"}}");
        assertThat(plainDescription.body().path("errors").path("description").asText()).contains("Atlassian Document");
        Raw badOption = jira("POST", "/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SUP\"},\"issuetype\":{\"id\":\"10001\"},\"summary\":\"s\",\"customfield_10013\":{\"value\":\"Other\"}}}");
        assertThat(badOption.body().path("errors").path("customfield_10013").asText()).contains("not valid");
        Raw bug = jira("POST", "/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SUP\"},\"issuetype\":{\"id\":\"10002\"},\"summary\":\"s\"}}");
        assertThat(bug.body().path("errors").path("customfield_10050").asText()).isEqualTo("Severity is required.");
    }

    @Test
    void bothRefuseATextLongerThanTheyHoldWithTheirOwnErrorBodies() throws Exception {
        String tooLongForANote = "x".repeat(65_537);
        Raw note = hs("POST", "/crm/v3/objects/notes", "{\"properties\":{\"hs_note_body\":\"" + tooLongForANote + "\",\"hs_timestamp\":\"2026-01-01T00:00:00Z\"},"
                + "\"associations\":[]}", DEMO_TOKEN);
        assertThat(note.status()).isEqualTo(400);
        assertThat(note.body().path("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(note.body().path("message").asText()).startsWith("Property values were not valid: ").contains("hs_note_body").contains("65536");
        String id = hubspot.recordsOf("deals").keySet().iterator().next();
        Raw property = hs("PATCH", "/crm/v3/objects/deals/" + id, "{\"properties\":{\"description\":\"" + tooLongForANote + "\"}}", DEMO_TOKEN);
        assertThat(property.status()).isEqualTo(400);
        assertThat(property.body().path("message").asText()).contains("description").contains("65536");
        assertThat(hs("PATCH", "/crm/v3/objects/deals/" + id, "{\"properties\":{\"description\":\"" + "x".repeat(65_536) + "\"}}", DEMO_TOKEN).status())
                .as("exactly the limit is accepted").isEqualTo(200);

        Raw summary = jira("POST", "/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SUP\"},\"issuetype\":{\"id\":\"10001\"},\"summary\":\""
                + "s".repeat(256) + "\"}}");
        assertThat(summary.status()).isEqualTo(400);
        assertThat(summary.body().toString()).isEqualTo("{\"errorMessages\":[],\"errors\":{\"summary\":\"Summary can't exceed 255 characters.\"}}");
        String longText = json.createObjectNode().put("type", "doc").put("version", 1).set("content", json.createArrayNode().add(
                json.createObjectNode().put("type", "paragraph").set("content", json.createArrayNode().add(
                        json.createObjectNode().put("type", "text").put("text", "y".repeat(32_767)))))).toString();
        Raw textField = jira("PUT", "/rest/api/3/issue/SUP-1", "{\"fields\":{\"customfield_10010\":\"" + "c".repeat(256) + "\"}}");
        assertThat(textField.body().path("errors").path("customfield_10010").asText())
                .isEqualTo("The entered text is too long. It exceeds the allowed limit of 255 characters.");
        Raw description = jira("PUT", "/rest/api/3/issue/SUP-1", "{\"fields\":{\"description\":" + longText + "}}");
        assertThat(description.status()).isEqualTo(400);
        assertThat(description.body().path("errors").path("description").asText())
                .isEqualTo("The entered text is too long. It exceeds the allowed limit of 32,767 characters.");
        Raw comment = jira("POST", "/rest/api/3/issue/SUP-1/comment", "{\"body\":" + longText + "}");
        assertThat(comment.status()).isEqualTo(400);
        assertThat(comment.body().toString())
                .isEqualTo("{\"errorMessages\":[],\"errors\":{\"comment\":\"The entered text is too long. It exceeds the allowed limit of 32,767 characters.\"}}");
        assertThat(jira.issue("SUP-1").orElseThrow().comments).isEmpty();
    }

    @Test
    void jiraTransitionsAttachmentsAndSearchFailAsJiraDoes() throws Exception {
        JiraSandbox.Issue issue = jira.issue("SUP-1").orElseThrow();
        Raw wrong = jira("POST", "/rest/api/3/issue/SUP-1/transitions", "{\"transition\":{\"id\":\"51\"}}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("errorMessages").path(0).asText()).isEqualTo("Transition id '51' is not valid for this issue.");
        assertThat(jira("GET", "/rest/api/3/issue/SUP-1/transitions", null).body().toString()).contains("In Progress").doesNotContain("In Review");
        HttpRequest upload = HttpRequest.newBuilder(URI.create(jiraBase() + "/rest/api/3/issue/SUP-1/attachments"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("connector@example.com:sandbox-jira-token".getBytes()))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nx\r\n--b--\r\n")).build();
        assertThat(http.send(upload, HttpResponse.BodyHandlers.ofString()).statusCode()).as("no X-Atlassian-Token").isEqualTo(403);
        assertThat(issue.attachments).isEmpty();
        assertThat(jira("GET", "/rest/api/3/search/jql?jql=" + java.net.URLEncoder.encode("order by key", StandardCharsets.UTF_8), null).status()).isEqualTo(400);
        assertThat(jira("GET", "/rest/api/3/search?jql=project=SUP", null).status()).isEqualTo(410);
        Raw page = jira("GET", "/rest/api/3/search/jql?jql=project%3DSUP&maxResults=2", null);
        assertThat(page.body().path("issues").size()).isEqualTo(2);
        assertThat(page.body().path("issues").path(0).path("fields").size()).as("default fields: id only").isZero();
        assertThat(page.body().path("isLast").asBoolean()).isFalse();
        assertThat(page.body().path("total").isMissingNode()).isTrue();
    }

    @Test
    void webhooksAreSignedCarryV2BodiesAndAreRetriedWithTheSameIdentifier() throws Exception {
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        List<Integer> answers = new ArrayList<>(List.of(503, 503, 200, 400));
        HttpServer receiver = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(Map.of("id", exchange.getRequestHeaders().getFirst("X-Atlassian-Webhook-Identifier"),
                    "retry", String.valueOf(exchange.getRequestHeaders().getFirst("X-Atlassian-Webhook-Retry")),
                    "signature", exchange.getRequestHeaders().getFirst("X-Hub-Signature"), "body", body));
            int status;
            synchronized (answers) {
                status = answers.isEmpty() ? 200 : answers.remove(0);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try {
            webhooks.configure("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "It's a Secret to Everybody");
            webhooks.setEnabled(true);
            JiraSandbox.Issue issue = jira.issue("SUP-1").orElseThrow();
            jira.asUser("ada.lovelace@example.com", () -> JiraIssues.addComment(jira, issue, adf("Hello *there*"), jiraBase()));
            jira.asUser("ada.lovelace@example.com", () -> {
                JiraIssues.transition(jira, issue, "11");
                return null;
            });
            webhooks.drain();
            assertThat(received).hasSize(4);
            assertThat(received.subList(0, 3)).extracting(m -> m.get("id")).containsOnly(received.get(0).get("id"));
            assertThat(received.subList(0, 3)).extracting(m -> m.get("retry")).containsExactly("null", "1", "2");
            for (Map<String, String> r : received) {
                assertThat(r.get("signature")).isEqualTo("sha256=" + JiraWebhookSender.hmacHex("It's a Secret to Everybody", r.get("body")));
            }
            JsonNode comment = json.readTree(received.get(0).get("body"));
            assertThat(comment.path("webhookEvent").asText()).isEqualTo("comment_created");
            assertThat(comment.has("user")).as("comment events carry no top-level user").isFalse();
            assertThat(comment.path("comment").path("body").isTextual()).as("v2 body: wiki markup").isTrue();
            assertThat(comment.path("comment").path("self").asText()).contains("/rest/api/2/");
            assertThat(comment.path("comment").path("author").path("displayName").asText()).isEqualTo("Ada Lovelace");
            JsonNode transition = json.readTree(received.get(3).get("body"));
            assertThat(transition.path("changelog").path("items").path(0).path("fieldId").asText()).isEqualTo("status");
            assertThat(transition.path("issue_event_type_name").asText()).isEqualTo("issue_generic");
            assertThat(webhooks.deliveries().get(1).attempts()).as("a 400 is not retried").hasSize(1);
        } finally {
            receiver.stop(0);
        }
    }

    private JsonNode adf(String text) {
        var doc = json.createObjectNode().put("type", "doc").put("version", 1);
        doc.putArray("content").addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text").put("text", text);
        return doc;
    }


    @Test
    void theSimulatedPortalEnforcesHubSpotsTenSecondWindowAndTheSearchLimit() throws Exception {
        io.hubjira.sandbox.hubspot.HubSpotRateLimits limits = rateLimits;
        try {
            limits.set(5, 2);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(hs("GET", "/crm/v3/objects/deals?limit=1", null, DEMO_TOKEN).status());
            }
            assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
            Raw limited = hs("GET", "/crm/v3/objects/deals?limit=1", null, DEMO_TOKEN);
            assertThat(limited.body().path("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
            assertThat(limited.headers().get("x-hubspot-ratelimit-remaining")).containsExactly("0");
            limits.set(100, 2);
            List<Integer> searches = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                searches.add(hs("POST", "/crm/v3/objects/deals/search", "{}", DEMO_TOKEN).status());
            }
            assertThat(searches).containsExactly(200, 200, 429);
            Raw ok = hs("GET", "/crm/v3/objects/deals?limit=1", null, DEMO_TOKEN);
            assertThat(ok.headers().get("x-hubspot-ratelimit-max")).containsExactly("100");
        } finally {
            limits.set(0, 0);
        }
    }

    @Test
    void theSimulatedPortalCountsTheDailyLimitAndAnswersItsOwn429() throws Exception {
        try {
            rateLimits.set(0, 0, 3);
            Raw first = hs("GET", "/crm/v3/objects/deals?limit=1", null, DEMO_TOKEN);
            assertThat(first.headers().get("x-hubspot-ratelimit-daily")).containsExactly("3");
            assertThat(first.headers().get("x-hubspot-ratelimit-daily-remaining")).containsExactly("2");
            hs("GET", "/crm/v3/objects/deals?limit=1", null, DEMO_TOKEN);
            hs("POST", "/crm/v3/objects/deals/search", "{}", DEMO_TOKEN);
            Raw limited = hs("GET", "/crm/v3/objects/deals?limit=1", null, DEMO_TOKEN);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.body().path("policyName").asText()).isEqualTo("DAILY");
            assertThat(limited.body().path("message").asText()).isEqualTo("You have reached your daily limit.");
            assertThat(limited.body().path("errorType").asText()).isEqualTo("RATE_LIMIT");
            assertThat(limited.body().path("requestId").asText()).isNotBlank();
            assertThat(limited.headers().get("x-hubspot-ratelimit-daily-remaining")).containsExactly("0");
        } finally {
            rateLimits.set(0, 0);
        }
    }

    @Test
    void theSimulatedJiraLimitsWritesPerIssueWithItsReasonAndHeaders() throws Exception {
        try {
            jiraLimits.set(3, 100);
            String key = jira("POST", "/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SUP\"},\"issuetype\":{\"id\":\"10001\"},"
                    + "\"summary\":\"Written often\"}}").body().path("key").asText();
            String other = jira("POST", "/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"SUP\"},\"issuetype\":{\"id\":\"10001\"},"
                    + "\"summary\":\"Written once\"}}").body().path("key").asText();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                statuses.add(jira("PUT", "/rest/api/3/issue/" + key, "{\"fields\":{\"summary\":\"Edit " + i + "\"}}").status());
            }
            assertThat(statuses).containsExactly(204, 204, 204, 429);
            Raw limited = jira("POST", "/rest/api/3/issue/" + key + "/comment", "{\"body\":\"too soon\"}");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.headers().get("ratelimit-reason")).containsExactly("jira-per-issue-on-write");
            assertThat(Integer.parseInt(limited.headers().get("retry-after").get(0))).isBetween(1, 2);
            assertThat(limited.headers().get("x-ratelimit-reset").get(0)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}Z");
            assertThat(limited.headers().get("x-ratelimit-limit")).containsExactly("3");
            assertThat(jira("GET", "/rest/api/3/issue/" + key, null).status()).as("reads are not limited per issue").isEqualTo(200);
            assertThat(jira("PUT", "/rest/api/3/issue/" + other, "{\"fields\":{\"summary\":\"Edit\"}}").status()).as("another issue").isEqualTo(204);
        } finally {
            jiraLimits.set(20, 100);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.hubjira.sandbox.hubspot.HubSpotRateLimits rateLimits;
    @org.springframework.beans.factory.annotation.Autowired
    io.hubjira.sandbox.jira.JiraRateLimits jiraLimits;

    @Test
    void theSimulatedPortalSendsV3SignedWebhooksWhenAUrlIsConfigured() throws Exception {
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hubspot-hook", exchange -> {
            received.add(Map.of("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    "signature", exchange.getRequestHeaders().getFirst("X-HubSpot-Signature-v3"),
                    "timestamp", exchange.getRequestHeaders().getFirst("X-HubSpot-Request-Timestamp")));
            try {
                Thread.sleep(20); // a receiver that takes its time: events pile up meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hubspot-hook";
        var env = (org.springframework.core.env.ConfigurableEnvironment) environment;
        env.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("hook",
                Map.of("connector.sandbox.hubspot.webhook-url", url, "connector.sandbox.hubspot.client-secret", "client-secret-1")));
        hubspotWebhooks.setEnabled(true);
        try {
            String id = hubspot.recordsOf("deals").keySet().iterator().next();
            assertThat(hs("PATCH", "/crm/v3/objects/deals/" + id, "{\"properties\":{\"dealname\":\"Hooked\"}}", DEMO_TOKEN).status()).isEqualTo(200);
            hubspotWebhooks.drain();
            assertThat(received).hasSize(1);
            JsonNode events = json.readTree(received.get(0).get("body"));
            assertThat(events.isArray()).isTrue();
            assertThat(events.path(0).path("subscriptionType").asText()).isEqualTo("deal.propertyChange");
            assertThat(events.path(0).path("propertyName").asText()).isEqualTo("dealname");
            assertThat(events.path(0).path("objectId").asLong()).isEqualTo(Long.parseLong(id));
            assertThat(received.get(0).get("signature")).isEqualTo(io.hubjira.sandbox.hubspot.HubSpotWebhookSender.signatureV3(
                    "client-secret-1", "POST", url, received.get(0).get("body"), received.get(0).get("timestamp")));

            // events that happen while a delivery is in flight go together, fewer than 100 per request, in their order
            received.clear();
            List<Long> created = new java.util.ArrayList<>();
            for (int i = 0; i < 250; i++) {
                created.add(Long.parseLong(hubspot.create("deals", Map.of("dealname", "Piled " + i)).id));
            }
            hubspotWebhooks.drain();
            List<Long> delivered = new java.util.ArrayList<>();
            for (Map<String, String> delivery : received) {
                JsonNode batch = json.readTree(delivery.get("body"));
                assertThat(batch.size()).as("events in one request").isBetween(1, 99);
                batch.forEach(e -> delivered.add(e.path("objectId").asLong()));
            }
            assertThat(delivered).containsExactlyElementsOf(created);
            assertThat(received.size()).as("requests for 250 creations").isLessThan(250).isGreaterThanOrEqualTo(3);
        } finally {
            hubspotWebhooks.setEnabled(false);
            env.getPropertySources().remove("hook");
            receiver.stop(0);
        }
    }

    @Test
    void jiraBulkFetchReadsIssuesAtOnceInAscendingIdOrderAndRefusesMoreThanAHundred() throws Exception {
        jira.setSearchLagMillis(60_000);
        JiraSandbox.Issue first = jira.existingIssue("SUP", "10001", "First");
        JiraSandbox.Issue second = jira.existingIssue("SUP", "10001", "Second");
        JsonNode answer = jira("POST", "/rest/api/3/issue/bulkfetch", "{\"issueIdsOrKeys\":[\"" + second.key + "\",\"" + first.id
                + "\",\"999999\"],\"fields\":[\"summary\"]}").body();
        assertThat(answer.path("issues")).extracting(i -> i.path("fields").path("summary").asText())
                .as("not lagging like search, in ascending id order, an unknown id left out").containsExactly("First", "Second");
        assertThat(answer.path("issueErrors")).isEmpty();
        var tooMany = jira("POST", "/rest/api/3/issue/bulkfetch", "{\"issueIdsOrKeys\":["
                + java.util.stream.IntStream.range(0, 101).mapToObj(i -> "\"" + (10000 + i) + "\"").collect(java.util.stream.Collectors.joining(","))
                + "]}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().path("errorMessages").toString()).contains("100");
    }

    @Test
    void jiraSearchShowsNewAndEditedIssuesOnlyAfterTheirLagAndReconciledOnesAtOnce() throws Exception {
        jira.setSearchLagMillis(1_000);
        JiraSandbox.Issue issue = jira.existingIssue("SUP", "10001", "Before the edit");
        String byKey = "{\"jql\":\"project = SUP AND key = " + issue.key + "\",\"fields\":[\"summary\"]";
        assertThat(jira("POST", "/rest/api/3/search/jql", byKey + "}").body().path("issues")).as("a new issue lags").isEmpty();
        assertThat(jira("POST", "/rest/api/3/search/jql", byKey + ",\"reconcileIssues\":[" + issue.id + "]}").body().path("issues")).hasSize(1);
        Thread.sleep(1_100);
        JiraIssues.edit(jira, issue, json.createObjectNode().set("fields", json.createObjectNode().put("summary", "After the edit")));
        assertThat(jira("POST", "/rest/api/3/search/jql", byKey + "}").body().at("/issues/0/fields/summary").asText())
                .as("an edited issue is found and answered as it was").isEqualTo("Before the edit");
        assertThat(jira("POST", "/rest/api/3/search/jql", "{\"jql\":\"project = SUP AND summary ~ \\\"After\\\"\",\"fields\":[\"summary\"]}")
                .body().path("issues")).as("nor matched by its new values").isEmpty();
        assertThat(jira("GET", "/rest/api/3/issue/" + issue.key + "?fields=summary", null).body().at("/fields/summary").asText())
                .as("reads by key are current").isEqualTo("After the edit");
        Thread.sleep(1_100);
        assertThat(jira("POST", "/rest/api/3/search/jql", byKey + "}").body().at("/issues/0/fields/summary").asText()).isEqualTo("After the edit");
    }

    @Test
    void hubspotSearchShowsNewAndChangedRecordsOnlyAfterTheirLag() throws Exception {
        hubspot.setSearchLagMillis(1_000);
        String id = hubspot.recordsOf("deals").keySet().iterator().next();
        String before = hubspot.record("deals", id).orElseThrow().properties.get("dealname");
        hubspot.update("deals", id, Map.of("dealname", "Renamed just now"));
        String fresh = hubspot.create("deals", Map.of("dealname", "Created just now", "dealstage", "appointmentscheduled", "pipeline", "default")).id;
        String search = "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"hs_object_id\",\"operator\":\"IN\",\"values\":[\"" + id + "\",\""
                + fresh + "\"]}]}],\"sorts\":[],\"properties\":[\"dealname\"],\"limit\":10,\"after\":\"0\"}";
        JsonNode lagging = hs("POST", "/crm/objects/2026-03/deals/search", search, DEMO_TOKEN).body();
        assertThat(lagging.path("results")).as("the new record is not in search yet").hasSize(1);
        assertThat(lagging.at("/results/0/properties/dealname").asText()).as("the changed one is as it was").isEqualTo(before);
        assertThat(hs("GET", "/crm/objects/2026-03/deals/" + id + "?properties=dealname", null, DEMO_TOKEN).body().at("/properties/dealname").asText())
                .as("reads by id are current").isEqualTo("Renamed just now");
        Thread.sleep(1_100);
        DealNames caughtUp = new DealNames(hs("POST", "/crm/objects/2026-03/deals/search", search, DEMO_TOKEN).body());
        assertThat(caughtUp.names()).containsExactlyInAnyOrder("Renamed just now", "Created just now");
    }

    private record DealNames(JsonNode answer) {
        List<String> names() {
            List<String> names = new ArrayList<>();
            answer.path("results").forEach(r -> names.add(r.at("/properties/dealname").asText()));
            return names;
        }
    }

    @Test
    void batchAnswersNameTheInputsThatFailedOnTheirOwn() throws Exception {
        List<String> ids = new ArrayList<>(hubspot.recordsOf("deals").keySet()).subList(0, 3);
        faults.failBatchInputs("hubspot", "\"id\":\"" + ids.get(1) + "\"", 1, 500, "INTERNAL_ERROR", "Something went wrong");
        Raw read = hs("POST", "/crm/objects/2026-03/deals/batch/read", "{\"inputs\":[{\"id\":\"" + String.join("\"},{\"id\":\"", ids)
                + "\"}],\"properties\":[\"dealname\"],\"propertiesWithHistory\":[]}", DEMO_TOKEN);
        assertThat(read.status()).isEqualTo(207);
        assertThat(read.body().path("results")).extracting(r -> r.path("id").asText()).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
        assertThat(read.body().at("/errors/0/category").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(read.body().at("/errors/0/context/ids/0").asText()).isEqualTo(ids.get(1));

        faults.failBatchInputs("jira", "\"summary\":\"second\"", 1, 400, null, "The summary was refused");
        Raw bulk = jira("POST", "/rest/api/3/issue/bulk", "{\"issueUpdates\":[" + String.join(",", List.of("first", "second", "third").stream()
                .map(n -> "{\"fields\":{\"project\":{\"key\":\"SUP\"},\"issuetype\":{\"id\":\"10001\"},\"summary\":\"" + n + "\"}}").toList()) + "]}");
        assertThat(bulk.status()).isEqualTo(201);
        assertThat(bulk.body().path("issues")).hasSize(2);
        assertThat(bulk.body().at("/errors/0/failedElementNumber").asInt()).isEqualTo(1);
        assertThat(bulk.body().at("/errors/0/elementErrors/errors/summary").asText()).isEqualTo("The summary was refused");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.core.env.Environment environment;
}
