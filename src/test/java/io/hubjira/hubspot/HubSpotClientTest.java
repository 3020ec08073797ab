package io.hubjira.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.http.Page;
import io.hubjira.http.UnexpectedAnswerException;
import io.hubjira.support.FakeApi;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The HubSpot client against HubSpot's documented shapes: the paths of each API generation, the fields the 2026-03
 * documents require, batch limits applied by the client itself, typed answers, and typed errors for answers of an
 * unexpected shape.
 */
class HubSpotClientTest {

    private final FakeApi api = new FakeApi();

    private HubSpotClient client(String version) {
        MockEnvironment env = new MockEnvironment().withProperty("connector.hubspot.base-url", "http://hubspot.test");
        return new HubSpotClient(api.executor(1), FakeApi.JSON, env, () -> "test-token", FakeApi.hubspotVersion(version));
    }

    private static String record(String id, String name) {
        return "{\"id\":\"" + id + "\",\"properties\":{\"dealname\":\"" + name + "\",\"hs_lastmodifieddate\":\"2026-11-30T10:00:00Z\","
                + "\"amount\":null},\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-11-30T10:00:00Z\",\"archived\":false}";
    }

    @Test
    void everyOperationHasItsPathInEachGenerationAnd2026_09FallsBackWhereHubSpotPublishesNone() {
        assertThat(HubSpotOperation.OBJECTS_SEARCH.template(HubSpotApiVersion.V2026_03)).isEqualTo("/crm/objects/2026-03/{objectType}/search");
        assertThat(HubSpotOperation.OBJECTS_SEARCH.template(HubSpotApiVersion.V2026_09)).isEqualTo("/crm/objects/2026-09/{objectType}/search");
        assertThat(HubSpotOperation.OBJECTS_SEARCH.template(HubSpotApiVersion.LEGACY)).isEqualTo("/crm/v3/objects/{objectType}/search");
        assertThat(HubSpotOperation.FILE_UPLOAD.template(HubSpotApiVersion.V2026_09)).isEqualTo("/files/2026-03/files");
        assertThat(HubSpotOperation.ASSOCIATIONS_LIST.template(HubSpotApiVersion.V2026_09))
                .isEqualTo("/crm/objects/2026-03/{objectType}/{objectId}/associations/{toObjectType}");
        assertThat(HubSpotOperation.ASSOCIATIONS_BATCH_READ.template(HubSpotApiVersion.V2026_09))
                .isEqualTo("/crm/associations/2026-09/{fromObjectType}/{toObjectType}/batch/read");
        assertThat(HubSpotOperation.OWNERS_LIST.template(HubSpotApiVersion.V2026_03)).isEqualTo("/crm/owners/2026-03");
        assertThat(HubSpotOperation.OAUTH_REVOKE.method(HubSpotApiVersion.LEGACY)).isEqualTo("DELETE");
        assertThat(HubSpotOperation.OAUTH_REVOKE.method(HubSpotApiVersion.V2026_03)).isEqualTo("POST");
        assertThat(HubSpotOperation.OBJECT_READ.path(HubSpotApiVersion.V2026_03, Map.of("objectType", "2-9001", "objectId", "12/../x")))
                .as("ids cannot add a path of their own").isEqualTo("/crm/objects/2026-03/2-9001/12%2F..%2Fx");
    }

    @Test
    void anApiVersionTheConnectorDoesNotKnowIsRefusedNamingTheSettingAndItsValues() {
        assertThatThrownBy(() -> HubSpotApiVersion.fromSetting("2025-09"))
                .hasMessageContaining("connector.hubspot.api-version").hasMessageContaining("2025-09")
                .hasMessageContaining("2026-03, 2026-09, legacy");
        assertThat(HubSpotApiVersion.fromSetting(null)).isEqualTo(HubSpotApiVersion.V2026_03);
        assertThat(HubSpotApiVersion.fromSetting(" 2026-09 ")).isEqualTo(HubSpotApiVersion.V2026_09);
    }

