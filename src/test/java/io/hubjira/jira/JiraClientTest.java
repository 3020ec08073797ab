package io.hubjira.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.http.UnexpectedAnswerException;
import io.hubjira.support.FakeApi;
import org.junit.jupiter.api.Test;

/**
 * The Jira client against Jira Cloud's documented shapes: bulk creates split to 50 with every element's outcome,
 * escaped JQL, reconciled searches, both spellings of createmeta's field list, the attachment header, webhook
 * deliveries as Jira sends them, and typed errors for answers of an unexpected shape.
 */
class JiraClientTest {

    private final FakeApi api = new FakeApi();
    private final JiraClient client = new JiraClient(api.executor(1), FakeApi.JSON,
            () -> new JiraCredentials("http://jira.test", "bot@example.com", "secret-token"), FakeApi.properties(1));

    @Test
    void jqlValuesAreQuotedAndEscapedSoNoValueChangesTheQuery() {
        assertThat(Jql.projectIs("SUP").andLabelsIn(List.of("hubspot-1-deals-5", "a\"b")).text())
                .isEqualTo("project = \"SUP\" AND labels in (\"hubspot-1-deals-5\", \"a\\\"b\")");
        assertThat(Jql.projectIs("X\" OR project != \"Y").andLabelsIn(List.of("In \\ Progress")).text())
                .isEqualTo("project = \"X\\\" OR project != \\\"Y\" AND labels in (\"In \\\\ Progress\")");
        assertThat(Jql.keysIn(List.of("SUP-1", "SUP-2")).text()).isEqualTo("key in (\"SUP-1\", \"SUP-2\")");
    }

    /** Drafts carrying their marker label (as the creator makes them), with a summary. */
    private static List<IssueDraft> drafts(int n, java.util.function.IntFunction<String> summary) {
        return IntStream.range(0, n).mapToObj(i -> new IssueDraft(Map.of("summary", new JiraFieldValue.Text(summary.apply(i)),
                "labels", new JiraFieldValue.Labels(List.of("marker-" + i))))).toList();
    }

    /** A fake Jira: bulk creates answer their issues in reverse order; bulk fetches answer them with their labels. */
    private Map<String, String> fakeJiraCreatingInReverse(java.util.function.Predicate<String> refused) {
        Map<String, String> labelById = new java.util.concurrent.ConcurrentHashMap<>();
        api.on("POST", "/rest/api/3/issue/bulk", s -> {
            List<String> issues = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            JsonNode updates = s.body().path("issueUpdates");
            for (int i = 0; i < updates.size(); i++) {
                String summary = updates.get(i).path("fields").path("summary").asText();
                if (refused.test(summary)) {
                    errors.add("{\"status\":400,\"elementErrors\":{\"errorMessages\":[],\"errors\":{\"summary\":\"refused\"}},\"failedElementNumber\":" + i + "}");
                } else {
                    String id = String.valueOf(10000 + labelById.size());
                    labelById.put(id, updates.get(i).path("fields").path("labels").get(0).asText());
                    issues.add(0, "{\"id\":\"" + id + "\",\"key\":\"SUP-" + id + "\"}");
                }
            }
            return FakeApi.answer(issues.isEmpty() ? 400 : 201, "{\"issues\":[" + String.join(",", issues) + "],\"errors\":[" + String.join(",", errors) + "]}");
        });
        api.on("POST", "/rest/api/3/issue/bulkfetch", s -> {
            List<String> found = new ArrayList<>();
            s.body().path("issueIdsOrKeys").forEach(id -> found.add("{\"id\":\"" + id.asText() + "\",\"key\":\"SUP-" + id.asText()
                    + "\",\"fields\":{\"labels\":[\"" + labelById.get(id.asText()) + "\"],\"status\":{\"id\":\"10000\",\"name\":\"To Do\"}}}"));
            return FakeApi.answer(200, "{\"issues\":[" + String.join(",", found) + "],\"issueErrors\":[]}");
        });
        return labelById;
    }

