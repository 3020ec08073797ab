package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** When one side of a link goes away: archive and delete handling when an item turns it on, and nothing when it does not. */
class LinkLifecycleTest extends SandboxTest {

    @Autowired
    ProducerTemplate producer;

    @BeforeEach
    void connected() {
        freshConnectedSandbox();
    }

    private long item(Map<String, Object> lifecycle) {
        Map<String, Object> item = demoDealsItem();
        if (lifecycle != null) {
            item.put("lifecycle", lifecycle);
        }
        long itemId = createItem(item);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        return itemId;
    }

    private String dealOf(long itemId) {
        return jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, itemId);
    }

    private JiraSandbox.Issue issueOf(long itemId, String dealId) {
        return jira.issue(jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId))
                .orElseThrow();
    }

    /** A Jira user deletes it (the connector's own account's events are its echo). */
    private void deleteAsAda(JiraSandbox.Issue issue) {
        jira.asUser("ada.lovelace@example.com", () -> {
            jira.deleteIssue(issue);
            return null;
        });
    }

    private int audited(String action, String outcome, String dealId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = ? AND outcome = ? AND record_id = ?", Integer.class, action, outcome,
                dealId);
    }

    @Test
    void anArchivedRecordMovesAndLabelsItsIssueWhenTheItemAsks() {
        long itemId = item(Map.of("archivedStatus", "Done", "archivedLabel", "hubspot-archived"));
        String dealId = dealOf(itemId);
        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        hubspotWebhooks.setEnabled(true);
        hubspot.archive("deals", dealId);
        hubspotWebhooks.drain();
        eventually("the archive handled", () -> audited("RECORD_ARCHIVED", "OK", dealId) == 1);
        assertThat(JiraSandbox.STATUSES.get(issue.statusId).name()).isEqualTo("Done");
        assertThat(issue.fields.path("labels").toString()).contains("hubspot-archived");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE record_id = ?", Integer.class, dealId)).as("the link stays").isEqualTo(1);
    }

    @Test
    void withoutWebhooksTheScheduledCheckHandlesAnArchivedRecordOnceAndAgainAfterARestore() {
        long itemId = item(Map.of("archivedLabel", "hubspot-archived"));
        String dealId = dealOf(itemId);
        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        hubspot.archive("deals", dealId);
        calls.clear();
        lifecycle.checkArchived();
        assertThat(issue.fields.path("labels").toString()).contains("hubspot-archived");
        assertThat(calls.count("hubspot", "POST", "/crm/objects/2026-03/deals/batch/read")).as("one batch read per 100 linked records").isEqualTo(1);
        lifecycle.checkArchived();
        assertThat(audited("RECORD_ARCHIVED", "OK", dealId)).as("handled once").isEqualTo(1);

        // restored, then archived again: handled again
        hubspot.recordsOf("deals").get(dealId).archived = false;
        lifecycle.checkArchived();
        hubspot.archive("deals", dealId);
        lifecycle.checkArchived();
        assertThat(audited("RECORD_ARCHIVED", "OK", dealId)).isEqualTo(2);
    }

    @Autowired
    io.hubjira.sync.LinkLifecycle lifecycle;

    @Test
    void withoutArchiveHandlingTheIssueIsLeftAsItIs() {
        long itemId = item(null);
        String dealId = dealOf(itemId);
        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        String statusBefore = issue.statusId;
        hubspotWebhooks.setEnabled(true);
        hubspot.archive("deals", dealId);
        hubspotWebhooks.drain();
        eventually("the archive seen", () -> audited("RECORD_ARCHIVED", "SKIPPED", dealId) == 1);
        assertThat(issue.statusId).isEqualTo(statusBefore);
        assertThat(issue.fields.path("labels").toString()).doesNotContain("archived");
    }

    @Test
    void aDeletedIssueUnlinksItsRecordWithANoteWhenTheItemAsksAndOnlyThen() {
        long itemId = item(Map.of("unlinkDeletedIssues", true));
        String dealId = dealOf(itemId);
        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        webhooks.setEnabled(true);
        deleteAsAda(issue);
        waitForInbox();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND record_id = ?", Integer.class, itemId, dealId)).isZero();
        assertThat(hubspot.notesOf("deals", dealId).stream().map(n -> n.properties.get("hs_note_body")))
                .anyMatch(body -> body.contains("Jira issue " + issue.key + " was deleted in Jira"));
        assertThat(audited("ISSUE_DELETED", "OK", dealId)).isEqualTo(1);

        freshConnectedSandbox();
        long keeps = item(null);
        String kept = dealOf(keeps);
        JiraSandbox.Issue keptIssue = issueOf(keeps, kept);
        webhooks.setEnabled(true);
        deleteAsAda(keptIssue);
        waitForInbox();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND record_id = ?", Integer.class, keeps, kept)).isEqualTo(1);
        assertThat(audited("ISSUE_DELETED", "SKIPPED", kept)).isEqualTo(1);
        assertThat(hubspot.notesOf("deals", kept).stream().map(n -> n.properties.get("hs_note_body"))).noneMatch(b -> b.contains("was deleted"));
    }

    @Test
    void aDeletionUnderTheConnectorsOwnJiraAccountIsNotTakenForAnEcho() {
        long itemId = item(Map.of("unlinkDeletedIssues", true));
        String dealId = dealOf(itemId);
        webhooks.setEnabled(true);
        jira.deleteIssue(issueOf(itemId, dealId));
        waitForInbox();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND record_id = ?", Integer.class, itemId, dealId)).isZero();
    }

    @Test
    void anArchiveStatusOutsideTheWorkflowIsA422() {
        Map<String, Object> item = demoDealsItem();
        item.put("lifecycle", Map.of("archivedStatus", "Shredded"));
        Answer refused = call("POST", "/api/items", item);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text()).contains("lifecycle.archivedStatus").contains("Shredded");
    }
}
