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

/** Each linked issue carries one remote link to its HubSpot record, created once and updated when the record's title changes. */
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
        long itemId = createItem(demoDealsItem());
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