    @Test
    void bulkCreatesAreSplitToFiftyAndEachIssueIsMatchedToItsDraftByMarkerNeverByPosition() {
        Map<String, String> labelById = fakeJiraCreatingInReverse(summary -> summary.equals("bad"));
        List<BulkOutcome> outcomes = client.createBulk("SUP", drafts(120, i -> i == 60 ? "bad" : String.valueOf(i)),
                IntStream.range(0, 120).mapToObj(i -> "marker-" + i).toList());

        assertThat(api.sent("POST", "/rest/api/3/issue/bulk")).extracting(s -> s.body().path("issueUpdates").size()).containsExactly(50, 50, 20);
        assertThat(outcomes).hasSize(120);
        for (int i = 0; i < 120; i++) {
            BulkOutcome o = outcomes.get(i);
            assertThat(o.index()).isEqualTo(i);
            if (i == 60) {
                assertThat(o.state()).isEqualTo(BulkOutcome.State.REFUSED);
                assertThat(o.error()).contains("summary: refused");
            } else {
                assertThat(o.state()).isEqualTo(BulkOutcome.State.CREATED);
                assertThat(labelById.get(o.issue().id())).as("the issue of draft " + i + " carries its marker").isEqualTo("marker-" + i);
                assertThat(o.issue().statusName()).isEqualTo("To Do");
            }
        }
        assertThat(api.sent("POST", "/rest/api/3/issue/bulkfetch")).as("the new issues read back together, 100 per bulk fetch")
                .extracting(s -> s.body().path("issueIdsOrKeys").size()).containsExactly(100, 19);
        assertThat(api.sent("POST", "/rest/api/3/search/jql")).as("never through the lagging search").isEmpty();
    }

    @Test
    void aBulkCreateWhoseEveryElementWasRefusedAnswersEachElementsErrorInsteadOfFailing() {
        fakeJiraCreatingInReverse(summary -> true);
        List<BulkOutcome> outcomes = client.createBulk("SUP", drafts(2, i -> "bad " + i), List.of("marker-0", "marker-1"));
        assertThat(outcomes).extracting(BulkOutcome::state).containsExactly(BulkOutcome.State.REFUSED, BulkOutcome.State.REFUSED);
    }

    @Test
    void aBulkCreateWhoseAnswerWasLostIsNeverSentAgainAndWhatSearchDoesNotShowYetIsUnconfirmed() {
        JiraClient threeTries = new JiraClient(api.executor(3), FakeApi.JSON,
                () -> new JiraCredentials("http://jira.test", "bot@example.com", "secret-token"), FakeApi.properties(3));
        api.on("POST", "/rest/api/3/issue/bulk", 502, "{\"errorMessages\":[\"Bad gateway\"],\"errors\":{}}");
        // the search lags: it shows the issue of the first draft, not (yet) the one of the second
        api.on("POST", "/rest/api/3/search/jql", 200,
                "{\"issues\":[{\"id\":\"10001\",\"key\":\"SUP-1\",\"fields\":{\"labels\":[\"m-a\"]}}],\"isLast\":true}");
        List<BulkOutcome> outcomes = threeTries.createBulk("SUP", drafts(2, i -> "x" + i), List.of("m-a", "m-b"));

        assertThat(outcomes.get(0).state()).isEqualTo(BulkOutcome.State.CREATED);
        assertThat(outcomes.get(0).issue().key()).isEqualTo("SUP-1");
        assertThat(outcomes.get(1).state()).as("not visible yet: not taken for absent").isEqualTo(BulkOutcome.State.UNCONFIRMED);
        assertThat(outcomes.get(1).absentSince()).as("when the search missed it").isNotNull();
        assertThat(api.sent("POST", "/rest/api/3/issue/bulk")).as("a lost create is not sent again by the client").hasSize(1);
        assertThat(api.sent("POST", "/rest/api/3/search/jql")).as("looked up once, no waiting loop").hasSize(1);
        assertThat(api.sent("POST", "/rest/api/3/search/jql").get(0).body().path("jql").asText()).contains("labels in (\"m-a\", \"m-b\")");
    }

    @Test
    void issuesAreReadNowByBulkFetchAHundredAtATimeAndThoseJiraCouldNotReturnAreAskedForOnceMore() {
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        api.on("POST", "/rest/api/3/issue/bulkfetch", s -> {
            boolean first = fetches.getAndIncrement() == 0;
            List<String> found = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            s.body().path("issueIdsOrKeys").forEach(id -> {
                if (first && id.asText().equals("10007")) {
                    errors.add("{\"id\":\"10007\",\"errorMessage\":\"Try again later\"}");
                } else if (!id.asText().equals("10150")) {
                    found.add("{\"id\":\"" + id.asText() + "\",\"key\":\"SUP-" + id.asText() + "\",\"fields\":{\"labels\":[]}}");
                }
            });
            return FakeApi.answer(200, "{\"issues\":[" + String.join(",", found) + "],\"issueErrors\":[" + String.join(",", errors) + "]}");
        });
        List<String> ids = IntStream.range(0, 160).mapToObj(i -> String.valueOf(10000 + i)).toList();

        List<JiraIssue> issues = client.issuesNow(ids, List.of("labels"));

        assertThat(api.sent("POST", "/rest/api/3/issue/bulkfetch")).extracting(s -> s.body().path("issueIdsOrKeys").size())
                .as("100, the rest, then the one Jira could not return").containsExactly(100, 60, 1);
        assertThat(api.sent("POST", "/rest/api/3/issue/bulkfetch").get(0).body().path("fields").toString()).contains("\"labels\"");
        assertThat(issues).extracting(JiraIssue::id).as("an issue Jira does not have is left out").hasSize(159)
                .contains("10007").doesNotContain("10150");
    }

