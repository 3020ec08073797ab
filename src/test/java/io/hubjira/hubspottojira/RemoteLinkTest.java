package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * How an issue names its HubSpot record: by default a linked line at the end of the new issue's description, written
 * with the issue (no call of its own), kept when the description is written and never copied into HubSpot; with remote
 * links switched on, one remote link per linked issue, created once and updated when the record's title changes.
 */
class RemoteLinkTest extends SandboxTest {

    @Autowired
    ProducerTemplate producer;

    @BeforeEach
    void connected() {
        freshConnectedSandbox();
    }

    private JiraSandbox.Issue issueOf(long itemId, String dealId) {
        String key = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId);
        return jira.issue(key).orElseThrow();
    }

    @Test
    void aNewIssueGetsOneRemoteLinkThatFollowsTheRecordsTitleAndTheKeyLandsInHubSpot() {
        Map<String, Object> item = demoDealsItem();
        item.put("remoteLink", true);
        item.put("issueKeyProperty", "jira_issue_key");
        long itemId = createItem(item);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        String dealId = hubspot.recordsOf("deals").keySet().iterator().next();
        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        String dealName = hubspot.record("deals", dealId).orElseThrow().properties.get("dealname");
        assertThat(issue.remoteLinks).hasSize(1);
        ObjectNode link = issue.remoteLinks.get(0);
        assertThat(link.at("/object/title").asText()).isEqualTo("HubSpot deal " + dealId + " — " + dealName);
        assertThat(link.at("/object/url").asText()).contains("/record/0-3/" + dealId);
        assertThat(link.path("globalId").asText()).contains("id=" + dealId);
        assertThat(link.at("/application/name").asText()).isEqualTo("HubSpot");
        assertThat(hubspot.record("deals", dealId).orElseThrow().properties.get("jira_issue_key")).isEqualTo(issue.key);
        long upserts = calls.count("jira", "POST", "/rest/api/3/issue/[^/]+/remotelink");
        assertThat(upserts).as("one per new issue").isEqualTo(hubspot.recordsOf("deals").size());

        // an unrelated change writes nothing to the remote link; a new title updates the same link
        hubspot.update("deals", dealId, Map.of("amount", "777"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/[^/]+/remotelink")).isEqualTo(upserts);
        hubspot.update("deals", dealId, Map.of("dealname", "Acme renewal"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(issue.remoteLinks).as("updated, not added").hasSize(1);
        assertThat(issue.remoteLinks.get(0).at("/object/title").asText()).isEqualTo("HubSpot deal " + dealId + " — Acme renewal");
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/[^/]+/remotelink")).isEqualTo(upserts + 1);
    }

    @Test
    void aLostAnswerOfTheRemoteLinkWriteLeavesOneLinkAndAnItemCanTurnThemOff() {
        faults.loseResponses("jira", "POST", "/rest/api/3/issue/[^/]+/remotelink", 1, 502);
        Map<String, Object> on = demoDealsItem();
        on.put("remoteLink", true);
        long itemId = createItem(on);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        var linked = jdbc.queryForList("SELECT issue_key FROM record_link WHERE item_id = ? AND state = 'LINKED'", String.class, itemId);
        assertThat(linked).hasSize(hubspot.recordsOf("deals").size());
        assertThat(linked).allSatisfy(key -> assertThat(jira.issue(key).orElseThrow().remoteLinks).as(key + ": the retry updated its own link").hasSize(1));
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/[^/]+/remotelink")).as("the lost one was sent again").isEqualTo(linked.size() + 1);

        freshConnectedSandbox();
        Map<String, Object> off = demoDealsItem();
        off.put("remoteLink", false);
        long quiet = createItem(off);
        producer.requestBody("direct:hubspot-poll-item", quiet);
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/[^/]+/remotelink")).isZero();
    }

    @Test
    void byDefaultTheNewIssuesDescriptionEndsWithALinkToItsRecordAtNoExtraCallAndHubSpotNeverGetsThatLine() throws Exception {
        Map<String, Object> item = demoDealsItem(); // maps the deal's description onto the issue's, both ways
        item.put("statusSync", false);
        item.put("commentsSync", false);
        item.put("attachmentsSync", false);
        long itemId = createItem(item);
        String dealId = hubspot.recordsOf("deals").keySet().iterator().next();
        hubspot.update("deals", dealId, Map.of("description", "Renewal of the support plan"));
        calls.clear();
        producer.requestBody("direct:hubspot-poll-item", itemId);

        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        String dealName = hubspot.record("deals", dealId).orElseThrow().properties.get("dealname");
        var blocks = issue.fields.at("/description/content");
        var last = blocks.get(blocks.size() - 1);
        assertThat(blocks.get(0).toString()).as("the deal's own description first").contains("Renewal of the support plan");
        assertThat(last.at("/content/0/text").asText()).as("what a Jira user sees at the end of the description")
                .isEqualTo("HubSpot deal " + dealId + " — " + dealName);
        assertThat(last.at("/content/0/marks/0/attrs/href").asText()).contains("/record/0-3/" + dealId);
        assertThat(issue.remoteLinks).isEmpty();
        int deals = hubspot.recordsOf("deals").size();
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/[^/]+/remotelink")).isZero();
        assertThat(calls.count("jira", null, "/rest/api/3/issue/(?!bulk$|bulkfetch$|createmeta).*")).as("created in bulk; no call per issue afterwards").isZero();
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/bulk")).isEqualTo((deals + 49) / 50);

        // HubSpot's description changes: the issue's description is rewritten and still ends with the line
        hubspot.update("deals", dealId, Map.of("description", "Renewal, now with premium support"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        blocks = jira.issue(issue.key).orElseThrow().fields.at("/description/content");
        assertThat(blocks.get(0).toString()).contains("premium support");
        assertThat(blocks.get(blocks.size() - 1).at("/content/0/text").asText()).startsWith("HubSpot deal " + dealId);

        // a Jira user edits the description: HubSpot gets the text, not the line naming the record
        webhooks.setEnabled(true);
        jira.asUser("ada.lovelace@example.com", () -> {
            var body = json.createObjectNode();
            var edited = (com.fasterxml.jackson.databind.node.ObjectNode) jira.issue(issue.key).orElseThrow().fields.get("description").deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) edited.at("/content/0/content/0")).put("text", "Edited in Jira");
            body.putObject("fields").set("description", edited);
            io.hubjira.sandbox.jira.JiraIssues.edit(jira, jira.issue(issue.key).orElseThrow(), body);
            return null;
        });
        waitForInbox();
        eventually("the Jira edit reached HubSpot", () -> hubspot.record("deals", dealId).orElseThrow().properties.get("description").contains("Edited in Jira"));
        assertThat(hubspot.record("deals", dealId).orElseThrow().properties.get("description")).doesNotContain("HubSpot deal");
    }

    @Test
    void anIssueKeyPropertyThatDoesNotExistOrIsNotTextIsA422() {
        Map<String, Object> item = demoDealsItem();
        item.put("issueKeyProperty", "no_such_property");
        Answer missing = call("POST", "/api/items", item);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.text()).contains("issueKeyProperty").contains("does not exist on deals");
        item.put("issueKeyProperty", "amount");
        Answer number = call("POST", "/api/items", item);
        assertThat(number.status()).isEqualTo(422);
        assertThat(number.text()).contains("amount is a number property");
    }
}
