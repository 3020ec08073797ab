package io.hubjira.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.jira.JiraFieldValue.Shape;
import io.hubjira.support.FakeApi;
import org.junit.jupiter.api.Test;

/**
 * Each typed Jira field value as the exact JSON Jira's issue edit and bulk create take (REST v3 {@code fields}:
 * texts, numbers, {@code yyyy-MM-dd} dates, {@code yyyy-MM-dd'T'HH:mm:ss.SSSZ} datetimes, options by value, users by
 * accountId, priorities by name, labels as strings, ADF documents, null to clear), the bodies the client sends, and
 * Jira's answers read back as the values they stand for.
 */
class JiraFieldValueTest {

    private final FakeApi api = new FakeApi();
    private final JiraClient client = new JiraClient(api.executor(1), FakeApi.JSON,
            () -> new JiraCredentials("http://jira.test", "bot@example.com", "secret-token"), FakeApi.properties(1));

    private static String rendered(JiraFieldValue value) throws Exception {
        return FakeApi.JSON.writeValueAsString(JiraFieldJson.render(value));
    }

    private static JsonNode answer(String json) throws Exception {
        return FakeApi.JSON.readTree(json);
    }

    @Test
    void everyValueRendersAsTheJsonJiraTakes() throws Exception {
        assertThat(rendered(new JiraFieldValue.Text("Acme \"renewal\" ✓"))).isEqualTo("\"Acme \\\"renewal\\\" ✓\"");
        assertThat(rendered(new JiraFieldValue.Number(new BigDecimal("1234.50")))).isEqualTo("1234.50");
        assertThat(rendered(new JiraFieldValue.Number(new BigDecimal("7")))).isEqualTo("7");
        assertThat(rendered(new JiraFieldValue.Date(LocalDate.of(2026, 11, 24)))).isEqualTo("\"2026-11-24\"");
        assertThat(rendered(new JiraFieldValue.DateTime(Instant.parse("2026-11-24T10:15:30.123456Z"))))
                .as("to the millisecond, in UTC, as Jira writes datetimes").isEqualTo("\"2026-11-24T10:15:30.123+0000\"");
        assertThat(rendered(JiraFieldValue.Option.withValue("New Business"))).isEqualTo("{\"value\":\"New Business\"}");
        assertThat(rendered(new JiraFieldValue.Options(List.of(JiraFieldValue.Option.withValue("EMEA"), JiraFieldValue.Option.withValue("APAC")))))
                .isEqualTo("[{\"value\":\"EMEA\"},{\"value\":\"APAC\"}]");
        assertThat(rendered(new JiraFieldValue.Options(List.of()))).as("no option selected").isEqualTo("[]");
        assertThat(rendered(new JiraFieldValue.Labels(List.of("needs_review", "vip")))).isEqualTo("[\"needs_review\",\"vip\"]");
        assertThat(rendered(new JiraFieldValue.Labels(List.of()))).isEqualTo("[]");
        assertThat(rendered(new JiraFieldValue.Priority("Highest"))).isEqualTo("{\"name\":\"Highest\"}");
        assertThat(rendered(new JiraFieldValue.User("5b10ac8d82e05b22cc7d4ef5"))).isEqualTo("{\"accountId\":\"5b10ac8d82e05b22cc7d4ef5\"}");
        String doc = "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}";
        assertThat(rendered(new JiraFieldValue.Document(answer(doc)))).isEqualTo(doc);
        assertThat(rendered(JiraFieldValue.CLEARED)).isEqualTo("null");
        assertThat(rendered(new JiraFieldValue.ProjectByKey("SUP"))).isEqualTo("{\"key\":\"SUP\"}");
        assertThat(rendered(new JiraFieldValue.IssueTypeById("10001"))).isEqualTo("{\"id\":\"10001\"}");
    }

    @Test
    void aValueSerializedOnItsOwnIsJirasJsonToo() throws Exception {
        Map<String, JiraFieldValue> fields = new LinkedHashMap<>();
        fields.put("priority", new JiraFieldValue.Priority("High"));
        fields.put("duedate", new JiraFieldValue.Date(LocalDate.of(2026, 3, 1)));
        fields.put("assignee", JiraFieldValue.CLEARED);
        assertThat(FakeApi.JSON.writeValueAsString(fields)).as("what a dry run answers")
                .isEqualTo("{\"priority\":{\"name\":\"High\"},\"duedate\":\"2026-03-01\",\"assignee\":null}");
    }

