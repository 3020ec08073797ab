package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.sandbox.SandboxCallLog;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A dry run of an item shows what its next poll would do, and writes nothing: the call log and the database prove it. */
class ItemDryRunTest extends SandboxTest {

    @Autowired
    ProducerTemplate producer;

    @BeforeEach
    void connected() {
        freshConnectedSandbox();
    }

    /** Every call that could change something: HubSpot and Jira calls other than reads and searches. */
    private long writes() {
        return calls.calls("hubspot").stream().filter(ItemDryRunTest::isWrite).count() + calls.calls("jira").stream().filter(ItemDryRunTest::isWrite).count();
    }

    private static boolean isWrite(SandboxCallLog.Call c) {
        if (c.method().equals("GET")) {
            return false;
        }
        return !(c.method().equals("POST") && (c.path().endsWith("/search") || c.path().endsWith("/batch/read") || c.path().endsWith("/search/jql")
                || c.path().endsWith("/issue/bulkfetch")));
    }

    private int rows(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }

    @Test
    void beforeTheFirstPollItListsTheIssuesToCreateWithTheirFieldsAndWritesNothing() {
        long itemId = createItem(demoDealsItem());
        calls.clear();
        Answer plan = call("POST", "/api/items/" + itemId + "/dry-run", null);
        assertThat(plan.status()).as(plan.text()).isEqualTo(200);
        int deals = hubspot.recordsOf("deals").size();
        assertThat(plan.body().path("recordsRead").asInt()).isEqualTo(deals);
        assertThat(plan.body().path("creations")).hasSize(deals);
        String dealId = hubspot.recordsOf("deals").keySet().iterator().next();
        JsonNode creation = null;
        for (JsonNode c : plan.body().path("creations")) {
            if (c.path("recordId").asText().equals(dealId)) {
                creation = c;
            }
        }
        assertThat(creation).isNotNull();
        assertThat(creation.at("/fields/summary").asText()).isEqualTo(hubspot.record("deals", dealId).orElseThrow().properties.get("dealname"));
        assertThat(creation.path("status").asText()).as("the stage's mapped status").isNotBlank();
        assertThat(plan.body().path("creations").toString()).as("the demo's first deals have notes").contains("\"notesToCopy\":1");

        assertThat(writes()).as("no write to HubSpot or Jira: " + calls.calls("jira")).isZero();
        assertThat(rows("record_link")).isZero();
        assertThat(rows("poll_watermark")).isZero();
        assertThat(rows("audit_event")).isZero();
        assertThat(jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("hubspot-"))).isEmpty();
    }

    @Test
    void afterAPollItListsFieldChangesAndTransitionsOfLinkedIssuesAndWhatIsUpToDate() {
        long itemId = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", itemId);
        String dealId = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? ORDER BY id LIMIT 1", String.class, itemId);
        String issueKey = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId);
        String summaryBefore = jira.issue(issueKey).orElseThrow().fields.path("summary").asText();
        hubspot.update("deals", dealId, Map.of("dealname", "Renamed for the dry run", "dealstage", "closedwon"));
        int audits = rows("audit_event");
        calls.clear();

        JsonNode plan = call("POST", "/api/items/" + itemId + "/dry-run", null).body();
        assertThat(plan.path("creations")).isEmpty();
        assertThat(plan.path("fieldChanges")).hasSize(1);
        assertThat(plan.at("/fieldChanges/0/issueKey").asText()).isEqualTo(issueKey);
        assertThat(plan.at("/fieldChanges/0/fields/summary").asText()).isEqualTo("Renamed for the dry run");
        assertThat(plan.path("statusChanges")).hasSize(1);
        assertThat(plan.at("/statusChanges/0/side").asText()).isEqualTo("ISSUE");
        assertThat(plan.at("/statusChanges/0/to").asText()).isEqualTo("Done");
        assertThat(plan.path("skipped").toString()).as("the poll's overlap re-reads others: up to date").contains("is up to date");

        assertThat(writes()).isZero();
        assertThat(rows("audit_event")).isEqualTo(audits);
        assertThat(jira.issue(issueKey).orElseThrow().fields.path("summary").asText()).isEqualTo(summaryBefore);

        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(jira.issue(issueKey).orElseThrow().fields.path("summary").asText()).as("the real poll does what the plan said").isEqualTo("Renamed for the dry run");
        assertThat(io.hubjira.sandbox.jira.JiraSandbox.STATUSES.get(jira.issue(issueKey).orElseThrow().statusId).name()).isEqualTo("Done");
        assertThat(call("POST", "/api/items/999999/dry-run", null).status()).isEqualTo(404);
    }
}
