package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.sandbox.SandboxCallLog;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Linking what already exists: a match rule links a new record to its existing issue instead of creating one, reports
 * a conflict when several issues match, and a bulk connect does it for every record (dry run, apply, resume).
 */
class MatchAndBulkConnectTest extends SandboxTest {

    @Autowired
    ProducerTemplate producer;

    List<String> deals;

    @BeforeEach
    void connected() {
        freshConnectedSandbox();
        deals = new ArrayList<>(hubspot.recordsOf("deals").keySet());
    }

    /** An issue made in Jira before the connector, carrying the deal's id in the Customer field. */
    private JiraSandbox.Issue existing(String dealId, String summary) {
        JiraSandbox.Issue issue = jira.existingIssue("SUP", "10001", summary);
        issue.fields.put("customfield_10010", dealId);
        return issue;
    }

    private Map<String, Object> matchingItem() {
        Map<String, Object> item = demoDealsItem();
        item.put("match", Map.of("jiraField", "customfield_10010", "hubspotProperty", "hs_object_id"));
        return item;
    }

    private String linkedIssue(long itemId, String dealId) {
        List<String> keys = jdbc.queryForList("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ? AND state = 'LINKED'", String.class,
                itemId, dealId);
        return keys.isEmpty() ? null : keys.get(0);
    }

    private static boolean isWrite(SandboxCallLog.Call c) {
        return !c.method().equals("GET") && !(c.method().equals("POST") && (c.path().endsWith("/search") || c.path().endsWith("/search/jql")
                || c.path().endsWith("/issue/bulkfetch")));
    }

    @Test
    void beforeAutoCreateTheMatchLinksTheExistingIssueOrReportsAConflictInsteadOfADuplicate() {
        JiraSandbox.Issue mine = existing(deals.get(0), "Made in Jira before the connector");
        JiraSandbox.Issue twinA = existing(deals.get(1), "One of two");
        JiraSandbox.Issue twinB = existing(deals.get(1), "Two of two");
        long itemId = createItem(matchingItem());
        int before = jira.allIssues().size();
        producer.requestBody("direct:hubspot-poll-item", itemId);

        assertThat(linkedIssue(itemId, deals.get(0))).as("linked, not created").isEqualTo(mine.key);
        assertThat(jira.issue(mine.key).orElseThrow().fields.path("summary").asText()).as("then synced like any linked issue")
                .isEqualTo(hubspot.record("deals", deals.get(0)).orElseThrow().properties.get("dealname"));
        assertThat(linkedIssue(itemId, deals.get(1))).as("two candidates: nothing linked, nothing created").isNull();
        assertThat(jdbc.queryForObject("SELECT detail FROM audit_event WHERE action = 'MATCH_CONFLICT' AND record_id = ?", String.class, deals.get(1)))
                .contains(twinA.key).contains(twinB.key);
        assertThat(jira.allIssues()).as("no match found yet is not final: Jira's search may not show an issue made moments ago")
                .hasSize(before);

        waitOutTheSearchLagBound();
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(jira.allIssues()).as("once the search has caught up: one issue created per other deal, none for the matched or the conflicting one")
                .hasSize(before + deals.size() - 2);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(linkNotes(deals.get(0))).as("the link's steps ran: one issue link note").containsExactly(mine.key);
        assertThat(jira.allIssues()).hasSize(before + deals.size() - 2);
    }

    /** connector.jira.search-consistency in the test profile: how long Jira's search may lag. */
    private static final long SEARCH_LAG_BOUND_MS = 2_000;