    @Test
    void aSearchSendsEveryFieldTheDocumentRequiresAndAnswersTypedRecords() {
        api.on("POST", "/crm/objects/2026-03/deals/search", 200, "{\"total\":3,\"results\":[" + record("1", "Acme") + "],"
                + "\"paging\":{\"next\":{\"after\":\"1\",\"link\":\"?after=1\"}}}");
        Page<HubSpotRecord> page = client("2026-03").search("deals", RecordSearch.where(
                List.of(RecordSearch.Filter.of("hs_lastmodifieddate", "GTE", "0")), RecordSearch.Sort.ascending("hs_lastmodifieddate"),
                List.of("dealname", "amount"), 200));

        JsonNode body = api.sent.get(0).body();
        assertThat(body.fieldNames()).toIterable().contains("filterGroups", "sorts", "properties", "limit", "after");
        assertThat(body.path("after").asText()).isEqualTo("0");
        assertThat(body.path("filterGroups").get(0).path("filters").get(0).path("operator").asText()).isEqualTo("GTE");
        assertThat(body.path("sorts").get(0).path("direction").asText()).isEqualTo("ASCENDING");
        assertThat(api.sent.get(0).request().rateClass()).as("the search limit applies").hasToString("SEARCH");
        assertThat(page.items()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("1");
            assertThat(r.property("dealname")).isEqualTo("Acme");
            assertThat(r.property("amount")).as("HubSpot's null value").isEmpty();
            assertThat(r.modifiedAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
        });
        assertThat(page.next()).isEqualTo("1");
        assertThat(page.total()).isEqualTo(3);
    }

    @Test
    void batchReadsAreSplitToHubSpotsLimitCarryPropertiesWithHistoryAndKeepTheIdsOrder() {
        api.on("POST", "/crm/objects/2026-03/deals/batch/read", s -> {
            List<String> results = new ArrayList<>();
            s.body().path("inputs").forEach(in -> {
                if (!in.path("id").asText().equals("7")) { // unknown to HubSpot: in its errors, not its results
                    results.add(record(in.path("id").asText(), "Deal " + in.path("id").asText()));
                }
            });
            return FakeApi.answer(207, "{\"status\":\"COMPLETE\",\"results\":[" + String.join(",", results) + "],\"numErrors\":1,"
                    + "\"errors\":[{\"status\":\"error\",\"category\":\"OBJECT_NOT_FOUND\",\"message\":\"not found\"}]}");
        });
        List<String> ids = IntStream.rangeClosed(1, 250).mapToObj(String::valueOf).toList();
        List<HubSpotRecord> records = client("2026-03").batchRead("deals", ids, List.of("dealname"));

        assertThat(api.sent).hasSize(3);
        assertThat(api.sent).extracting(s -> s.body().path("inputs").size()).containsExactly(100, 100, 50);
        assertThat(api.sent).allSatisfy(s -> {
            assertThat(s.body().path("propertiesWithHistory").isArray()).isTrue();
            assertThat(s.body().path("properties").toString()).isEqualTo("[\"dealname\"]");
        });
        assertThat(records).hasSize(249).extracting(HubSpotRecord::id).startsWith("1", "2", "3", "4", "5", "6", "8").doesNotContain("7");
    }

