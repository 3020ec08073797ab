package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Value maps per mapping, both ways: options and priorities by an explicit map, owners ⇄ users by email with overrides, and a missing user. */
class ValueMapTest extends SandboxTest {

    static final String ADA = "5b10ac8d82e05b22cc7d4ef1";
    static final String ALAN = "5b10ac8d82e05b22cc7d4ef3";

    @Autowired
    ProducerTemplate producer;

    @BeforeEach
    void connected() {
        freshConnectedSandbox();
    }

    private static Map<String, Object> mapping(String property, String field, String owner, Map<String, String> values, String defaultJira) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hubspotProperty", property);
        m.put("jiraField", field);
        m.put("owner", owner);
        if (values != null) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("values", values);
            if (defaultJira != null) {
                map.put("defaultJiraValue", defaultJira);
            }
            m.put("valueMap", map);
        }
        return m;
    }

    private Map<String, Object> mappedItem() {
        Map<String, Object> item = demoDealsItem();
        item.put("mode", "CUSTOM");
        List<Map<String, Object>> mappings = new ArrayList<>();
        mappings.add(mapping("dealname", "summary", "HUBSPOT", null, null));
        mappings.add(mapping("hs_priority", "priority", "HUBSPOT", Map.of("high", "Highest", "low", "Lowest"), "Medium"));
        // swapped on purpose: the map, not the labels, decides
        mappings.add(mapping("dealtype", "customfield_10013", "BOTH", Map.of("newbusiness", "Existing Business", "existingbusiness", "New Business"), null));
        // Grace's deals go to Alan; everyone else by email
        mappings.add(mapping("hubspot_owner_id", "assignee", "BOTH", Map.of("502", ALAN), null));
        item.put("fieldMappings", mappings);
        return item;
    }

    private JiraSandbox.Issue issueOf(long itemId, String dealId) {
        return jira.issue(jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId)).orElseThrow();
    }

    private String dealWith(String property, String value) {
        return hubspot.recordsOf("deals").values().stream().filter(d -> value.equals(d.properties.get(property))).findFirst().orElseThrow().id;
    }

    @Test
    void hubspotValuesReachJiraThroughTheMapAndOwnersByEmailUnlessOverridden() {
        long itemId = createItem(mappedItem());
        producer.requestBody("direct:hubspot-poll-item", itemId);
        JiraSandbox.Issue high = issueOf(itemId, dealWith("hs_priority", "high"));
        JiraSandbox.Issue medium = issueOf(itemId, dealWith("hs_priority", "medium"));
        assertThat(high.fields.at("/priority/name").asText()).isEqualTo("Highest");
        assertThat(medium.fields.at("/priority/name").asText()).as("unmapped: the default").isEqualTo("Medium");
        assertThat(issueOf(itemId, dealWith("dealtype", "newbusiness")).fields.at("/customfield_10013/value").asText()).isEqualTo("Existing Business");
        assertThat(issueOf(itemId, dealWith("hubspot_owner_id", "501")).fields.at("/assignee/accountId").asText()).as("Ada by email").isEqualTo(ADA);
        assertThat(issueOf(itemId, dealWith("hubspot_owner_id", "502")).fields.at("/assignee/accountId").asText()).as("Grace's override").isEqualTo(ALAN);
    }

    @Test
    void jiraValuesComeBackThroughTheReverseMap() {
        long itemId = createItem(mappedItem());
        producer.requestBody("direct:hubspot-poll-item", itemId);
        String dealId = dealWith("hubspot_owner_id", "501");
        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        webhooks.setEnabled(true);
        jira.asUser("ada.lovelace@example.com", () -> {
            var body = json.createObjectNode();
            var fields = body.putObject("fields");
            fields.putObject("customfield_10013").put("value", "New Business");
            fields.putObject("assignee").put("accountId", ALAN);
            JiraIssues.edit(jira, issue, body);
            return null;
        });
        waitForInbox();
        HubSpotSandbox.Rec deal = hubspot.record("deals", dealId).orElseThrow();
        assertThat(deal.properties.get("dealtype")).as("'New Business' maps back to existingbusiness").isEqualTo("existingbusiness");
        assertThat(deal.properties.get("hubspot_owner_id")).as("Alan's account maps back to Grace by the override").isEqualTo("502");
    }

    @Test
    void anOwnerWithoutAJiraUserLeavesTheAssigneeEmptyAndSaysSoInTheAudit() {
        hubspot.addOwner(new HubSpotSandbox.Owner("504", "rep.without.jira@example.com", "Remy", "Rep", 9004));
        long itemId = createItem(mappedItem());
        String dealId = dealWith("hubspot_owner_id", "503");
        hubspot.update("deals", dealId, Map.of("hubspot_owner_id", "504"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(issueOf(itemId, dealId).fields.path("assignee").isNull() || issueOf(itemId, dealId).fields.path("assignee").isMissingNode()).isTrue();
        assertThat(jdbc.queryForObject("SELECT detail FROM audit_event WHERE action = 'USER_NOT_MATCHED' AND record_id = ?", String.class, dealId))
                .contains("HubSpot owner 504").contains("assignee is left empty");
    }

    /** A HubSpot select (Gold, Silver, Bronze) and a Jira select whose options have other names. */
    private void tiersAndSupportPlans() {
        hubspot.addProperty("deals", new HubSpotSandbox.PropertyDef("customer_tier", "Customer tier", "enumeration", "select",
                List.of(new HubSpotSandbox.Option("Gold", "gold", 0), new HubSpotSandbox.Option("Silver", "silver", 1),
                        new HubSpotSandbox.Option("Bronze", "bronze", 2)), false, null));
        jira.addField(new JiraSandbox.FieldDef("customfield_10020", "Support plan", "option", null, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:select", false, List.of("Platinum support", "Standard support", "Basic support"), null));
        hubspotMetadata.refresh();
        jiraMetadata.refresh();
    }

    @Test
    void aSelectMappedOntoASelectWithOtherOptionNamesSavesAndSyncsBothWaysThroughTheMap() {
        tiersAndSupportPlans();
        String dealId = dealWith("hubspot_owner_id", "501");
        hubspot.update("deals", dealId, Map.of("customer_tier", "gold"));

        Map<String, Object> item = demoDealsItem();
        item.put("mode", "CUSTOM");
        List<Map<String, Object>> mappings = new ArrayList<>();
        mappings.add(mapping("dealname", "summary", "HUBSPOT", null, null));
        mappings.add(mapping("customer_tier", "customfield_10020", "BOTH", null, null));
        item.put("fieldMappings", mappings);
        Answer unmapped = call("POST", "/api/items", item);
        assertThat(unmapped.status()).as("without a map the option names must match").isEqualTo(422);
        assertThat(unmapped.text()).contains("the Jira field has no option for Gold, Silver, Bronze");

        mappings.set(1, mapping("customer_tier", "customfield_10020", "BOTH",
                Map.of("gold", "Platinum support", "silver", "Standard support", "bronze", "Basic support"), null));
        Answer saved = call("POST", "/api/items", item);
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        long itemId = saved.body().path("id").asLong();

        producer.requestBody("direct:hubspot-poll-item", itemId);
        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        assertThat(issue.fields.at("/customfield_10020/value").asText()).isEqualTo("Platinum support");

        hubspot.update("deals", dealId, Map.of("customer_tier", "silver"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(issue.fields.at("/customfield_10020/value").asText()).as("a HubSpot change reaches Jira as the mapped option")
                .isEqualTo("Standard support");

        webhooks.setEnabled(true);
        jira.asUser("ada.lovelace@example.com", () -> {
            var body = json.createObjectNode();
            body.putObject("fields").putObject("customfield_10020").put("value", "Basic support");
            JiraIssues.edit(jira, issue, body);
            return null;
        });
        waitForInbox();
        assertThat(hubspot.record("deals", dealId).orElseThrow().properties.get("customer_tier")).as("and a Jira change comes back as the mapped value")
                .isEqualTo("bronze");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Integer.class)).isZero();
    }

    @Test
    void aTwoWaySelectMapMustGiveEveryJiraOptionAHubSpotValue() {
        tiersAndSupportPlans();
        Map<String, Object> item = demoDealsItem();
        item.put("mode", "CUSTOM");
        Map<String, String> noWayBackForBasic = Map.of("gold", "Platinum support", "silver", "Standard support", "bronze", "Standard support");
        item.put("fieldMappings", List.of(mapping("dealname", "summary", "HUBSPOT", null, null),
                mapping("customer_tier", "customfield_10020", "BOTH", noWayBackForBasic, null)));
        Answer refused = call("POST", "/api/items", item);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text()).contains("HubSpot has no option for Jira's Basic support");
        item.put("fieldMappings", List.of(mapping("dealname", "summary", "HUBSPOT", null, null),
                mapping("customer_tier", "customfield_10020", "HUBSPOT", noWayBackForBasic, null)));
        assertThat(call("POST", "/api/items", item).status()).as("one way, Jira's options need no way back").isEqualTo(201);
    }

    @Test
    void aMappedValueThatDoesNotExistOnEitherSideIsA422NamingIt() {
        Map<String, Object> item = demoDealsItem();
        item.put("mode", "CUSTOM");
        item.put("fieldMappings", List.of(
                mapping("dealname", "summary", "HUBSPOT", null, null),
                mapping("hs_priority", "priority", "HUBSPOT", Map.of("urgent", "Highest", "high", "Blocker"), "Sometimes"),
                mapping("hubspot_owner_id", "assignee", "BOTH", Map.of("501", "no-such-account"), null)));
        Answer refused = call("POST", "/api/items", item);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text())
                .contains("fieldMappings[1].valueMap.values[urgent]").contains("'urgent' is not an option of HubSpot property hs_priority")
                .contains("'Blocker' is not a value of Jira field Priority")
                .contains("fieldMappings[1].valueMap.defaultJiraValue")
                .contains("fieldMappings[2].valueMap.values[501]").contains("Jira has no user with account id 'no-such-account'");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_item", Integer.class)).isZero();
    }
}
