package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Record filters per item: they gate auto-create, pause linked records that stop matching, go into HubSpot's search, and are checked at save time. */
class RecordFilterTest extends SandboxTest {

    @Autowired
    ProducerTemplate producer;

    @BeforeEach
    void connected() {
        freshConnectedSandbox();
    }

    private static Map<String, Object> condition(String property, String operator, Object value) {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("property", property);
        c.put("operator", operator);
        if (value instanceof List<?> values) {
            c.put("values", values);
        } else if (value instanceof Integer days) {
            c.put("days", days);
        } else if (value != null) {
            c.put("value", value);
        }
        return c;
    }

    private static Map<String, Object> filtered(boolean applyToLinked, List<List<Map<String, Object>>> groups) {
        Map<String, Object> item = demoDealsItem();
        List<Map<String, Object>> g = new ArrayList<>();
        groups.forEach(conditions -> g.add(Map.of("conditions", conditions)));
        item.put("filter", Map.of("groups", g, "applyToLinked", applyToLinked));
        return item;
    }

    private List<String> linkedRecords(long itemId) {
        return jdbc.queryForList("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED'", String.class, itemId);
    }

    @Test
    void onlyMatchingRecordsGetIssuesAndTheFilterGoesIntoHubSpotsSearch() {
        // (amount ≥ 10000 AND new business) OR stage closed won
        long itemId = createItem(filtered(true, List.of(
                List.of(condition("amount", "GTE", "10000"), condition("dealtype", "EQ", "newbusiness")),
                List.of(condition("dealstage", "IN", List.of("closedwon"))))));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        List<String> expected = hubspot.recordsOf("deals").values().stream()
                .filter(d -> (Double.parseDouble(d.properties.get("amount")) >= 10000 && "newbusiness".equals(d.properties.get("dealtype")))
                        || "closedwon".equals(d.properties.get("dealstage")))
                .map(d -> d.id).toList();
        assertThat(expected).isNotEmpty().hasSizeLessThan(hubspot.recordsOf("deals").size());
        assertThat(linkedRecords(itemId)).containsExactlyInAnyOrderElementsOf(expected);
        var searches = calls.matching("hubspot", "POST", "/crm/objects/2026-03/deals/search");
        assertThat(searches).isNotEmpty();
        assertThat(searches.get(0).body()).as("pushed down: HubSpot returns matching records only")
                .contains("\"propertyName\":\"amount\"").contains("\"operator\":\"GTE\"").contains("\"propertyName\":\"dealstage\"");
        int issues = jira.allIssues().size();
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(jira.allIssues()).as("nothing duplicated").hasSize(issues);
    }

    @Test
    void aLinkedRecordThatStopsMatchingStopsSyncingUntilItMatchesAgain() {
        long itemId = createItem(filtered(true, List.of(List.of(condition("amount", "GTE", "10000")))));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        String dealId = linkedRecords(itemId).get(0);
        String issueKey = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId);

