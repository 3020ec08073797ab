package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Lost responses on every non-idempotent write: the simulator takes the write, then the connector gets a 5xx or its
 * answer after the read timeout. The write is looked up by its marker before anything is sent again, so each source
 * object ends up with exactly one issue, comment, attachment or note. Jira's search lags behind writes here, as Jira's
 * does (1.5 s: longer than between two polls): the issue a lost bulk create made is not visible at first, and the create
 * is not sent again for that — a later poll finds it by its marker once the search has caught up.
 */
class LostResponseTest extends SandboxTest {

    enum Loss { SERVER_ERROR_AFTER_WRITE, ANSWER_AFTER_READ_TIMEOUT }

    private static final long SEARCH_LAG_MS = 1_500;

    @Autowired
    ProducerTemplate producer;

    @BeforeEach
    void connected() {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
        jira.setSearchLagMillis(SEARCH_LAG_MS);
    }

    private void lose(String api, String method, String pathRegex, Loss loss) {
        if (loss == Loss.SERVER_ERROR_AFTER_WRITE) {
            faults.loseResponses(api, method, pathRegex, 1, api.equals("jira") ? 502 : 500);
        } else {
            // the test profile's read timeout is 2 s
            faults.answerLate(api, method, pathRegex, 1, 2_500);
        }
    }

    private void poll(long itemId) {
        producer.requestBody("direct:hubspot-poll-item", itemId);
        producer.requestBody("direct:hubspot-notes-poll", (Object) null);
    }

    private long item(boolean status, boolean comments, boolean attachments) {
        Map<String, Object> item = demoDealsItem();
        item.put("statusSync", status);
        item.put("commentsSync", comments);
        item.put("attachmentsSync", attachments);
        return createItem(item);
    }