    @Test
    void aNoteIsCreatedWithItsAssociationInTheCreateCallAndTheDefaultTypeIsReadOnce() {
        api.on("GET", "/crm/associations/2026-03/notes/deals/labels", 200,
                "{\"results\":[{\"category\":\"USER_DEFINED\",\"typeId\":99,\"label\":\"Billing\"},{\"category\":\"HUBSPOT_DEFINED\",\"typeId\":214,\"label\":null}]}");
        api.on("POST", "/crm/objects/2026-03/notes", 201, "{\"id\":\"900\",\"properties\":{\"hs_note_body\":\"<p>hi</p>\","
                + "\"hs_timestamp\":\"2026-11-30T10:00:00Z\",\"hs_attachment_ids\":\"11;12\"},\"createdAt\":\"2026-11-30T10:00:00Z\","
                + "\"updatedAt\":\"2026-11-30T10:00:00Z\",\"archived\":false}");
        HubSpotClient client = client("2026-03");
        Note note = client.createNote(new NoteDraft("deals", "42", "<p>hi</p>", List.of("11", "12"), Instant.parse("2026-11-30T10:00:00Z"), "hi"));
        client.createNote(new NoteDraft("deals", "43", "<p>again</p>", List.of(), null, "again"));

        assertThat(api.sent("GET", ".*/labels")).hasSize(1);
        JsonNode body = api.sent("POST", "/crm/objects/2026-03/notes").get(0).body();
        assertThat(body.path("properties").path("hs_timestamp").asText()).isEqualTo("2026-11-30T10:00:00Z");
        assertThat(body.path("properties").path("hs_attachment_ids").asText()).isEqualTo("11;12");
        JsonNode association = body.path("associations").get(0);
        assertThat(association.path("to").path("id").asText()).isEqualTo("42");
        assertThat(association.path("types").get(0).path("associationCategory").asText()).isEqualTo("HUBSPOT_DEFINED");
        assertThat(association.path("types").get(0).path("associationTypeId").asInt()).isEqualTo(214);
        assertThat(note.id()).isEqualTo("900");
        assertThat(note.attachmentIds()).containsExactly("11", "12");
    }

    @Test
    void associationsOfManyRecordsAreReadInBatchesOf1000AndAPagedRecordIsReadOnWithItsCursor() {
        api.on("POST", "/crm/associations/2026-03/deals/notes/batch/read", s -> {
            List<String> results = new ArrayList<>();
            for (JsonNode in : s.body().path("inputs")) {
                String id = in.path("id").asText();
                if (id.equals("1") && !in.has("after")) {
                    results.add("{\"from\":{\"id\":\"1\"},\"to\":[{\"toObjectId\":501,\"associationTypes\":[]}],\"paging\":{\"next\":{\"after\":\"c1\"}}}");
                } else if (id.equals("1")) {
                    results.add("{\"from\":{\"id\":\"1\"},\"to\":[{\"toObjectId\":502,\"associationTypes\":[]}]}");
                } else {
                    results.add("{\"from\":{\"id\":\"" + id + "\"},\"to\":[]}");
                }
            }
            return FakeApi.answer(200, "{\"status\":\"COMPLETE\",\"results\":[" + String.join(",", results) + "]}");
        });
        List<String> ids = IntStream.rangeClosed(1, 1500).mapToObj(String::valueOf).toList();
        Map<String, List<String>> notes = client("2026-03").associatedIds("deals", ids, "notes");

        assertThat(api.sent).extracting(s -> s.body().path("inputs").size()).containsExactly(1000, 500, 1);
        assertThat(api.sent.get(2).body().path("inputs").get(0).path("after").asText()).isEqualTo("c1");
        assertThat(notes.get("1")).containsExactly("501", "502");
        assertThat(notes.get("1500")).isEmpty();
    }

    @Test
    void filesAreUploadedPrivateIntoTheirFolderSoARepeatedUploadAnswersTheFirstFile() throws Exception {
        api.on("POST", "/files/2026-03/files", 201, "{\"id\":\"77\",\"name\":\"report\",\"extension\":\"pdf\",\"size\":3,\"access\":\"PRIVATE\"}");
        FileInfo file = client("2026-09").upload("/hubspot-jira-connector/jira-10001", "report.pdf", "application/pdf", new byte[] {1, 2, 3});
        assertThat(file.id()).isEqualTo("77");
        assertThat(file.fileName()).isEqualTo("report.pdf");
        var request = api.sent.get(0).request();
        assertThat(request.path()).as("2026-09 publishes no upload: 2026-03").isEqualTo("/files/2026-03/files");
        var out = new java.io.ByteArrayOutputStream();
        ((org.apache.hc.core5.http.HttpEntity) request.body()).writeTo(out);
        String multipart = out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(multipart).contains("name=\"file\"; filename=\"report.pdf\"").contains("/hubspot-jira-connector/jira-10001")
                .contains("\"duplicateValidationStrategy\":\"RETURN_EXISTING\"").contains("\"duplicateValidationScope\":\"EXACT_FOLDER\"")
                .contains("\"access\":\"PRIVATE\"");
    }

