package io.hubjira.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
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
    private final ValueConversions values = new ValueConversions(json, rich, new TextFit(json));

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
        JsonNode wanted = values.toJira("Acme renewal", dealname, ConversionsTest.SUMMARY, ConversionsTest.NOBODY);
        assertThat(values.jiraHolds(wanted, read("\"Acme renewal\""), ConversionsTest.SUMMARY)).isTrue();
        assertThat(values.jiraHolds(wanted, read("\"Acme Renewal\""), ConversionsTest.SUMMARY)).as("case is content").isFalse();
        assertThat(values.jiraHolds(values.toJira("", dealname, ConversionsTest.SUMMARY, ConversionsTest.NOBODY), read("null"), ConversionsTest.SUMMARY))
                .as("empty is empty").isTrue();
        assertThat(values.jiraHolds(values.toJira("", dealname, ConversionsTest.SUMMARY, ConversionsTest.NOBODY), read("\"x\""), ConversionsTest.SUMMARY)).isFalse();
    }

    @Test
    void aRichTextDescriptionFromHubSpotHtmlEqualsTheAdfJiraAnswersWithItsOwnAttributes() {
        PropertyInfo html = prop("description", "string", "html");
        JsonNode wanted = values.toJira("<p>Renewal for <strong>Acme</strong></p>", html, ConversionsTest.DESCRIPTION, ConversionsTest.NOBODY);
        // Jira answers the same document with ids and attributes of its own
        JsonNode asJiraAnswers = read("""
                {"type":"doc","version":1,"content":[{"type":"paragraph","attrs":{"localId":"a1"},"content":[
                  {"type":"text","text":"Renewal for "},{"type":"text","text":"Acme","marks":[{"type":"strong"}]}]}]}""");
        assertThat(values.jiraHolds(wanted, asJiraAnswers, ConversionsTest.DESCRIPTION)).isTrue();
        JsonNode edited = read("""
                {"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Renewal for Acme"}]}]}""");
        assertThat(values.jiraHolds(wanted, edited, ConversionsTest.DESCRIPTION)).as("the bold is gone: different").isFalse();
        JsonNode withReference = RecordReference.appended(asJiraAnswers, "HubSpot deal 7 — Acme", "https://app.hubspot.com/contacts/1/record/0-3/7");
        assertThat(values.jiraHolds(wanted, withReference, ConversionsTest.DESCRIPTION))
                .as("the line naming the record is the connector's, not content").isTrue();
    }

    @Test
    void optionsCompareByValueWhateverElseJiraAnswers() {
        JsonNode wanted = values.toJira("newbusiness", ConversionsTest.DEALTYPE, ConversionsTest.SEGMENT, ConversionsTest.NOBODY);
        assertThat(values.jiraHolds(wanted, read("{\"self\":\"https://x/option/1\",\"value\":\"New Business\",\"id\":\"10100\"}"),
                ConversionsTest.SEGMENT)).isTrue();
        assertThat(values.jiraHolds(wanted, read("{\"value\":\"Existing Business\",\"id\":\"10101\"}"), ConversionsTest.SEGMENT)).isFalse();
        assertThat(values.jiraHolds(wanted, read("null"), ConversionsTest.SEGMENT)).isFalse();
        PropertyInfo regions = prop("regions", "enumeration", "checkbox");
        JsonNode both = values.toJira("EMEA;APAC", regions, ConversionsTest.REGIONS, ConversionsTest.NOBODY);
        assertThat(values.jiraHolds(both, read("[{\"value\":\"APAC\",\"id\":\"2\"},{\"value\":\"EMEA\",\"id\":\"1\"}]"), ConversionsTest.REGIONS))
                .as("a multi-select is a set").isTrue();
        assertThat(values.jiraHolds(both, read("[{\"value\":\"EMEA\",\"id\":\"1\"}]"), ConversionsTest.REGIONS)).isFalse();
        assertThat(values.jiraHolds(values.toJira("vip;gold", prop("tags", "string", "text"), ConversionsTest.LABELS, ConversionsTest.NOBODY), read("[\"gold\",\"vip\"]"),
                ConversionsTest.LABELS)).isTrue();
        assertThat(values.jiraHolds(values.toJira("high", prop("hs_priority", "enumeration", "select"), ConversionsTest.PRIORITY, ConversionsTest.NOBODY),
                read("{\"self\":\"https://x/priority/2\",\"name\":\"High\",\"id\":\"2\"}"), ConversionsTest.PRIORITY)).isTrue();
    }

    @Test
    void usersCompareByAccount() {
        JsonNode wanted = json.createObjectNode().put("accountId", "acc-ada");
        assertThat(values.jiraHolds(wanted, read("{\"accountId\":\"acc-ada\",\"displayName\":\"Ada Lovelace\",\"active\":true}"),
                ConversionsTest.ASSIGNEE)).isTrue();
        assertThat(values.jiraHolds(wanted, read("{\"accountId\":\"acc-bob\",\"displayName\":\"Bob\"}"), ConversionsTest.ASSIGNEE)).isFalse();
        assertThat(values.jiraHolds(wanted, read("null"), ConversionsTest.ASSIGNEE)).as("unassigned").isFalse();
    }

    @Test
    void numbersCompareByValue() {
        JsonNode wanted = values.toJira("1500", prop("amount", "number", "number"), ConversionsTest.NUMBER, ConversionsTest.NOBODY);
        assertThat(values.jiraHolds(wanted, read("1500.0"), ConversionsTest.NUMBER)).as("Jira answers a float").isTrue();
        assertThat(values.jiraHolds(wanted, read("1500.5"), ConversionsTest.NUMBER)).isFalse();
    }

    @Test
    void datesCompareByDayAndDatetimesByInstant() {
        JsonNode day = values.toJira("1795478400000", prop("followup", "date", "date"), ConversionsTest.DATE, ConversionsTest.NOBODY);
        assertThat(values.jiraHolds(day, read("\"2026-11-24\""), ConversionsTest.DATE)).isTrue();
        assertThat(values.jiraHolds(day, read("\"2026-11-25\""), ConversionsTest.DATE)).isFalse();
        JsonNode instant = values.toJira("2026-11-24T10:15:30.123Z", prop("closedate", "datetime", "date"), ConversionsTest.DATETIME, ConversionsTest.NOBODY);
        assertThat(values.jiraHolds(instant, read("\"2026-11-24T13:15:30.123+0300\""), ConversionsTest.DATETIME)).as("the same instant elsewhere").isTrue();
        assertThat(values.jiraHolds(instant, read("\"2026-11-24T10:15:31.123+0000\""), ConversionsTest.DATETIME)).isFalse();
    }
}