    private static void waitOutTheSearchLagBound() {
        try {
            Thread.sleep(SEARCH_LAG_BOUND_MS + 100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aNewRecordWhoseMatchingIssueSearchDoesNotShowYetWaitsAndIsLinkedInsteadOfDuplicated() {
        long itemId = createItem(matchingItem());
        // the issue was filed in Jira a moment ago: search shows it only after 1.5 s (longer than between two polls)
        jira.setSearchLagMillis(1_500);
        JiraSandbox.Issue filedJustNow = jira.existingIssue("SUP", "10001", "Filed a moment ago");
        JiraIssues.edit(jira, filedJustNow, json.createObjectNode().set("fields", json.createObjectNode().put("customfield_10010", deals.get(0))));
        int before = jira.allIssues().size();
        long started = System.currentTimeMillis();

        producer.requestBody("direct:hubspot-poll-item", itemId);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(jira.allIssues()).as("no deal got an issue while a match may be hidden").hasSize(before);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'PENDING' AND match_absent_since IS NOT NULL",
                Integer.class, itemId)).as("every deal waits, reserved").isEqualTo(deals.size());
        assertThat(jdbc.queryForObject("SELECT detail FROM audit_event WHERE action = 'AUTO_CREATE' AND record_id = ?", String.class, deals.get(0)))
                .contains("waiting");

        waitOutTheSearchLagBound();
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(linkedIssue(itemId, deals.get(0))).as("linked to the issue search now shows, not duplicated").isEqualTo(filedJustNow.key);
        assertThat(jira.allIssues()).as("the other deals got their issues").hasSize(before + deals.size() - 1);
        long waited = System.currentTimeMillis() - started;
        System.out.println("BENCHMARK match-before-create: a new record's issue was created " + waited + " ms after it was first seen"
                + " (search-consistency " + SEARCH_LAG_BOUND_MS + " ms)");
    }

    @Test
    void aBulkConnectLinksOnlyWhatIssuesHoldNowAndIssuesSearchDoesNotShowYetAreLinkedByALaterApply() {
        Map<String, Object> item = matchingItem();
        item.put("autoCreate", false);
        long itemId = createItem(item);
        JiraSandbox.Issue moved = existing(deals.get(0), "Was deal 0's");
        jira.setSearchLagMillis(1_500);
        // edited a moment ago: search still shows it as deal 0's; it now holds deal 1's id
        JiraIssues.edit(jira, moved, json.createObjectNode().set("fields", json.createObjectNode().put("customfield_10010", deals.get(1))));
        // filed a moment ago: search does not show it yet
        JiraSandbox.Issue fresh = jira.existingIssue("SUP", "10001", "Filed a moment ago");
        JiraIssues.edit(jira, fresh, json.createObjectNode().set("fields", json.createObjectNode().put("customfield_10010", deals.get(2))));

        JsonNode first = call("POST", "/api/items/" + itemId + "/bulk-connect?apply=true", null).body();
        assertThat(linkedIssue(itemId, deals.get(0))).as("never linked by a value the issue no longer holds").isNull();
        assertThat(linkedIssue(itemId, deals.get(1))).as("search does not show the new value yet").isNull();
        assertThat(linkedIssue(itemId, deals.get(2))).as("search does not show the new issue yet").isNull();
        assertThat(first.path("linked").asInt()).isZero();

        waitOutTheSearchLagBound();
        JsonNode again = call("POST", "/api/items/" + itemId + "/bulk-connect?apply=true", null).body();
        assertThat(linkedIssue(itemId, deals.get(1))).isEqualTo(moved.key);
        assertThat(linkedIssue(itemId, deals.get(2))).isEqualTo(fresh.key);
        assertThat(linkedIssue(itemId, deals.get(0))).isNull();
        assertThat(again.path("linked").asInt()).isEqualTo(2);
    }

    @Test
    void aBulkConnectReportsFirstThenLinksTheMatchesAndAppliedAgainResumesWithoutDuplicates() {
        Map<String, Object> item = matchingItem();
        item.put("autoCreate", false);
        long itemId = createItem(item);
        for (int i = 0; i < 8; i++) {
            existing(deals.get(i), "Existing " + i);
        }
        existing(deals.get(8), "Twin A");
        existing(deals.get(8), "Twin B");
        calls.clear();

        Answer dry = call("POST", "/api/items/" + itemId + "/bulk-connect", null);
        assertThat(dry.status()).as(dry.text()).isEqualTo(200);
        JsonNode report = dry.body();
        assertThat(report.path("records").asInt()).isEqualTo(deals.size());
        assertThat(report.path("toLink").asInt()).isEqualTo(8);
        assertThat(report.path("conflicts").asInt()).isEqualTo(1);
        assertThat(report.path("toCreate").asInt()).isEqualTo(deals.size() - 9);
        assertThat(report.at("/conflictList/0/candidates")).hasSize(2);
        assertThat(report.path("linked").asInt()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link", Integer.class)).as("a dry run links nothing").isZero();
        assertThat(calls.calls("jira").stream().filter(MatchAndBulkConnectTest::isWrite)).isEmpty();
        assertThat(calls.calls("hubspot").stream().filter(MatchAndBulkConnectTest::isWrite)).isEmpty();

        // a run that was stopped (killed) after linking the first match: applying again links the rest, once
        JiraSandbox.Issue first = jira.allIssues().stream().filter(x -> deals.get(0).equals(x.fields.path("customfield_10010").asText())).findFirst().orElseThrow();
        jdbc.update("INSERT INTO record_link (item_id, object_type, record_id, issue_id, issue_key, link_type, state, created_at, updated_at)"
                + " VALUES (?, 'deals', ?, ?, ?, 'AUTO', 'LINKED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", itemId, deals.get(0), first.id, first.key);
        Answer applied = call("POST", "/api/items/" + itemId + "/bulk-connect?apply=true", null);
        assertThat(applied.body().path("alreadyLinked").asInt()).isEqualTo(1);
        assertThat(applied.body().path("linked").asInt()).isEqualTo(7);
        for (int i = 0; i < 8; i++) {
            String key = linkedIssue(itemId, deals.get(i));
            assertThat(key).as("deal " + i).isNotNull();
            assertThat(jira.issue(key).orElseThrow().fields.path("customfield_10010").asText()).isEqualTo(deals.get(i));
        }
        assertThat(linkedIssue(itemId, deals.get(8))).isNull();
        Answer again = call("POST", "/api/items/" + itemId + "/bulk-connect?apply=true", null);
        assertThat(again.body().path("linked").asInt()).isZero();
        assertThat(again.body().path("alreadyLinked").asInt()).isEqualTo(8);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link", Integer.class)).isEqualTo(8);

        // applying gave the new links their issue link notes (the link resumed by hand keeps its own)
        assertThat(linkNotes(deals.get(3))).containsExactly(linkedIssue(itemId, deals.get(3)));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE pending_steps IS NOT NULL", Integer.class)).isZero();
    }

    /** The issue keys the record's "Issue link note"s name. */
    private List<String> linkNotes(String dealId) {
        return hubspot.notesOf("deals", dealId).stream().map(n -> n.properties.get("hs_note_body"))
                .filter(b -> b.contains("Issue link note (")).map(b -> b.replaceAll("(?s).*Issue link note \\(([^)]+)\\).*", "$1")).toList();
    }

    @Test
    void aBulkConnectConsidersOnlyTheRecordsThatPassTheItemsFilter() {
        Map<String, Object> item = matchingItem();
        item.put("autoCreate", false);
        item.put("filter", Map.of("groups", List.of(Map.of("conditions", List.of(Map.of("property", "dealtype", "operator", "EQ", "value", "newbusiness"))))));
        long itemId = createItem(item);
        List<String> inside = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        for (String id : deals) {
            (hubspot.record("deals", id).orElseThrow().properties.get("dealtype").equals("newbusiness") ? inside : outside).add(id);
            existing(id, "Existing issue of " + id);
        }
        assertThat(inside).isNotEmpty();
        assertThat(outside).isNotEmpty();

        JsonNode dry = call("POST", "/api/items/" + itemId + "/bulk-connect", null).body();
        assertThat(dry.path("records").asInt()).isEqualTo(inside.size());
        assertThat(dry.path("toLink").asInt()).as("deals outside the filter are not linked").isEqualTo(inside.size());
        assertThat(dry.path("toCreate").asInt()).as("nor counted as to create").isZero();
        assertThat(dry.path("links").findValuesAsText("recordId")).containsExactlyInAnyOrderElementsOf(inside);

        JsonNode applied = call("POST", "/api/items/" + itemId + "/bulk-connect?apply=true", null).body();
        assertThat(applied.path("linked").asInt()).isEqualTo(inside.size());
        assertThat(jdbc.queryForList("SELECT record_id FROM record_link WHERE item_id = ?", String.class, itemId)).containsExactlyInAnyOrderElementsOf(inside);
        assertThat(outside).allSatisfy(id -> assertThat(linkNotes(id)).as("deal " + id + " outside the filter got no link note").isEmpty());
    }

    @Test
    void theFirstPollAfterBulkConnectingThreeHundredAgreeingPairsEditsNoIssueAndWritesWhatDiffers() {
        Map<String, Object> item = matchingItem();
        item.put("autoCreate", false);
        long itemId = createItem(item);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = hubspot.create("deals", Map.of("dealname", "Paired deal " + i, "amount", String.valueOf(1000 + i), "dealtype", "newbusiness",
                    "description", "Deal " + i + " as both sides hold it", "dealstage", "appointmentscheduled", "pipeline", "default")).id;
            pairs.add(id);
            // the issue as Jira would answer it: a float amount, the option with its id, the description as ADF
            JiraSandbox.Issue issue = existing(id, i == 7 ? "Renamed in Jira" : "Paired deal " + i);
            issue.fields.put("customfield_10012", 1000.0 + i);
            issue.fields.putObject("customfield_10013").put("value", "New Business").put("id", "10100");
            issue.fields.putObject("description").put("type", "doc").put("version", 1).putArray("content").addObject().put("type", "paragraph")
                    .putArray("content").addObject().put("type", "text").put("text", "Deal " + i + " as both sides hold it");
        }
        JsonNode applied = call("POST", "/api/items/" + itemId + "/bulk-connect?apply=true", null).body();
        assertThat(applied.path("linked").asInt()).isEqualTo(300);

        calls.clear();
        producer.requestBody("direct:hubspot-poll-item", itemId);
        List<SandboxCallLog.Call> edits = calls.matching("jira", "PUT", "/rest/api/3/issue/[^/]+");
        String renamed = linkedIssue(itemId, pairs.get(7));
        assertThat(edits).as("only the issue whose summary differs from its deal is written").hasSize(1);
        assertThat(edits.get(0).path()).endsWith("/" + renamed);
        assertThat(jira.issue(renamed).orElseThrow().fields.path("summary").asText()).isEqualTo("Paired deal 7");
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/[^/]+/transitions")).as("statuses already agree").isZero();
    }

    @Test
    void anItemWithoutAMatchRuleOrWithOneNamingUnknownFieldsIsRefused() {
        long plain = createItem(demoDealsItem());
        Answer none = call("POST", "/api/items/" + plain + "/bulk-connect", null);
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.text()).contains("no match rule");
        Map<String, Object> bad = demoDealsItem();
        bad.put("name", "Bad match");
        bad.put("match", Map.of("jiraField", "customfield_99999", "hubspotProperty", "no_such_property"));
        Answer refused = call("POST", "/api/items", bad);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text()).contains("match.jiraField").contains("match.hubspotProperty");
    }

    @Test
    void anAppliedBulkConnectShowsItsProgressAndAfterItStoppedHalfwayTheNextApplyResumesWhereItStood() {
        for (int i = 0; i < 250; i++) {
            String id = hubspot.create("deals", Map.of("dealname", "Bulk " + i, "dealstage", "appointmentscheduled", "pipeline", "default")).id;
            existing(id, "Existing of " + id);
        }
        Map<String, Object> item = matchingItem();
        item.put("autoCreate", false);
        long itemId = createItem(item);
        int total = hubspot.recordsOf("deals").size();
        assertThat(call("GET", "/api/items/" + itemId + "/bulk-connect", null).status()).as("no run yet").isEqualTo(404);

        // the second page of records fails on every retry: the run stops after the first page of 200
        faults.failAfter("hubspot", "POST", 1, 50, 503, "/crm/objects/2026-03/deals/search");
        Answer stopped = call("POST", "/api/items/" + itemId + "/bulk-connect?apply=true", null);
        assertThat(stopped.status()).isGreaterThanOrEqualTo(500);
        faults.resetAll();
        JsonNode failed = call("GET", "/api/items/" + itemId + "/bulk-connect", null).body();
        assertThat(failed.path("state").asText()).isEqualTo("FAILED");
        assertThat(failed.path("records").asInt()).isEqualTo(200);
        assertThat(failed.path("expectedTotal").asInt()).isEqualTo(total);
        int linkedBefore = jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ?", Integer.class, itemId);
        assertThat(linkedBefore).isEqualTo(failed.path("linked").asInt()).isPositive();

        // as if the instance running it had been killed: RUNNING, its progress last saved long ago. While another
        // instance still moves a run, nobody else takes it
        jdbc.update("UPDATE bulk_connect_run SET state = 'RUNNING', instance = 'killed-instance', updated_at = ? WHERE item_id = ?",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC), itemId);
        assertThat(call("POST", "/api/items/" + itemId + "/bulk-connect?apply=true", null).status()).isEqualTo(409);
        jdbc.update("UPDATE bulk_connect_run SET updated_at = ? WHERE item_id = ?",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(5), itemId);
        Answer resumed = call("POST", "/api/items/" + itemId + "/bulk-connect?apply=true", null);
        assertThat(resumed.status()).as(resumed.text()).isEqualTo(200);
        assertThat(resumed.body().path("resumed").asBoolean()).isTrue();
        assertThat(resumed.body().path("records").asInt()).as("every record once over both runs").isEqualTo(total);
        assertThat(resumed.body().path("linked").asInt()).isEqualTo(250);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ?", Integer.class, itemId)).isEqualTo(250);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT issue_key) FROM record_link WHERE item_id = ?", Integer.class, itemId)).isEqualTo(250);
        JsonNode done = call("GET", "/api/items/" + itemId + "/bulk-connect", null).body();
        assertThat(done.path("state").asText()).isEqualTo("DONE");
        assertThat(done.path("records").asInt()).isEqualTo(total);
    }
}