    @Test
    void anAnswerOfAnUnexpectedShapeIsATypedErrorNamingTheOperation() {
        api.on("POST", "/crm/objects/2026-03/deals/search", 200, "{\"unexpected\":true}");
        api.on("GET", "/account-info/2026-03/details", 200, "[1,2,3]");
        api.on("GET", "/crm/properties/2026-03/deals", 200, "not json at all");
        HubSpotClient client = client("2026-03");
        RecordSearch search = RecordSearch.where(List.of(), null, List.of(), 10);
        assertThatThrownBy(() -> client.search("deals", search)).isInstanceOf(UnexpectedAnswerException.class)
                .hasMessageContaining("OBJECTS_SEARCH").hasMessageContaining("no results");
        assertThatThrownBy(() -> client.accountDetails("t")).isInstanceOf(UnexpectedAnswerException.class).hasMessageContaining("ACCOUNT_DETAILS");
        assertThatThrownBy(() -> client.properties("deals")).isInstanceOf(UnexpectedAnswerException.class).hasMessageContaining("PROPERTIES_LIST");
    }

    @Test
    void theLegacySettingKeepsTodaysPathsForATransition() {
        api.on("POST", "/crm/v3/objects/deals/search", 200, "{\"total\":0,\"results\":[]}");
        api.on("DELETE", "/oauth/v1/refresh-tokens/.*", 204, "");
        HubSpotClient client = client("legacy");
        client.search("deals", RecordSearch.where(List.of(), null, List.of(), 10));
        MockEnvironment env = new MockEnvironment().withProperty("connector.hubspot.base-url", "http://hubspot.test");
        new HubSpotOAuthClient(api.executor(1), FakeApi.JSON, env, FakeApi.hubspotVersion("legacy")).revokeRefreshToken("123", "client", "secret", "refresh-1");
        assertThat(api.sent).extracting(s -> s.method() + " " + s.path())
                .containsExactly("POST /crm/v3/objects/deals/search", "DELETE /oauth/v1/refresh-tokens/refresh-1");
    }

    @Test
    void aBatchUpdateHubSpotDidOnlyInPartAnswersWhichRecordsWereWrittenAndWhyTheOthersWereNot() {
        api.on("POST", "/crm/objects/2026-03/deals/batch/update", 207, "{\"status\":\"COMPLETE\",\"results\":[" + record("3", "C") + "," + record("1", "A")
                + "],\"numErrors\":1,\"errors\":[{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\",\"message\":\"Property values were not valid\","
                + "\"context\":{\"ids\":[\"2\"]}}]}");
        Map<String, Map<String, String>> changes = new java.util.LinkedHashMap<>();
        for (String id : List.of("1", "2", "3", "4")) {
            changes.put(id, Map.of("dealname", "x"));
        }
        BatchOutcome<String, HubSpotRecord> outcome = client("2026-03").batchUpdate("deals", changes);

        assertThat(outcome.done().keySet()).containsExactly("1", "3");
        assertThat(outcome.failed().get("2").category()).isEqualTo("VALIDATION_ERROR");
        assertThat(outcome.failed().get("2").retryable()).as("HubSpot refused it: no later try helps").isFalse();
        assertThat(outcome.failed().get("4").getMessage()).as("neither done nor named: never taken as written").contains("neither did nor named");
        assertThat(outcome.failed().get("4").retryable()).isTrue();
    }