    private List<JiraSandbox.Issue> issuesOf(String dealId) {
        return jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + dealId + "\"")).toList();
    }

    private JiraSandbox.Issue issueOf(String dealId) {
        List<JiraSandbox.Issue> issues = issuesOf(dealId);
        assertThat(issues).as("issues of deal " + dealId).hasSize(1);
        return issues.get(0);
    }

    private List<HubSpotSandbox.Rec> deals() {
        return List.copyOf(hubspot.recordsOf("deals").values());
    }

    private void assertTheLossHappened(String api) {
        assertThat(faults.lostResponsesLeft(api)).as("the lost response was injected").isZero();
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void aLostBulkCreateIsNeverSentAgainAndLeavesOneIssuePerDeal(Loss loss) throws Exception {
        long id = item(false, false, false);
        lose("jira", "POST", "/rest/api/3/issue/bulk$", loss);
        poll(id);
        assertTheLossHappened("jira");
        poll(id);
        if (loss == Loss.SERVER_ERROR_AFTER_WRITE) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'LINKED'", Integer.class, id))
                    .as("the marker is not visible yet: the reservations wait").isZero();
        }
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/bulk")).as("not sent again while search may not show it").isEqualTo(1);
        Thread.sleep(SEARCH_LAG_MS);
        poll(id);
        for (HubSpotSandbox.Rec deal : deals()) {
            issueOf(deal.id);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'LINKED' AND pending_steps IS NULL",
                Integer.class, id)).isEqualTo(deals().size());
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/bulk")).as("the lost create was not sent again").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void aLostIssueLinkNoteBatchLeavesOneNotePerDeal(Loss loss) {
        long id = item(false, false, false);
        lose("hubspot", "POST", "/crm/objects/2026-03/notes/batch/create$", loss);
        poll(id);
        assertTheLossHappened("hubspot");
        for (HubSpotSandbox.Rec deal : deals()) {
            String key = issueOf(deal.id).key;
            assertThat(hubspot.notesOf("deals", deal.id).stream().filter(n -> n.properties.get("hs_note_body").contains("Issue link note (" + key + ")")))
                    .as("link notes of deal " + deal.id).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void aLostCommentForAHubSpotNoteLeavesOneComment(Loss loss) {
        long id = item(false, true, false);
        poll(id);
        HubSpotSandbox.Rec deal = deals().get(2);
        JiraSandbox.Issue issue = issueOf(deal.id);
        int before = issue.comments.size();
        hubspot.addNote("deals", deal.id, "<p>Lost answers must not double this</p>", null, List.of());
        lose("jira", "POST", "/rest/api/3/issue/[^/]+/comment$", loss);
        poll(id);
        poll(id);
        assertTheLossHappened("jira");
        assertThat(issue.comments).hasSize(before + 1);
        assertThat(issue.comments.get(before).toString()).contains("Lost answers must not double this");
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void aLostAttachmentUploadAndALostAttachmentCommentLeaveOneOfEach(Loss loss) {
        long id = item(false, true, true);
        poll(id);
        HubSpotSandbox.Rec deal = deals().get(3);
        JiraSandbox.Issue issue = issueOf(deal.id);
        byte[] bytes = new byte[20_000];
        new Random(3).nextBytes(bytes);
        var file = hubspot.storeFile("plan.bin", bytes, "PRIVATE", "/t");
        hubspot.addNote("deals", deal.id, "<p>the plan</p>", null, List.of(file.id()));
        lose("jira", "POST", "/rest/api/3/issue/[^/]+/attachments$", loss);
        lose("jira", "POST", "/rest/api/3/issue/[^/]+/comment$", loss);
        poll(id);
        poll(id);
        assertTheLossHappened("jira");
        assertThat(issue.attachments).hasSize(1);
        assertThat(issue.attachmentBytes.values().iterator().next()).isEqualTo(bytes);
        assertThat(issue.comments.stream().filter(c -> c.toString().contains("Attachment synced from HubSpot: plan.bin"))).hasSize(1);
        assertThat(issue.comments.stream().filter(c -> c.toString().contains("the plan"))).as("the note itself, once").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void aLostTransitionIsNotTakenTwice(Loss loss) {
        long id = item(true, false, false);
        // a won deal goes To Do → In Progress → Done: a lost first step sent again blindly would be refused or go too far
        hubspot.create("deals", Map.of("dealname", "Two steps", "dealstage", "closedwon", "amount", "10"));
        lose("jira", "POST", "/rest/api/3/issue/[^/]+/transitions$", loss);
        poll(id);
        assertTheLossHappened("jira");
        for (HubSpotSandbox.Rec deal : deals()) {
            JiraSandbox.Issue issue = issueOf(deal.id);
            String expected = jdbc.queryForObject("SELECT field_value FROM synced_value v JOIN record_link l ON l.id = v.link_id "
                    + "WHERE l.record_id = ? AND v.field_key = 'status:jira'", String.class, deal.id);
            assertThat(JiraSandbox.STATUSES.get(issue.statusId).name()).as("status of " + issue.key).isEqualTo(expected);
            long moves = issue.changelog.stream().flatMap(h -> java.util.stream.StreamSupport.stream(h.path("items").spliterator(), false))
                    .filter(item -> "status".equals(item.path("fieldId").asText()) && !item.path("from").isNull()).count();
            assertThat(calls.count("jira", "POST", "/rest/api/3/issue/" + issue.key + "/transitions"))
                    .as("each transition of " + issue.key + " sent once").isEqualTo(moves);
        }
        assertThat(deals().stream().map(d -> JiraSandbox.STATUSES.get(issueOf(d.id).statusId).name())).contains("Done");
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void aLostNoteForAJiraCommentLeavesOneNote(Loss loss) {
        long id = item(false, true, false);
        poll(id);
        HubSpotSandbox.Rec deal = deals().get(1);
        JiraSandbox.Issue issue = issueOf(deal.id);
        webhooks.setEnabled(true);
        lose("hubspot", "POST", "/crm/objects/2026-03/notes$", loss);
        ObjectNode adf = json.createObjectNode().put("type", "doc").put("version", 1);
        adf.putArray("content").addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text").put("text", "Call the customer");
        jira.asUser("ada.lovelace@example.com", () -> JiraIssues.addComment(jira, issue, adf, jiraBase()));
        waitForInbox();
        assertTheLossHappened("hubspot");
        assertThat(hubspot.notesOf("deals", deal.id).stream().filter(n -> n.properties.get("hs_note_body").contains("Call the customer"))).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void aLostUploadOfAJiraAttachmentLeavesOneFileAndOneNote(Loss loss) {
        long id = item(false, false, true);
        poll(id);
        HubSpotSandbox.Rec deal = deals().get(0);
        JiraSandbox.Issue issue = issueOf(deal.id);
        webhooks.setEnabled(true);
        lose("hubspot", "POST", "/files/2026-03/files$", loss);
        lose("hubspot", "POST", "/crm/objects/2026-03/notes$", loss);
        byte[] bytes = new byte[5_000];
        new Random(9).nextBytes(bytes);
        jira.asUser("ada.lovelace@example.com", () -> JiraIssues.addAttachment(jira, issue, "scan.bin", "application/octet-stream", bytes, jiraBase()));
        waitForInbox();
        assertTheLossHappened("hubspot");
        assertThat(hubspot.allFiles().stream().filter(f -> f.name().equals("scan"))).singleElement()
                .satisfies(f -> assertThat(f.bytes()).isEqualTo(bytes));
        assertThat(hubspot.notesOf("deals", deal.id).stream().filter(n -> n.properties.get("hs_note_body").contains("Jira attachment sync note"))).hasSize(1);
    }
}