    @Test
    void anIssueJiraCannotReturnTwiceFailsTheReadInsteadOfLookingAbsent() {
        api.on("POST", "/rest/api/3/issue/bulkfetch", 200, "{\"issues\":[],\"issueErrors\":[{\"id\":\"10001\",\"errorMessage\":\"Try again later\"}]}");
        assertThatThrownBy(() -> client.issuesNow(List.of("10001"), List.of("labels"))).hasMessageContaining("10001")
                .hasMessageContaining("Try again later");
    }

    @Test
    void aSearchOfJustWrittenIssuesReconcilesThemAndPagesByToken() {
        api.on("POST", "/rest/api/3/search/jql", 200, "{\"issues\":[{\"id\":\"10001\",\"key\":\"SUP-1\",\"fields\":{\"status\":"
                + "{\"id\":\"3\",\"name\":\"In Progress\",\"statusCategory\":{\"key\":\"indeterminate\",\"name\":\"In Progress\"}},"
                + "\"labels\":[\"hubspot-1-deals-5\"],\"updated\":\"2026-11-30T10:00:00.000+0100\"}}],\"nextPageToken\":\"t2\",\"isLast\":false}");
        var page = client.search(Jql.keysIn(List.of("SUP-1")), List.of("status"), 10, null, List.of("10001"));
        JsonNode body = api.sent.get(0).body();
        assertThat(body.path("jql").asText()).isEqualTo("key in (\"SUP-1\")");
        assertThat(body.path("reconcileIssues").toString()).isEqualTo("[10001]");
        assertThat(body.path("fields").toString()).contains("\"status\"").contains("\"labels\"");
        assertThat(page.next()).isEqualTo("t2");
        JiraIssue issue = page.items().get(0);
        assertThat(issue.status().categoryKey()).isEqualTo("indeterminate");
        assertThat(issue.labels()).containsExactly("hubspot-1-deals-5");
        assertThat(issue.updated()).hasToString("2026-11-30T09:00:00Z");
    }

    @Test
    void createmetaIsReadWhicheverNameItsFieldListHas() {
        api.on("GET", "/rest/api/3/issue/createmeta/SUP/issuetypes/10001", s -> FakeApi.answer(200, s.query().contains("startAt=0")
                ? "{\"startAt\":0,\"maxResults\":200,\"total\":2,\"fields\":[{\"fieldId\":\"summary\",\"name\":\"Summary\",\"required\":true,"
                + "\"schema\":{\"type\":\"string\",\"system\":\"summary\"}},{\"key\":\"customfield_1\",\"name\":\"Tier\",\"required\":false,"
                + "\"schema\":{\"type\":\"option\",\"custom\":\"com.atlassian.jira.plugin.system.customfieldtypes:select\"},"
                + "\"allowedValues\":[{\"id\":\"1\",\"value\":\"Gold\"}]}]}"
                : "{\"results\":[]}"));
        List<CreateMetaField> fields = client.createFields("SUP", "10001");
        assertThat(fields).extracting(CreateMetaField::id).containsExactly("summary", "customfield_1");
        assertThat(fields.get(1).allowedValues().get(0).value()).isEqualTo("Gold");
    }

    @Test
    void attachmentsGoAsAFilePartWithJirasXsrfHeader() throws Exception {
        api.on("POST", "/rest/api/3/issue/SUP-1/attachments", 200, "[{\"id\":\"10500\",\"filename\":\"a.png\",\"mimeType\":\"image/png\",\"size\":4}]");
        JiraAttachment added = client.attach("SUP-1", "a.png", "image/png", new byte[] {1, 2, 3, 4});
        assertThat(added.id()).isEqualTo("10500");
        var request = api.sent.get(0).request();
        assertThat(request.headers()).containsEntry("X-Atlassian-Token", "no-check");
        var out = new java.io.ByteArrayOutputStream();
        ((org.apache.hc.core5.http.HttpEntity) request.body()).writeTo(out);
        assertThat(out.toString(java.nio.charset.StandardCharsets.ISO_8859_1)).contains("name=\"file\"; filename=\"a.png\"");
    }

