package io.hubjira.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.jira.JiraFieldJson;
import io.hubjira.jira.JiraFieldValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import org.junit.jupiter.api.Test;

/**
 * Whether an issue already holds the value the connector would write: the value as the connector makes it (from the
 * HubSpot value) against the value as Jira answers a read, for each kind of field. Equal means the write is not sent.
 */
class CurrentValueComparisonTest {

    private final ObjectMapper json = new ObjectMapper();
    private final AdfHtml rich = new AdfHtml(json);
    private final ValueConversions values = new ValueConversions(rich, new TextFit(json));

    /** A field's value as a read of the issue holds it. */
    private JiraFieldValue held(JsonNode jiraAnswer, FieldInfo field) {
        return JiraFieldJson.read(jiraAnswer, values.shape(field));
    }

    private JsonNode read(String jiraAnswer) {
        try {
            return json.readTree(jiraAnswer);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static PropertyInfo prop(String name, String type, String fieldType) {
        return new PropertyInfo(name, name, type, fieldType, List.of(), false, null);
    }

    @Test
    void textIsComparedExactly() {
        PropertyInfo dealname = prop("dealname", "string", "text");
        JiraFieldValue wanted = values.toJira("Acme renewal", dealname, ConversionsTest.SUMMARY, ConversionsTest.NOBODY);
        assertThat(values.jiraHolds(wanted, held(read("\"Acme renewal\""), ConversionsTest.SUMMARY), ConversionsTest.SUMMARY)).isTrue();
        assertThat(values.jiraHolds(wanted, held(read("\"Acme Renewal\""), ConversionsTest.SUMMARY), ConversionsTest.SUMMARY)).as("case is content").isFalse();
        assertThat(values.jiraHolds(values.toJira("", dealname, ConversionsTest.SUMMARY, ConversionsTest.NOBODY), held(read("null"), ConversionsTest.SUMMARY), ConversionsTest.SUMMARY))
                .as("empty is empty").isTrue();
        assertThat(values.jiraHolds(values.toJira("", dealname, ConversionsTest.SUMMARY, ConversionsTest.NOBODY), held(read("\"x\""), ConversionsTest.SUMMARY), ConversionsTest.SUMMARY)).isFalse();
    }

    @Test
    void aRichTextDescriptionFromHubSpotHtmlEqualsTheAdfJiraAnswersWithItsOwnAttributes() {
        PropertyInfo html = prop("description", "string", "html");
        JiraFieldValue wanted = values.toJira("<p>Renewal for <strong>Acme</strong></p>", html, ConversionsTest.DESCRIPTION, ConversionsTest.NOBODY);
        // Jira answers the same document with ids and attributes of its own
        JsonNode asJiraAnswers = read("""
                {"type":"doc","version":1,"content":[{"type":"paragraph","attrs":{"localId":"a1"},"content":[
                  {"type":"text","text":"Renewal for "},{"type":"text","text":"Acme","marks":[{"type":"strong"}]}]}]}""");
        assertThat(values.jiraHolds(wanted, held(asJiraAnswers, ConversionsTest.DESCRIPTION), ConversionsTest.DESCRIPTION)).isTrue();
        JsonNode edited = read("""
                {"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Renewal for Acme"}]}]}""");
        assertThat(values.jiraHolds(wanted, held(edited, ConversionsTest.DESCRIPTION), ConversionsTest.DESCRIPTION)).as("the bold is gone: different").isFalse();
        JsonNode withReference = RecordReference.appended(asJiraAnswers, "HubSpot deal 7 — Acme", "https://app.hubspot.com/contacts/1/record/0-3/7");
        assertThat(values.jiraHolds(wanted, held(withReference, ConversionsTest.DESCRIPTION), ConversionsTest.DESCRIPTION))
                .as("the line naming the record is the connector's, not content").isTrue();
    }

    @Test
    void optionsCompareByValueWhateverElseJiraAnswers() {
        JiraFieldValue wanted = values.toJira("newbusiness", ConversionsTest.DEALTYPE, ConversionsTest.SEGMENT, ConversionsTest.NOBODY);
        assertThat(values.jiraHolds(wanted, held(read("{\"self\":\"https://x/option/1\",\"value\":\"New Business\",\"id\":\"10100\"}"), ConversionsTest.SEGMENT),
                ConversionsTest.SEGMENT)).isTrue();
        assertThat(values.jiraHolds(wanted, held(read("{\"value\":\"Existing Business\",\"id\":\"10101\"}"), ConversionsTest.SEGMENT), ConversionsTest.SEGMENT)).isFalse();
        assertThat(values.jiraHolds(wanted, held(read("null"), ConversionsTest.SEGMENT), ConversionsTest.SEGMENT)).isFalse();
        PropertyInfo regions = prop("regions", "enumeration", "checkbox");
        JiraFieldValue both = values.toJira("EMEA;APAC", regions, ConversionsTest.REGIONS, ConversionsTest.NOBODY);
        assertThat(values.jiraHolds(both, held(read("[{\"value\":\"APAC\",\"id\":\"2\"},{\"value\":\"EMEA\",\"id\":\"1\"}]"), ConversionsTest.REGIONS), ConversionsTest.REGIONS))
                .as("a multi-select is a set").isTrue();
        assertThat(values.jiraHolds(both, held(read("[{\"value\":\"EMEA\",\"id\":\"1\"}]"), ConversionsTest.REGIONS), ConversionsTest.REGIONS)).isFalse();
        assertThat(values.jiraHolds(values.toJira("vip;gold", prop("tags", "string", "text"), ConversionsTest.LABELS, ConversionsTest.NOBODY), held(read("[\"gold\",\"vip\"]"), ConversionsTest.LABELS),
                ConversionsTest.LABELS)).isTrue();
        assertThat(values.jiraHolds(values.toJira("high", prop("hs_priority", "enumeration", "select"), ConversionsTest.PRIORITY, ConversionsTest.NOBODY),
                held(read("{\"self\":\"https://x/priority/2\",\"name\":\"High\",\"id\":\"2\"}"), ConversionsTest.PRIORITY), ConversionsTest.PRIORITY)).isTrue();
    }

    @Test
    void usersCompareByAccount() {
        JiraFieldValue wanted = new JiraFieldValue.User("acc-ada");
        assertThat(values.jiraHolds(wanted, held(read("{\"accountId\":\"acc-ada\",\"displayName\":\"Ada Lovelace\",\"active\":true}"), ConversionsTest.ASSIGNEE),
                ConversionsTest.ASSIGNEE)).isTrue();
        assertThat(values.jiraHolds(wanted, held(read("{\"accountId\":\"acc-bob\",\"displayName\":\"Bob\"}"), ConversionsTest.ASSIGNEE), ConversionsTest.ASSIGNEE)).isFalse();
        assertThat(values.jiraHolds(wanted, held(read("null"), ConversionsTest.ASSIGNEE), ConversionsTest.ASSIGNEE)).as("unassigned").isFalse();
    }

    @Test
    void numbersCompareByValue() {
        JiraFieldValue wanted = values.toJira("1500", prop("amount", "number", "number"), ConversionsTest.NUMBER, ConversionsTest.NOBODY);
        assertThat(values.jiraHolds(wanted, held(read("1500.0"), ConversionsTest.NUMBER), ConversionsTest.NUMBER)).as("Jira answers a float").isTrue();
        assertThat(values.jiraHolds(wanted, held(read("1500.5"), ConversionsTest.NUMBER), ConversionsTest.NUMBER)).isFalse();
    }

    @Test
    void datesCompareByDayAndDatetimesByInstant() {
        JiraFieldValue day = values.toJira("1795478400000", prop("followup", "date", "date"), ConversionsTest.DATE, ConversionsTest.NOBODY);
        assertThat(values.jiraHolds(day, held(read("\"2026-11-24\""), ConversionsTest.DATE), ConversionsTest.DATE)).isTrue();
        assertThat(values.jiraHolds(day, held(read("\"2026-11-25\""), ConversionsTest.DATE), ConversionsTest.DATE)).isFalse();
        JiraFieldValue instant = values.toJira("2026-11-24T10:15:30.123Z", prop("closedate", "datetime", "date"), ConversionsTest.DATETIME, ConversionsTest.NOBODY);
        assertThat(values.jiraHolds(instant, held(read("\"2026-11-24T13:15:30.123+0300\""), ConversionsTest.DATETIME), ConversionsTest.DATETIME)).as("the same instant elsewhere").isTrue();
        assertThat(values.jiraHolds(instant, held(read("\"2026-11-24T10:15:31.123+0000\""), ConversionsTest.DATETIME), ConversionsTest.DATETIME)).isFalse();
    }
}
