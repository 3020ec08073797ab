package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Status moves find their path in the issue's own workflow: To Do → Done through In Progress with no other issue in
 * In Progress, read from Jira's workflow API (one call per transition) or, when the connector's account may not read
 * workflows, explored transition by transition from the issue itself. Every action says one thing in the audit.
 */
class StatusMovesTest extends SandboxTest {

    static final String TO_DO = "10000";
    static final String IN_PROGRESS = "3";
    static final String DONE = "10002";

    @Autowired
    ProducerTemplate producer;
    @Autowired
    io.hubjira.sync.LinkLifecycle lifecycle;

    @BeforeEach
    void connected() {
        freshConnectedSandbox();
    }

    private long item(Map<String, Object> lifecycleSettings) {
        Map<String, Object> item = demoDealsItem();
        if (lifecycleSettings != null) {
            item.put("lifecycle", lifecycleSettings);
        }
        long itemId = createItem(item);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        return itemId;
    }

    /** A linked deal whose issue is in To Do, and no other issue of the site in In Progress (nothing to learn from). */
    private String dealInToDo(long itemId) {
        String dealId = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1",
                String.class, itemId);
        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        issue.statusId = TO_DO;
        jira.allIssues().stream().filter(i -> i != issue && IN_PROGRESS.equals(i.statusId)).forEach(i -> i.statusId = TO_DO);
        assertThat(jira.allIssues()).noneMatch(i -> IN_PROGRESS.equals(i.statusId));
        return dealId;
    }

    private JiraSandbox.Issue issueOf(long itemId, String dealId) {
        return jira.issue(jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId))
                .orElseThrow();
    }

    private List<Map<String, Object>> auditOf(String dealId, String... actions) {
        return jdbc.queryForList("SELECT action, outcome, detail FROM audit_event WHERE record_id = ? AND action IN (" + "?,".repeat(actions.length - 1)
                + "?) ORDER BY id", concat(dealId, actions));
    }

    private static Object[] concat(String first, String... rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String name(String statusId) {
        return JiraSandbox.STATUSES.get(statusId).name();
    }

    @Test
    void archiveHandlingMovesAnIssueTwoTransitionsAwayFromTheWorkflowInOneCallPerTransition() {
        long itemId = item(Map.of("archivedStatus", "Done"));
        String dealId = dealInToDo(itemId);
        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        jiraMetadata.refresh(); // the first poll's own status moves read the workflow already
        calls.clear();
        hubspot.archive("deals", dealId);
        lifecycle.checkArchived();

        assertThat(name(issue.statusId)).isEqualTo("Done");
        assertThat(auditOf(dealId, "RECORD_ARCHIVED", "ARCHIVED_STATUS")).as("one line for the archive").singleElement().satisfies(line -> {
            assertThat(line.get("OUTCOME")).isEqualTo("OK");
            assertThat((String) line.get("DETAIL")).contains("moved to Done (To Do → In Progress → Done)");
        });
        assertThat(calls.count("jira", "POST", "/rest/api/3/workflows")).as("the workflow read once").isEqualTo(1);
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/[^/]+/transitions")).as("one call per transition").isEqualTo(2);
        assertThat(calls.count("jira", "GET", "/rest/api/3/issue/[^/]+/transitions")).isZero();
        assertThat(calls.count("jira", "POST", "/rest/api/3/search/jql")).as("no other issue looked at").isZero();
    }

    @Test
    void statusSyncMovesAnIssueToDoneThroughInProgressWithNoOtherIssueThere() {
        long itemId = item(null);
        String dealId = dealInToDo(itemId);
        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        hubspot.update("deals", dealId, Map.of("dealstage", "appointmentscheduled"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(name(issue.statusId)).isEqualTo("To Do");
        long linesBefore = auditOf(dealId, "STATUS").size();

        calls.clear();
        hubspot.update("deals", dealId, Map.of("dealstage", "closedwon"));
        producer.requestBody("direct:hubspot-poll-item", itemId);

        assertThat(name(issue.statusId)).isEqualTo("Done");
        List<Map<String, Object>> lines = auditOf(dealId, "STATUS");
        assertThat(lines).hasSize((int) linesBefore + 1);
        assertThat(lines.get(lines.size() - 1)).containsEntry("OUTCOME", "OK").containsEntry("DETAIL", "To Do → In Progress → Done");
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/[^/]+/transitions")).isEqualTo(2);
        assertThat(calls.count("jira", "GET", "/rest/api/3/issue/[^/]+/transitions")).isZero();
    }

    @Test
    void anAccountThatMayNotReadWorkflowsExploresTheIssuesOwnTransitions() {
        long itemId = item(Map.of("archivedStatus", "Done"));
        String dealId = dealInToDo(itemId);
        JiraSandbox.Issue issue = issueOf(itemId, dealId);
        jira.setAdministrator(jira.connectorUser().accountId(), false);
        jiraMetadata.refresh();
        calls.clear();
        hubspot.archive("deals", dealId);
        lifecycle.checkArchived();

        assertThat(name(issue.statusId)).isEqualTo("Done");
        assertThat(calls.matching("jira", "POST", "/rest/api/3/workflows")).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(401));
        assertThat(calls.count("jira", "GET", "/rest/api/3/issue/[^/]+/transitions")).as("what To Do and In Progress offer").isEqualTo(2);
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/[^/]+/transitions")).isEqualTo(2);
        assertThat(auditOf(dealId, "RECORD_ARCHIVED", "ARCHIVED_STATUS")).singleElement()
                .satisfies(line -> assertThat((String) line.get("DETAIL")).contains("To Do → In Progress → Done"));
    }

    /**
     * The site's workflow loses its ways out of Done (no Reopen, no Resume); an item archives to To Do; a linked deal's
     * issue in Done is archived. Answers the deal.
     */
    private String archivedWhileItsIssueIsInDoneWithNoWayOut(Map<String, Object> lifecycleSettings) {
        jira.removeTransition("71");
        jira.removeTransition("81");
        long itemId = item(lifecycleSettings);
        String dealId = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1",
                String.class, itemId);
        issueOf(itemId, dealId).statusId = DONE;
        calls.clear();
        hubspot.archive("deals", dealId);
        lifecycle.checkArchived();
        assertThat(name(issueOf(itemId, dealId).statusId)).isEqualTo("Done");
        return dealId;
    }

    @Test
    void aTargetTheWorkflowCannotReachIsOneFailedLineNamingTheMissingPathAndTheIssueStays() {
        String dealId = archivedWhileItsIssueIsInDoneWithNoWayOut(Map.of("archivedStatus", "To Do", "archivedLabel", "hubspot-archived"));

        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/[^/]+/transitions")).isZero();
        assertThat(auditOf(dealId, "RECORD_ARCHIVED", "ARCHIVED_STATUS")).singleElement().satisfies(line -> {
            assertThat(line.get("OUTCOME")).isEqualTo("FAILED");
            assertThat((String) line.get("DETAIL")).contains("labelled hubspot-archived")
                    .contains("could not be moved to To Do").contains("no path from 'Done' to 'To Do'");
        });
        assertThat(jdbc.queryForObject("SELECT status_problem FROM record_link WHERE record_id = ?", String.class, dealId))
                .contains("no path from 'Done' to 'To Do'");
    }

    @Test
    void exploringWithoutAPathLeavesTheIssueWhereItWasAndSaysSoOnce() {
        jira.setAdministrator(jira.connectorUser().accountId(), false);
        String dealId = archivedWhileItsIssueIsInDoneWithNoWayOut(Map.of("archivedStatus", "To Do"));

        assertThat(calls.count("jira", "GET", "/rest/api/3/issue/[^/]+/transitions")).isEqualTo(1);
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/[^/]+/transitions")).isZero();
        assertThat(auditOf(dealId, "RECORD_ARCHIVED", "ARCHIVED_STATUS")).singleElement().satisfies(line -> {
            assertThat(line.get("OUTCOME")).isEqualTo("FAILED");
            assertThat((String) line.get("DETAIL")).contains("no path from 'Done' to 'To Do'").contains("may not read the workflow");
        });
    }
}
