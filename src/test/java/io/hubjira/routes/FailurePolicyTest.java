package io.hubjira.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.audit.DeadLetters;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.queue.ChangedRecord;
import io.hubjira.queue.HubSpotChangeQueue;
import io.hubjira.sandbox.SandboxCallLog;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The failure policy of the two queues, end to end through the routes against the simulators. Each kind of work — a
 * Jira event written to HubSpot, a comment copied to a HubSpot note, a queued HubSpot change written to Jira — fails
 * transiently (5xx past the API call's own retries) and permanently (a 400 naming the problem):
 * <ul>
 *   <li>a transient failure is tried again later, each try after a longer wait, and the work is done once the API
 *       recovers, with no dead letter;</li>
 *   <li>a transient failure that never clears becomes one dead letter after connector.retry.later-attempts tries;</li>
 *   <li>a permanent failure becomes one dead letter at once, with the API's reason.</li>
 * </ul>
 */
class FailurePolicyTest extends SandboxTest {

    /** The deal's HubSpot record writes, batched or one by one. */
    static final String DEAL_WRITES = "/crm/objects/2026-03/deals(/batch/update|/\\d+)$";

    @Autowired
    ProducerTemplate producer;
    @Autowired
    DeadLetters deadLetters;
    @Autowired
    HubSpotChangeQueue changes;
    @Autowired
    ConnectorProperties props;

    long itemId;
    HubSpotSandbox.Rec deal;
    JiraSandbox.Issue issue;

    @BeforeEach
    void linkOneDeal() {
        freshConnectedSandbox();
        Map<String, Object> item = demoDealsItem();
        item.put("mode", "CUSTOM");
        item.put("fieldMappings", List.of(
                Map.of("hubspotProperty", "dealname", "jiraField", "summary", "owner", "HUBSPOT"),
                Map.of("hubspotProperty", "amount", "jiraField", "customfield_10012", "owner", "JIRA")));
        itemId = createItem(item);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        deal = hubspot.recordsOf("deals").values().iterator().next();
        issue = jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + deal.id + "\"")).findFirst().orElseThrow();
        webhooks.clearDeliveries();
        webhooks.setEnabled(true);
        calls.clear();
    }

    private void editAmountInJira(double amount) {
        jira.asUser("ada.lovelace@example.com", () -> {
            ObjectNode body = json.createObjectNode();
            body.putObject("fields").put("customfield_10012", amount);
            JiraIssues.edit(jira, issue, body);
            return null;
        });
    }

    private void commentInJira(String text) {
        ObjectNode doc = json.createObjectNode().put("type", "doc").put("version", 1);
        doc.putArray("content").addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text").put("text", text);
        jira.asUser("ada.lovelace@example.com", () -> JiraIssues.addComment(jira, issue, doc, jiraBase()));
    }

    private void renameInHubSpot(String name) {
        hubspot.update("deals", deal.id, Map.of("dealname", name));
        changes.add(List.of(new ChangedRecord(hubspotConnectionService.current().orElseThrow().id(), "deals", deal.id)));
    }

    private List<DeadLetters.DeadLetter> letters() {
        return deadLetters.list(itemId, null, 50);
    }

    /** Tries of one piece of work before it is a dead letter: the first, then connector.retry.later-attempts more. */
    private int tries() {
        return props.retry().laterAttempts() + 1;
    }

    /**
     * The tries of a failing call, from the simulator's log: each try is {@code attemptsPerTry} calls (the API call's
     * own retries). Answers the pauses between tries: each must be at least the flow's wait before that try.
     */
    private List<Duration> pausesBetweenTries(List<SandboxCallLog.Call> failing, int attemptsPerTry) {
        List<Duration> pauses = new ArrayList<>();
        for (int end = attemptsPerTry; end < failing.size(); end += attemptsPerTry) {
            Instant lastOfTry = failing.get(end - 1).at();
            Instant firstOfNext = failing.get(end).at();
            pauses.add(Duration.between(lastOfTry, firstOfNext));
        }
        return pauses;
    }

    private void assertBackoff(String kind, List<SandboxCallLog.Call> failing) {
        int perTry = props.retry().attempts();
        assertThat(failing).as(kind + ": every try used the API call's own retries").hasSize(tries() * perTry);
        List<Duration> pauses = pausesBetweenTries(failing, perTry);
        for (int n = 1; n <= pauses.size(); n++) {
            assertThat(pauses.get(n - 1)).as(kind + ": the pause before try " + (n + 1)).isGreaterThanOrEqualTo(props.retry().laterDelay(n));
        }
        assertThat(pauses.get(pauses.size() - 1)).as(kind + ": the waits grow").isGreaterThan(pauses.get(0));
    }

    @Test
    void aJiraEventThatFailsTransientlyIsTriedAgainLaterAndWrittenOnceHubSpotRecovers() {
        faults.failNext("hubspot", 2 * props.retry().attempts(), 503, DEAL_WRITES);
        editAmountInJira(777);
        eventually("the amount in HubSpot", () -> "777".equals(hubspot.record("deals", deal.id).orElseThrow().properties.get("amount")));
        // the event is settled just after its write
        eventually("the event done", () -> "DONE".equals(jdbc.queryForObject("SELECT state FROM webhook_inbox WHERE event_type = 'jira:issue_updated'",
                String.class)));
        assertThat(jdbc.queryForObject("SELECT attempts FROM webhook_inbox WHERE event_type = 'jira:issue_updated'", Integer.class))
                .as("done on its second try").isEqualTo(2);
        assertThat(letters()).isEmpty();
    }

    @Test
    void aJiraEventThatKeepsFailingTransientlyBecomesOneDeadLetterAfterItsTriesEachLaterThanTheLast() {
        faults.failNext("hubspot", 10_000, 503, DEAL_WRITES);
        editAmountInJira(888);
        eventually("the event dead-lettered", () -> !letters().isEmpty());
        List<DeadLetters.DeadLetter> letters = letters();
        assertThat(letters).as("one letter").hasSize(1);
        assertThat(letters.get(0).attempts()).isEqualTo(tries());
        assertThat(letters.get(0).flow()).isEqualTo("jira-inbox");
        assertThat(letters.get(0).errorMessage()).contains("503");
        assertThat(jdbc.queryForObject("SELECT state FROM webhook_inbox WHERE event_type = 'jira:issue_updated'", String.class)).isEqualTo("FAILED");
        assertBackoff("the Jira event", calls.matching("hubspot", "POST", "/crm/objects/2026-03/deals/batch/update$"));
        assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("amount")).isNotEqualTo("888");
    }

    @Test
    void aJiraEventHubSpotRefusesBecomesOneDeadLetterAtOnceWithHubSpotsReason() {
        faults.failNext("hubspot", 10_000, 400, DEAL_WRITES);
        editAmountInJira(999);
        eventually("the event dead-lettered", () -> !letters().isEmpty());
        DeadLetters.DeadLetter letter = letters().get(0);
        assertThat(letters()).hasSize(1);
        assertThat(letter.attempts()).as("not tried again").isEqualTo(1);
        assertThat(letter.errorMessage()).contains("Property values were not valid");
        assertThat(calls.count("hubspot", "POST", "/crm/objects/2026-03/deals/batch/update$")).as("a 400 is not retried").isEqualTo(1);
    }

    @Test
    void aCommentWhoseNoteKeepsFailingBecomesOneDeadLetterAfterItsTries() {
        faults.failNext("hubspot", "POST", 10_000, 503, "/crm/objects/2026-03/notes$");
        commentInJira("Please call the customer back");
        eventually("the comment dead-lettered", () -> !letters().isEmpty());
        assertThat(letters()).hasSize(1);
        assertThat(letters().get(0).attempts()).isEqualTo(tries());
        assertThat(letters().get(0).subject()).contains("COMMENT");
        assertBackoff("the comment", calls.matching("hubspot", "POST", "/crm/objects/2026-03/notes$"));
        assertThat(hubspot.notesOf("deals", deal.id).stream().filter(n -> n.properties.get("hs_note_body").contains("Please call the customer back")))
                .isEmpty();
    }

    @Test
    void aQueuedHubSpotChangeThatFailsTransientlyIsTriedAgainLaterAndWrittenOnceJiraRecovers() {
        faults.failNext("jira", "PUT", props.retry().attempts(), 503, "/rest/api/3/issue/" + issue.key + "$");
        renameInHubSpot("Renamed after an outage");
        eventually("the summary in Jira", () -> "Renamed after an outage".equals(jira.issue(issue.key).orElseThrow().fields.path("summary").asText()));
        assertThat(calls.count("jira", "PUT", "/rest/api/3/issue/" + issue.key + "$")).isEqualTo(props.retry().attempts() + 1);
        eventually("the change settled", () -> changes.waiting() == 0);
        assertThat(letters()).isEmpty();
    }

    @Test
    void aQueuedHubSpotChangeThatKeepsFailingTransientlyBecomesOneDeadLetterAfterItsTriesEachLaterThanTheLast() {
        faults.failNext("jira", "PUT", 10_000, 503, "/rest/api/3/issue/" + issue.key + "$");
        renameInHubSpot("Never reaches Jira");
        eventually("the record dead-lettered", () -> !letters().isEmpty());
        assertThat(letters()).hasSize(1);
        assertThat(letters().get(0).flow()).isEqualTo("hubspot-record");
        assertThat(letters().get(0).attempts()).isEqualTo(tries());
        assertThat(letters().get(0).errorMessage()).contains("503");
        assertBackoff("the HubSpot change", calls.matching("jira", "PUT", "/rest/api/3/issue/" + issue.key + "$"));
        eventually("nothing left queued", () -> changes.waiting() == 0);
    }

    @Test
    void aQueuedHubSpotChangeJiraRefusesBecomesOneDeadLetterAtOnceWithJirasReason() {
        faults.failNext("jira", "PUT", 10_000, 400, "/rest/api/3/issue/" + issue.key + "$");
        renameInHubSpot("Refused by Jira");
        eventually("the record dead-lettered", () -> !letters().isEmpty());
        assertThat(letters()).hasSize(1);
        assertThat(letters().get(0).attempts()).as("not tried again").isEqualTo(1);
        assertThat(letters().get(0).errorMessage()).contains("The value was refused");
        assertThat(calls.count("jira", "PUT", "/rest/api/3/issue/" + issue.key + "$")).as("a 400 is not retried").isEqualTo(1);
        eventually("nothing left queued", () -> changes.waiting() == 0);
    }

    /** A new deal in this stage, polled: its issue is created (with its status step, when the stage needs a move). */
    private HubSpotSandbox.Rec newDealPolled(String name, String stage) {
        HubSpotSandbox.Rec created = hubspot.create("deals", Map.of("dealname", name, "dealstage", stage, "pipeline", "default", "amount", "10"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        return created;
    }

    private JiraSandbox.Issue issueOf(HubSpotSandbox.Rec record) {
        return jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + record.id + "\"")).findFirst().orElseThrow();
    }

    private String statusOf(JiraSandbox.Issue issue) {
        return JiraSandbox.STATUSES.get(jira.issue(issue.key).orElseThrow().statusId).name();
    }

    @Test
    void aJiraStatusChangeWhoseStageWriteFailsIsTriedAgainLaterAndTheStageFollowsOnceHubSpotRecovers() {
        HubSpotSandbox.Rec fresh = newDealPolled("Stage after an outage", "appointmentscheduled");
        JiraSandbox.Issue itsIssue = issueOf(fresh);
        assertThat(statusOf(itsIssue)).isEqualTo("To Do");
        waitForInbox();
        faults.failNext("hubspot", props.retry().attempts(), 503, DEAL_WRITES);
        jira.asUser("ada.lovelace@example.com", () -> {
            JiraIssues.transition(jira, itsIssue, "11"); // To Do -> In Progress
            return null;
        });
        eventually("the stage in HubSpot", () -> "qualifiedtobuy".equals(hubspot.record("deals", fresh.id).orElseThrow().properties.get("dealstage")));
        assertThat(jdbc.queryForObject("SELECT MAX(attempts) FROM webhook_inbox WHERE event_type = 'jira:issue_updated' AND issue_key = ?", Integer.class,
                itsIssue.key)).as("the failed stage write failed its issue's events, which were done on a later try").isGreaterThan(1);
        assertThat(letters()).isEmpty();
    }

    @Test
    void aNewIssuesStatusStepThatFailsIsLeftToTheNextPollAndTheOtherNewIssuesGoOn() {
        faults.failNext("jira", "POST", props.retry().attempts(), 503, "/rest/api/3/issue/[^/]+/transitions$");
        HubSpotSandbox.Rec first = hubspot.create("deals", Map.of("dealname", "Qualified one", "dealstage", "qualifiedtobuy", "pipeline", "default"));
        HubSpotSandbox.Rec second = hubspot.create("deals", Map.of("dealname", "Qualified two", "dealstage", "qualifiedtobuy", "pipeline", "default"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        List<String> statuses = List.of(statusOf(issueOf(first)), statusOf(issueOf(second)));
        assertThat(statuses).as("one issue's move failed; the other still moved").containsExactlyInAnyOrder("To Do", "In Progress");
        assertThat(jdbc.queryForList("SELECT pending_steps FROM record_link WHERE pending_steps IS NOT NULL", String.class))
                .as("the failed creation's steps, from its status on, are left for the next poll; the other creation took all of its steps")
                .singleElement().asString().startsWith("STATUS");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE pending_steps LIKE '%STATUS%' AND claimed_by IS NOT NULL", Integer.class))
                .as("and free for it at once").isZero();
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(statusOf(issueOf(first))).isEqualTo("In Progress");
        assertThat(statusOf(issueOf(second))).isEqualTo("In Progress");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE pending_steps IS NOT NULL", Integer.class)).isZero();
        assertThat(letters()).isEmpty();
    }
}