    @Test
    void notesOfABatchCreateAreMatchedToTheirDraftsByTraceIdOrMarkerNeverByPosition() {
        api.on("GET", "/crm/associations/2026-03/notes/deals/labels", 200, "{\"results\":[{\"category\":\"HUBSPOT_DEFINED\",\"typeId\":214,\"label\":null}]}");
        List<NoteDraft> drafts = List.of(new NoteDraft("deals", "1", "<p>(m-1)</p>", List.of(), null, "(m-1)"),
                new NoteDraft("deals", "2", "<p>(m-2)</p>", List.of(), null, "(m-2)"),
                new NoteDraft("deals", "3", "<p>(m-3)</p>", List.of(), null, "(m-3)"));
        api.on("POST", "/crm/objects/2026-03/notes/batch/create", s -> {
            JsonNode inputs = s.body().path("inputs");
            // answered in reverse; the first draft's note echoes its trace id only, the third's only its body; the second failed
            String first = "{\"id\":\"901\",\"objectWriteTraceId\":\"" + inputs.get(0).path("objectWriteTraceId").asText()
                    + "\",\"properties\":{},\"createdAt\":\"2026-11-30T10:00:00Z\",\"updatedAt\":\"2026-11-30T10:00:00Z\"}";
            String third = "{\"id\":\"903\",\"properties\":{\"hs_note_body\":\"<p>(m-3)</p>\"},\"createdAt\":\"2026-11-30T10:00:00Z\","
                    + "\"updatedAt\":\"2026-11-30T10:00:00Z\"}";
            return FakeApi.answer(207, "{\"status\":\"COMPLETE\",\"results\":[" + third + "," + first + "],\"numErrors\":1,"
                    + "\"errors\":[{\"status\":\"error\",\"category\":\"INTERNAL_ERROR\",\"message\":\"try again\"}]}");
        });
        BatchOutcome<Integer, Note> outcome = client("2026-03").createNotes(drafts);

        assertThat(outcome.done().get(0).id()).isEqualTo("901");
        assertThat(outcome.done().get(2).id()).isEqualTo("903");
        assertThat(outcome.failed().keySet()).containsExactly(1);
        assertThat(outcome.failed().get(1).retryable()).isTrue();
        assertThat(api.sent("POST", ".*/notes/batch/create").get(0).body().path("inputs")).allSatisfy(in ->
                assertThat(in.path("objectWriteTraceId").asText()).startsWith("hubjira-"));
    }

    @Test
    void anAssociationReadHubSpotFailedForOneRecordIsNeverReadAsNoAssociations() {
        api.on("POST", "/crm/associations/2026-03/deals/notes/batch/read", 207, "{\"status\":\"COMPLETE\",\"results\":[{\"from\":{\"id\":\"1\"},"
                + "\"to\":[{\"toObjectId\":\"77\",\"associationTypes\":[]}]}],\"errors\":[{\"status\":\"error\",\"category\":\"INTERNAL_ERROR\","
                + "\"message\":\"try again\",\"context\":{\"ids\":[\"2\"]}}]}");
        BatchOutcome<String, List<String>> outcome = client("2026-03").associatedIdsOutcome("deals", List.of("1", "2"), "notes");
        assertThat(outcome.done()).containsOnlyKeys("1");
        assertThat(outcome.failed()).containsOnlyKeys("2");
        assertThatThrownBy(() -> client("2026-03").associatedIds("deals", List.of("1", "2"), "notes"))
                .as("a caller that needs every record gets a failure, not an empty list").isInstanceOf(HubSpotBatchException.class);
    }

    @Test
    void recordsAreReadFromHubSpotsOwnDocumentedExample() throws Exception {
        String example = Files.readString(Path.of("../shared/api-specs/samples/hubspot-batch.207-multi-status.docs-schema-example.json"));
        api.on("POST", "/crm/objects/2026-03/deals/batch/read", 207, example);
        List<HubSpotRecord> records = client("2026-03").batchRead("deals", List.of("512"), List.of("property_number"));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.property("property_multiple_checkboxes")).isEqualTo("chocolate;strawberry");
            assertThat(r.createdAt()).isEqualTo(Instant.parse("2019-10-30T03:30:17.883Z"));
        });
    }
}