        hubspot.update("deals", dealId, Map.of("amount", "500", "dealname", "Shrunk below the filter"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(jira.issue(issueKey).orElseThrow().fields.path("summary").asText()).as("paused").isNotEqualTo("Shrunk below the filter");
        assertThat(linkedRecords(itemId)).as("nothing unlinked or deleted").contains(dealId);
        assertThat(jira.issue(issueKey)).isPresent();

        hubspot.update("deals", dealId, Map.of("amount", "25000", "dealname", "Grown back"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(jira.issue(issueKey).orElseThrow().fields.path("summary").asText()).isEqualTo("Grown back");
    }

    @Test
    void withoutApplyToLinkedTheFilterGatesOnlyCreationAndIsCheckedAfterReading() {
        long itemId = createItem(filtered(false, List.of(List.of(condition("dealname", "CONTAINS", "renewal")))));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        List<String> renewals = hubspot.recordsOf("deals").values().stream()
                .filter(d -> d.properties.get("dealname").toLowerCase().contains("renewal")).map(d -> d.id).toList();
        assertThat(linkedRecords(itemId)).containsExactlyInAnyOrderElementsOf(renewals);
        assertThat(calls.matching("hubspot", "POST", "/crm/objects/2026-03/deals/search").get(0).body())
                .as("linked records must keep syncing, so HubSpot is not asked to leave any out").doesNotContain("dealname\",\"operator");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE item_id = ? AND action = 'AUTO_CREATE' AND outcome = 'SKIPPED'"
                + " AND detail LIKE '%record filter%'", Integer.class, itemId)).isEqualTo(hubspot.recordsOf("deals").size() - renewals.size());

        String dealId = renewals.get(0);
        String issueKey = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId);
        hubspot.update("deals", dealId, Map.of("dealname", "No longer matching, still linked"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(jira.issue(issueKey).orElseThrow().fields.path("summary").asText()).isEqualTo("No longer matching, still linked");
    }

    private List<String> violations(Answer a) {
        List<String> out = new ArrayList<>();
        a.body().path("violations").forEach(v -> out.add(v.path("field").asText() + ": " + v.path("reason").asText()));
        return out;
    }

    @Test
    void aFilterHubSpotsSearchCannotTakeOrThatNamesWhatDoesNotExistIsA422NamingTheCondition() {
        Answer unknown = call("POST", "/api/items", filtered(true, List.of(List.of(condition("no_such_property", "EQ", "x")))));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(violations(unknown)).contains("filter.groups[0].conditions[0].property: HubSpot property 'no_such_property' does not exist on deals");

        Answer wrongType = call("POST", "/api/items", filtered(true, List.of(List.of(condition("dealname", "GT", "5"),
                condition("amount", "WITHIN_LAST_DAYS", 7), condition("amount", "EQ", "lots"), condition("dealtype", "IN", List.of("gift")),
                condition("dealstage", "SIDEWAYS", "x")))));
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(String.join("\n", violations(wrongType)))
                .contains("filter.groups[0].conditions[0].operator: GT compares numbers and dates; dealname is a string property")
                .contains("filter.groups[0].conditions[1].operator: WITHIN_LAST_DAYS needs a date or datetime property")
                .contains("filter.groups[0].conditions[2].value: 'lots' is not a number")
                .contains("filter.groups[0].conditions[3].values: 'gift' is not an option of dealtype")
                .contains("filter.groups[0].conditions[4].operator: 'SIDEWAYS' is not a filter operator")
                .contains("filter.groups[0].conditions[4]: a group takes at most 4 conditions");

        List<List<Map<String, Object>>> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(List.of(condition("amount", "GT", String.valueOf(i))));
        }
        Answer tooManyGroups = call("POST", "/api/items", filtered(true, six));
        assertThat(violations(tooManyGroups)).contains("filter.groups: HubSpot's search takes at most 5 filter groups; this filter has 6");

        List<List<Map<String, Object>>> wide = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            wide.add(List.of(condition("amount", "GT", "1"), condition("amount", "LT", "9"), condition("dealname", "KNOWN", null)));
        }
        Answer tooManyFilters = call("POST", "/api/items", filtered(true, wide));
        assertThat(tooManyFilters.status()).isEqualTo(422);
        assertThat(violations(tooManyFilters)).anyMatch(v -> v.startsWith("filter.groups[3].conditions[2]: one condition too many: HubSpot's search takes at most 18"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_item", Integer.class)).as("nothing saved").isZero();
    }

    @Test
    void theFilterIsKeptWithTheItemAndShownBack() {
        long itemId = createItem(filtered(true, List.of(List.of(condition("createdate", "WITHIN_LAST_DAYS", 30)))));
        JsonNode stored = call("GET", "/api/items/" + itemId, null).body();
        assertThat(stored.at("/definition/filter/groups/0/conditions/0/operator").asText()
                + stored.at("/filter/groups/0/conditions/0/operator").asText()).contains("WITHIN_LAST_DAYS");
    }

    @Test
    void aJqlFilterLimitsWhichIssuesPushChangesBackAndBadJqlIsA422() {
        Map<String, Object> item = demoDealsItem();
        item.put("filter", Map.of("jql", "labels = vip"));
        long itemId = createItem(item);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        List<String> deals = linkedRecords(itemId);
        String vipDeal = deals.get(0);
        String otherDeal = deals.get(1);
        var vip = jira.issue(jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, vipDeal)).orElseThrow();
        var other = jira.issue(jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, otherDeal)).orElseThrow();
        ((com.fasterxml.jackson.databind.node.ArrayNode) vip.fields.withArray("labels")).add("vip");

        webhooks.setEnabled(true);
        jira.asUser("ada.lovelace@example.com", () -> {
            for (var issue : List.of(vip, other)) {
                var body = json.createObjectNode();
                body.putObject("fields").put("summary", "Edited in Jira " + issue.key);
                io.hubjira.sandbox.jira.JiraIssues.edit(jira, issue, body);
            }
            return null;
        });
        waitForInbox();
        assertThat(hubspot.record("deals", vipDeal).orElseThrow().properties.get("dealname")).isEqualTo("Edited in Jira " + vip.key);
        assertThat(hubspot.record("deals", otherDeal).orElseThrow().properties.get("dealname")).as("outside the JQL filter").isNotEqualTo("Edited in Jira " + other.key);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'FILTERED' AND direction = 'JIRA_TO_HUBSPOT' AND issue_key = ?",
                Integer.class, other.key)).isEqualTo(1);

        // comments follow the same filter
        jira.asUser("ada.lovelace@example.com", () -> {
            for (var issue : List.of(vip, other)) {
                var doc = json.createObjectNode().put("type", "doc").put("version", 1);
                doc.putArray("content").addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text")
                        .put("text", "A comment on " + issue.key);
                io.hubjira.sandbox.jira.JiraIssues.addComment(jira, issue, doc, jiraBase());
            }
            return null;
        });
        waitForInbox();
        assertThat(hubspot.notesOf("deals", vipDeal).stream().map(n -> n.properties.get("hs_note_body"))).anyMatch(b -> b.contains("A comment on " + vip.key));
        assertThat(hubspot.notesOf("deals", otherDeal).stream().map(n -> n.properties.get("hs_note_body"))).noneMatch(b -> b.contains("A comment on"));

        Map<String, Object> bad = demoDealsItem();
        bad.put("name", "Bad JQL");
        bad.put("filter", Map.of("jql", "colour = blue"));
        Answer refused = call("POST", "/api/items", bad);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(violations(refused)).anyMatch(v -> v.startsWith("filter.jql: Jira refuses this JQL") && v.contains("colour"));
    }
}