    @Test
    void anEditSetsTheFieldsAndChangesLabelsByOperations() {
        api.on("PUT", "/rest/api/3/issue/SUP-1", 204, "");
        Map<String, JiraFieldValue> fields = new LinkedHashMap<>();
        fields.put("summary", new JiraFieldValue.Text("Acme renewal"));
        fields.put("customfield_10020", new JiraFieldValue.Number(new BigDecimal("1234.5")));
        fields.put("assignee", JiraFieldValue.CLEARED);
        client.edit("SUP-1", fields);
        client.edit("SUP-1", fields, new LabelChanges(List.of("old"), List.of("vip", "gold")));
        client.edit("SUP-1", Map.of(), LabelChanges.adding("archived"));
        assertThat(api.sent("PUT", "/rest/api/3/issue/SUP-1")).extracting(s -> (String) s.request().body()).containsExactly(
                "{\"fields\":{\"summary\":\"Acme renewal\",\"customfield_10020\":1234.5,\"assignee\":null}}",
                "{\"fields\":{\"summary\":\"Acme renewal\",\"customfield_10020\":1234.5,\"assignee\":null},"
                        + "\"update\":{\"labels\":[{\"remove\":\"old\"},{\"add\":\"vip\"},{\"add\":\"gold\"}]}}",
                "{\"update\":{\"labels\":[{\"add\":\"archived\"}]}}");
    }

    @Test
    void aBulkCreateSendsEachDraftsFieldsInTheirOrder() {
        api.on("POST", "/rest/api/3/issue/bulk", 201, "{\"issues\":[],\"errors\":[]}");
        Map<String, JiraFieldValue> fields = new LinkedHashMap<>();
        fields.put("project", new JiraFieldValue.ProjectByKey("SUP"));
        fields.put("issuetype", new JiraFieldValue.IssueTypeById("10001"));
        fields.put("summary", new JiraFieldValue.Text("Acme"));
        fields.put("customfield_10030", JiraFieldValue.Option.withValue("Gold"));
        fields.put("labels", new JiraFieldValue.Labels(List.of("vip", "hubspot-1-deals-7")));
        client.createBulk("SUP", List.of(new IssueDraft(fields)), List.of("hubspot-1-deals-7"));
        assertThat(api.sent("POST", "/rest/api/3/issue/bulk")).extracting(s -> (String) s.request().body()).containsExactly(
                "{\"issueUpdates\":[{\"fields\":{\"project\":{\"key\":\"SUP\"},\"issuetype\":{\"id\":\"10001\"},\"summary\":\"Acme\","
                        + "\"customfield_10030\":{\"value\":\"Gold\"},\"labels\":[\"vip\",\"hubspot-1-deals-7\"]}}]}");
    }

    @Test
    void jirasAnswersAreReadAsTheValuesTheyStandForWhateverElseTheyCarry() throws Exception {
        assertThat(JiraFieldJson.read(answer("{\"self\":\"https://x/option/1\",\"value\":\"New Business\",\"id\":\"10100\"}"), Shape.OPTION))
                .isEqualTo(new JiraFieldValue.Option("New Business", "10100"));
        assertThat(JiraFieldJson.read(answer("[{\"value\":\"APAC\",\"id\":\"2\"}]"), Shape.OPTIONS))
                .isEqualTo(new JiraFieldValue.Options(List.of(new JiraFieldValue.Option("APAC", "2"))));
        assertThat(JiraFieldJson.read(answer("{\"accountId\":\"acc-ada\",\"displayName\":\"Ada\",\"active\":true}"), Shape.USER))
                .isEqualTo(new JiraFieldValue.User("acc-ada"));
        assertThat(JiraFieldJson.read(answer("{\"self\":\"https://x/priority/2\",\"name\":\"High\",\"id\":\"2\"}"), Shape.PRIORITY))
                .isEqualTo(new JiraFieldValue.Priority("High"));
        assertThat(JiraFieldJson.read(answer("\"2026-11-24\""), Shape.DATE)).isEqualTo(new JiraFieldValue.Date(LocalDate.of(2026, 11, 24)));
        assertThat(JiraFieldJson.read(answer("\"2026-11-24T13:15:30.123+0300\""), Shape.DATETIME))
                .isEqualTo(new JiraFieldValue.DateTime(Instant.parse("2026-11-24T10:15:30.123Z")));
        assertThat(JiraFieldJson.read(answer("12.5"), Shape.NUMBER)).isEqualTo(new JiraFieldValue.Number(new BigDecimal("12.5")));
        assertThat(JiraFieldJson.read(answer("[\"gold\",\"vip\"]"), Shape.LABELS)).isEqualTo(new JiraFieldValue.Labels(List.of("gold", "vip")));
        assertThat(JiraFieldJson.read(answer("null"), Shape.USER)).isEqualTo(JiraFieldValue.CLEARED);
        assertThat(JiraFieldJson.read(null, Shape.TEXT)).as("a field the issue does not have").isEqualTo(JiraFieldValue.CLEARED);
        assertThat(JiraFieldJson.read(answer("\"soon\""), Shape.DATE)).as("not a day: kept as the text Jira holds").isEqualTo(new JiraFieldValue.Text("soon"));
        assertThat(JiraFieldJson.read(answer("{\"type\":\"doc\",\"version\":1,\"content\":[]}"), Shape.DOCUMENT)).isInstanceOf(JiraFieldValue.Document.class);
    }
}
