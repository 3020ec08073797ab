package io.hubjira.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Texts longer than the target holds, through the routes against the simulators (which refuse a longer value with
 * the real services' 400 bodies): each is written cut at a clean boundary with a note linking the full text, never
 * refused and never dead-lettered.
 */
class TextLimitsFlowTest extends SandboxTest {

    private static final String EU_TOKEN = "pat-eu1-00000000-0000-4000-8000-0000000000e7";

    @Autowired
    ProducerTemplate producer;

    long itemId;

    @BeforeEach
    void twoWayDealsOnAnEuPortal() {
        resetEverything();
        webhooks.setEnabled(false);
        hubspot.registerPrivateAppToken(EU_TOKEN, PORTAL, 77, HubSpotSandbox.allScopes());
        Answer hs = call("PUT", "/api/connections/hubspot", Map.of("portalId", String.valueOf(PORTAL), "token", EU_TOKEN));
        assertThat(hs.status()).as(hs.text()).isEqualTo(200);
        Answer j = call("PUT", "/api/connections/jira", Map.of("baseUrl", jiraBase(), "email", "connector@example.com", "apiToken", "sandbox-jira-token"));
        assertThat(j.status()).as(j.text()).isEqualTo(200);
    }

    private String recordUrl(String dealId) {
        return "https://app-eu1.hubspot.com/contacts/" + PORTAL + "/record/0-3/" + dealId;
    }

    private JiraSandbox.Issue issueOf(String dealId) {
        return jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + dealId + "\"")).findFirst().orElseThrow();
    }

    private void pollDemoItem() {
        itemId = createItem(demoDealsItem());
        poll();
    }

    /** The item's poll, then the notes' own poll (new notes are found by their own time). */
    private void poll() {
        producer.requestBody("direct:hubspot-poll-item", itemId);
        producer.requestBody("direct:hubspot-notes-poll", (Object) null);
    }

    private int jsonLength(JsonNode node) {
        try {
            return json.writeValueAsString(node).length();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private int deadLetters() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Integer.class);
    }

    @Test
    void aThreeHundredCharacterDealNameBecomesASummaryWithinJirasLimitLinkingTheDeal() {
        String name = "Multi-year enterprise renewal for Acme Corporation including premium support ".repeat(4).trim();
        assertThat(name.length()).isGreaterThan(300);
        HubSpotSandbox.Rec deal = hubspot.create("deals", Map.of("dealname", name, "amount", "1000", "dealtype", "newbusiness",
                "dealstage", "appointmentscheduled", "description", "Short description"));
        pollDemoItem();
        String summary = issueOf(deal.id).fields.path("summary").asText();
        String note = "… (truncated: the full text is in HubSpot " + recordUrl(deal.id) + ")";
        assertThat(summary.length()).isLessThanOrEqualTo(255);
        assertThat(summary).endsWith(note);
        assertThat(name).startsWith(summary.substring(0, summary.length() - note.length()));
        assertThat(deadLetters()).isZero();

        calls.clear();
        poll();
        assertThat(calls.calls("jira")).as("the cut summary is not written again by the next poll").isEmpty();
        assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("dealname")).as("HubSpot keeps the full name").isEqualTo(name);
    }

    @Test
    void aLongDealDescriptionBecomesAJiraDescriptionWithinItsLimit() {
        String description = "The customer wants a phased rollout across twelve regions, starting with EMEA.\n".repeat(600);
        assertThat(description.length()).isGreaterThan(40_000);
        HubSpotSandbox.Rec deal = hubspot.create("deals", Map.of("dealname", "Phased rollout", "amount", "1000", "dealtype", "newbusiness",
                "dealstage", "appointmentscheduled", "description", description));
        pollDemoItem();
        JsonNode adf = issueOf(deal.id).fields.path("description");
        assertThat(jsonLength(adf)).isLessThanOrEqualTo(32_767);
        String text = adf.toString();
        assertThat(text).contains("The customer wants a phased rollout").contains("(truncated: the full text is in HubSpot ")
                .contains("\"href\":\"" + recordUrl(deal.id) + "\"");
        assertThat(deadLetters()).isZero();
    }

    @Test
    void aHundredThousandCharacterNoteBecomesACommentWithinJirasLimitEndingWithTheDealsLink() {
        pollDemoItem();
        String dealId = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, itemId);
        JiraSandbox.Issue issue = issueOf(dealId);
        int before = issue.comments.size();
        StringBuilder body = new StringBuilder();
        for (int i = 0; body.length() < 100_000; i++) {
            body.append("<p>Call ").append(i).append(": the customer 🎉 confirmed <strong>the renewal</strong> terms &amp; asked for <em>SSO</em>.</p>");
        }
        hubspot.addNote("deals", dealId, body.toString(), "502", List.of());
        poll();
        assertThat(issue.comments).hasSize(before + 1);
        ObjectNode comment = issue.comments.get(issue.comments.size() - 1);
        JsonNode adf = comment.path("body");
        assertThat(jsonLength(adf)).isLessThanOrEqualTo(32_767).isGreaterThan(25_000);
        String text = adf.toString();
        assertThat(text).contains("From HubSpot").contains("Call 0: the customer 🎉 confirmed ")
                .contains("(truncated: the full text is in HubSpot ").contains("\"href\":\"" + recordUrl(dealId) + "\"");
        assertThat(deadLetters()).isZero();

        calls.clear();
        poll();
        assertThat(calls.count("jira", "POST", ".*/comment")).as("the note is copied once").isZero();
    }

    @Test
    void aFortyThousandCharacterJiraCommentBecomesAWholeNoteAndOneThatGrowsPastHubSpotsLimitIsCut() {
        pollDemoItem();
        String dealId = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, itemId);
        JiraSandbox.Issue issue = issueOf(dealId);
        webhooks.setEnabled(true);

        String plain = "Checked the logs of the nightly import again. ".repeat(870) + "THE END";
        assertThat(plain.length()).isGreaterThan(40_000);
        jira.asUser("ada.lovelace@example.com", () -> JiraIssues.storeComment(jira, issue, doc(plain), jiraBase()));
        waitForInbox();
        String note = commentNote(dealId, "Checked the logs");
        assertThat(note).contains("THE END").doesNotContain("truncated");

        // escaping for HTML makes this comment longer than a note holds: "<" becomes "&lt;", "&&" becomes "&amp;&amp;"
        String code = "if (a < b && c > d) { swap(a, b); } ".repeat(1700) + "LAST LINE";
        jira.asUser("ada.lovelace@example.com", () -> JiraIssues.storeComment(jira, issue, doc(code), jiraBase()));
        waitForInbox();
        String cut = commentNote(dealId, "if (a &lt; b");
        assertThat(cut.length()).isLessThanOrEqualTo(65_536);
        assertThat(cut).doesNotContain("LAST LINE")
                .endsWith("<p>… (truncated: the full text is in Jira <a href=\"" + jiraBase() + "/browse/" + issue.key + "\">"
                        + jiraBase() + "/browse/" + issue.key + "</a>)</p>");
        assertThat(deadLetters()).isZero();
    }

    @Test
    void aJiraTextAreaThatGrowsPastAHubSpotPropertysLimitIsCutWithTheIssuesLink() {
        Map<String, Object> item = demoDealsItem();
        item.put("mode", "CUSTOM");
        item.put("fieldMappings", List.of(
                Map.of("hubspotProperty", "dealname", "jiraField", "summary", "owner", "BOTH"),
                Map.of("hubspotProperty", "internal_notes", "jiraField", "customfield_10011", "owner", "JIRA")));
        itemId = createItem(item);
        poll();
        String dealId = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, itemId);
        JiraSandbox.Issue issue = issueOf(dealId);
        webhooks.setEnabled(true);
        // within Jira's limit as ADF, three times longer as HTML: every "&" becomes "&amp;"
        JsonNode details = doc("a&&&b ".repeat(5000) + "END");
        jira.asUser("ada.lovelace@example.com", () -> {
            ObjectNode body = json.createObjectNode();
            body.putObject("fields").set("customfield_10011", details);
            JiraIssues.edit(jira, issue, body);
            return null;
        });
        waitForInbox();
        String notes = hubspot.record("deals", dealId).orElseThrow().properties.get("internal_notes");
        assertThat(notes.length()).isLessThanOrEqualTo(65_536).isGreaterThan(60_000);
        assertThat(notes).startsWith("<p>a&amp;&amp;&amp;b a&amp;").doesNotContain("END")
                .endsWith("<p>… (truncated: the full text is in Jira <a href=\"" + jiraBase() + "/browse/" + issue.key + "\">"
                        + jiraBase() + "/browse/" + issue.key + "</a>)</p>");
        assertThat(deadLetters()).isZero();
    }

    private String commentNote(String dealId, String containing) {
        return hubspot.notesOf("deals", dealId).stream().map(n -> n.properties.get("hs_note_body"))
                .filter(b -> b.contains("Comment sync note") && b.contains(containing)).findFirst().orElseThrow();
    }

    private JsonNode doc(String text) {
        ObjectNode doc = json.createObjectNode().put("type", "doc").put("version", 1);
        doc.putArray("content").addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text").put("text", text);
        return doc;
    }
}