    @Test
    void anAnswerOfAnUnexpectedShapeIsATypedErrorNamingTheOperation() {
        api.on("GET", "/rest/api/3/myself", 200, "{\"displayName\":\"no account id\"}");
        api.on("POST", "/rest/api/3/issue/bulk", 201, "{\"issues\":[],\"errors\":[{\"failedElementNumber\":7}]}");
        assertThatThrownBy(() -> client.myself(new JiraCredentials("http://jira.test", "a", "b")))
                .isInstanceOf(UnexpectedAnswerException.class).hasMessageContaining("MYSELF").hasMessageContaining("accountId");
        assertThatThrownBy(() -> client.createBulk("SUP", List.of(new IssueDraft(Map.of())), List.of("marker-0")))
                .isInstanceOf(UnexpectedAnswerException.class).hasMessageContaining("ISSUE_BULK_CREATE").hasMessageContaining("element 7 of 1");
    }

    @Test
    void webhookDeliveriesAreReadAsJiraCloudSendsThem() throws Exception {
        JiraWebhookEvent update = JiraWebhookEvent.parse(FakeApi.JSON.readTree(Files.readString(
                Path.of("../shared/api-specs/samples/jira-issue_updated.status-change.cloud.json"))), 0);
        assertThat(update.type()).isEqualTo(JiraWebhookEvent.ISSUE_UPDATED);
        assertThat(update.issueKey()).isNotBlank();
        assertThat(update.changes()).anySatisfy(c -> assertThat(c.fieldId()).isEqualTo("status"));
        assertThat(update.actorAccountId()).isEqualTo(update.userAccountId());

        JiraWebhookEvent comment = JiraWebhookEvent.parse(FakeApi.JSON.readTree(Files.readString(
                Path.of("../shared/api-specs/samples/jira-comment_updated.cloud.json"))), 0);
        assertThat(comment.comment().wikiBody()).as("admin webhooks carry wiki markup").isNotNull();
        assertThat(comment.actorAccountId()).as("comment events: their last editor").isEqualTo(comment.comment().updateAuthor().accountId());

        assertThatThrownBy(() -> JiraWebhookEvent.parse(FakeApi.JSON.readTree("{\"issue\":{}}"), 0))
                .isInstanceOf(JiraWebhookEvent.MalformedDelivery.class).hasMessageContaining("webhookEvent");
    }

    @Test
    void aWorkflowIsReadFromTheSpecsOwnExampleWithGlobalAndDirectedTransitions() throws Exception {
        JsonNode spec = FakeApi.JSON.readTree(Files.readString(Path.of("../shared/api-specs/jira/jira-platform-swagger-v3.v3.json")));
        String example = spec.at("/paths/~1rest~1api~13~1workflows/post/responses/200/content/application~1json/example").asText();
        api.on("POST", "/rest/api/3/workflows", s -> {
            assertThat(s.body().toString()).isEqualTo("{\"projectAndIssueTypes\":[{\"projectId\":\"10000\",\"issueTypeId\":\"10001\"}]}");
            return FakeApi.answer(200, example);
        });
        JiraWorkflow workflow = client.workflow("10000", "10001").orElseThrow();
        assertThat(workflow.name()).isEqualTo("Workflow 1");
        assertThat(workflow.statuses()).extracting(JiraWorkflow.Status::name).containsExactlyInAnyOrder("To Do", "In Progress", "Done");
        JiraWorkflow.Step startWork = workflow.transitions().stream().filter(t -> t.id().equals("41")).findFirst().orElseThrow();
        assertThat(startWork.kind()).isEqualTo(JiraWorkflow.Kind.DIRECTED);
        assertThat(startWork.startsAt("10001")).isTrue();
        assertThat(startWork.startsAt("10002")).isFalse();
        JiraWorkflow.Step done = workflow.transitions().stream().filter(t -> t.id().equals("31")).findFirst().orElseThrow();
        assertThat(done.startsAt("10001")).as("a global transition starts anywhere").isTrue();
        assertThat(done.startsAt("10003")).as("but not where it leads").isFalse();
        assertThat(workflow.transitions().stream().filter(t -> t.id().equals("1")).findFirst().orElseThrow().startsAt("10001")).isFalse();
    }

    @Test
    void anAccountThatMayNotReadWorkflowsGetsNoneInsteadOfAFailure() {
        api.on("POST", "/rest/api/3/workflows", 401, "{\"errorMessages\":[\"You are not authorized to perform this action.\"],\"errors\":{}}");
        assertThat(client.workflow("10000", "10001")).isEmpty();
        api.on("POST", "/rest/api/3/workflows", 200, "{\"statuses\":[],\"workflows\":[]}");
        assertThat(client.workflow("10000", "10001")).as("none named").isEmpty();
    }
}
