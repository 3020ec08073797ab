package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.sandbox.SandboxFaults;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** HubSpot → Jira through the real routes against the simulators: auto-create, rules, fields, status, notes, files, faults. */
class PollSyncTest extends SandboxTest {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;
    @Autowired
    io.hubjira.queue.WorkClaims workClaims;

    static volatile boolean crashBeforeSavingLinks;

    @BeforeEach
    void clean() throws Exception {
        resetEverything();
        connectDemoPortalAndSite();
        crashBeforeSavingLinks = false;
        if (camel.getRoute("jira-auto-create").getEndpoint() != null && !Boolean.TRUE.equals(camel.getGlobalOptions().containsKey("crashAdvised"))) {
            AdviceWith.adviceWith(camel, "jira-auto-create", a -> a.weaveById("save-issue-links").before().process(e -> {
                if (crashBeforeSavingLinks) {
                    throw new IllegalStateException("simulated crash between Jira's answer and saving the link");
                }
            }));
            camel.getGlobalOptions().put("crashAdvised", "true");
        }
        webhooks.setEnabled(false);
    }

    /** One scheduled poll's work for the item: its records, then the notes feed. */
    private void poll(long itemId) {
        producer.requestBody("direct:hubspot-poll-item", itemId);
        producer.requestBody("direct:hubspot-notes-poll", (Object) null);
    }

    private List<JiraSandbox.Issue> issuesWithMarker() {
        return jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().matches(".*\"hubspot-" + PORTAL + "-item\\d+-deals-\\d+\".*")).toList();
    }

    private JiraSandbox.Issue issueOf(String dealId) {
        return jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().matches(".*\"hubspot-" + PORTAL + "-item\\d+-deals-" + dealId + "\".*"))
                .findFirst().orElseThrow(() -> new AssertionError("no issue for deal " + dealId));
    }

    private List<HubSpotSandbox.Rec> deals() {
        return new ArrayList<>(hubspot.recordsOf("deals").values());
    }

    private Map<String, Object> ruleGated(boolean createWhenNotMet) {
        Map<String, Object> item = demoDealsItem();
        Map<String, Object> rule = new LinkedHashMap<>(Map.of("property", "dealtype", "operator", "EQUALS", "value", "newbusiness",
                "metStatus", "To Do", "createWhenNotMet", createWhenNotMet));
        if (createWhenNotMet) {
            rule.put("notMetStatus", "In Progress");
        }
        item.put("rule", rule);
        item.put("statusSync", false);
        return item;
    }

    @Test
    void autoCreateHonoursTheRuleGateLinksEveryIssueAndWritesTheIssueLinkNote() {
        long item = createItem(ruleGated(false));
        poll(item);
        long newBusiness = deals().stream().filter(d -> "newbusiness".equals(d.properties.get("dealtype"))).count();
        assertThat(issuesWithMarker()).hasSize((int) newBusiness);
        HubSpotSandbox.Rec deal = deals().stream().filter(d -> "newbusiness".equals(d.properties.get("dealtype"))).findFirst().orElseThrow();
        JiraSandbox.Issue issue = issueOf(deal.id);
        assertThat(issue.fields.path("summary").asText()).isEqualTo(deal.properties.get("dealname"));
        assertThat(issue.fields.path("customfield_10013").path("value").asText()).isEqualTo("New Business");
        assertThat(issue.fields.path("customfield_10012").decimalValue()).isEqualByComparingTo(deal.properties.get("amount"));
        assertThat(JiraSandbox.STATUSES.get(issue.statusId).name()).isEqualTo("To Do");
        assertThat(hubspot.notesOf("deals", deal.id)).anySatisfy(n -> assertThat(n.properties.get("hs_note_body"))
                .contains("[HubSpot Connector for Jira] Issue link note").contains(issue.key));
        long skipped = deals().size() - newBusiness;
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'AUTO_CREATE' AND outcome = 'SKIPPED'", Long.class)).isEqualTo(skipped);
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/bulk")).isEqualTo(1);
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue")).isZero();

        poll(item);
        assertThat(issuesWithMarker()).as("a second run creates nothing twice").hasSize((int) newBusiness);
    }

    @Test
    void withCreateWhenNotMetNonMatchingRecordsStartInTheNotMetStatus() {
        long item = createItem(ruleGated(true));
        poll(item);
        assertThat(issuesWithMarker()).hasSize(deals().size());
        HubSpotSandbox.Rec existing = deals().stream().filter(d -> "existingbusiness".equals(d.properties.get("dealtype"))).findFirst().orElseThrow();
        assertThat(JiraSandbox.STATUSES.get(issueOf(existing.id).statusId).name()).isEqualTo("In Progress");
        HubSpotSandbox.Rec fresh = deals().stream().filter(d -> "newbusiness".equals(d.properties.get("dealtype"))).findFirst().orElseThrow();
        assertThat(JiraSandbox.STATUSES.get(issueOf(fresh.id).statusId).name()).isEqualTo("To Do");
        // the rule flips: the linked issue follows to the met status
        hubspot.update("deals", existing.id, Map.of("dealtype", "newbusiness"));
        poll(item);
        assertThat(JiraSandbox.STATUSES.get(issueOf(existing.id).statusId).name()).isEqualTo("To Do");
    }

    @Test
    void hubSpotOwnedFieldsFollowJiraOwnedFieldsAreNeverWrittenFromHubSpot() {
        Map<String, Object> custom = demoDealsItem();
        custom.put("mode", "CUSTOM");
        custom.put("fieldMappings", List.of(Map.of("hubspotProperty", "dealname", "jiraField", "summary", "owner", "HUBSPOT"),
                Map.of("hubspotProperty", "amount", "jiraField", "customfield_10012", "owner", "JIRA")));
        custom.put("statusSync", false);
        long item = createItem(custom);
        poll(item);
        HubSpotSandbox.Rec deal = deals().get(0);
        JiraSandbox.Issue issue = issueOf(deal.id);
        assertThat(issue.fields.has("customfield_10012")).as("Jira owns amount: not even set at creation").isFalse();
        calls.clear();
        hubspot.update("deals", deal.id, Map.of("dealname", "Renamed in HubSpot", "amount", "999"));
        poll(item);
        assertThat(issue.fields.path("summary").asText()).isEqualTo("Renamed in HubSpot");
        assertThat(issue.fields.has("customfield_10012")).isFalse();
        List<SandboxCallLogView> edits = calls.matching("jira", "PUT", "/rest/api/3/issue/.*").stream()
                .map(c -> new SandboxCallLogView(c.body())).toList();
        assertThat(edits).hasSize(1);
        assertThat(edits.get(0).body()).contains("summary").doesNotContain("customfield_10012");
        calls.clear();
        hubspot.update("deals", deal.id, Map.of("amount", "1000"));
        poll(item);
        assertThat(calls.count("jira", "PUT", "/rest/api/3/issue/.*")).as("nothing HubSpot owns changed").isZero();
    }

    record SandboxCallLogView(String body) {}

    /** The simulated HubSpot keeps timestamps strictly increasing (a millisecond apart under bursts): let the wall clock pass them. */
    private static void sleepPastTheSimulatorsClock() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void statusFollowsTheNewestSideInBothOrdersAndTakesTwoStepsWhenNeeded() {
        Map<String, Object> item = demoDealsItem();
        item.put("statusMapping", Map.of("presentationscheduled", "In Review"));
        long id = createItem(item);
        poll(id);
        HubSpotSandbox.Rec deal = deals().stream().filter(d -> "appointmentscheduled".equals(d.properties.get("dealstage"))).findFirst().orElseThrow();
        JiraSandbox.Issue issue = issueOf(deal.id);
        assertThat(JiraSandbox.STATUSES.get(issue.statusId).name()).isEqualTo("To Do");

        // HubSpot changes last: the issue follows, through In Progress to In Review (reachable only in two steps)
        hubspot.update("deals", deal.id, Map.of("dealstage", "presentationscheduled"));
        poll(id);
        assertThat(JiraSandbox.STATUSES.get(issue.statusId).name()).isEqualTo("In Review");

        // Jira changes last (after an older HubSpot change): HubSpot follows Jira, the issue stays
        hubspot.update("deals", deal.id, Map.of("dealstage", "qualifiedtobuy"));
        sleepPastTheSimulatorsClock();
        jira.asUser("ada.lovelace@example.com", () -> {
            JiraIssues.transition(jira, issue, "51"); // In Review -> Done
            return null;
        });
        poll(id);
        assertThat(JiraSandbox.STATUSES.get(issue.statusId).name()).isEqualTo("Done");
        assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("dealstage")).isEqualTo("closedwon");
    }

    @Test
    void notesBecomeCommentsOnceAndAnEditedNoteUpdatesItsComment() {
        long id = createItem(demoDealsItem());
        poll(id);
        HubSpotSandbox.Rec deal = deals().get(3);
        JiraSandbox.Issue issue = issueOf(deal.id);
        int before = issue.comments.size();
        HubSpotSandbox.Rec note = hubspot.addNote("deals", deal.id, "<p>Customer asked for <strong>SSO</strong>.</p><ul><li>SAML</li><li>OIDC</li></ul>", "502", List.of());
        poll(id);
        poll(id);
        assertThat(issue.comments).hasSize(before + 1);
        JsonNode body = issue.comments.get(issue.comments.size() - 1).path("body");
        assertThat(body.toString()).contains("From HubSpot").contains("Grace Hopper").contains("SSO").contains("bulletList").contains("strong");
        String dealModified = hubspot.record("deals", deal.id).orElseThrow().properties.get("hs_lastmodifieddate");
        hubspot.update("notes", note.id, Map.of("hs_note_body", "<p>Customer asked for SSO and SCIM.</p>"));
        poll(id);
        assertThat(issue.comments).hasSize(before + 1);
        assertThat(issue.comments.get(issue.comments.size() - 1).path("body").toString()).as("the note edit reached Jira").contains("SCIM");
        assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("hs_lastmodifieddate"))
                .as("with no change to the record").isEqualTo(dealModified);
        assertThat(issue.comments.stream().filter(c -> c.toString().contains("Issue link note"))).isEmpty();
    }

    @Test
    void filesOnNotesAreCopiedByteExactAndFilesOver10MbAreSkippedAndRecorded() {
        long id = createItem(demoDealsItem());
        poll(id);
        HubSpotSandbox.Rec deal = deals().get(4);
        JiraSandbox.Issue issue = issueOf(deal.id);
        byte[] binary = new byte[70_000];
        new Random(7).nextBytes(binary);
        binary[0] = 0;
        binary[1] = (byte) 0xFF;
        var small = hubspot.storeFile("diagram.bin", binary, "PRIVATE", "/t");
        var big = hubspot.storeFile("huge.bin", new byte[10 * 1024 * 1024 + 1], "PRIVATE", "/t");
        hubspot.addNote("deals", deal.id, "<p>two files</p>", null, List.of(small.id(), big.id()));
        poll(id);
        poll(id);
        assertThat(issue.attachments).hasSize(1);
        String attachmentId = issue.attachments.get(0).path("id").asText();
        assertThat(issue.attachmentBytes.get(attachmentId)).isEqualTo(binary);
        assertThat(issue.comments.stream().filter(c -> c.toString().contains("Attachment synced from HubSpot: diagram.bin"))).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT reason FROM attachment_link WHERE hubspot_file_id = ?", String.class, big.id()))
                .contains("larger than 10485760 bytes");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'ATTACHMENT_SKIPPED'", Long.class)).isEqualTo(1);
    }

    @Test
    void aRecordThatFailsFirstOnItsPageHoldsBackNeitherThePagesNewIssuesNorTheWatermark() {
        Map<String, Object> item = demoDealsItem();
        item.put("statusSync", false);
        long id = createItem(item);
        poll(id);
        HubSpotSandbox.Rec refused = deals().get(0);
        String refusedKey = issueOf(refused.id).key;
        // first on the next page, which reads the first poll's records again (they lie within its overlap window)
        java.time.Instant earliest = deals().stream().map(d -> d.updatedAt).min(java.util.Comparator.naturalOrder()).orElseThrow();
        hubspot.updateAt("deals", refused.id, Map.of("dealname", "Refused by Jira"), earliest.minusMillis(1));
        HubSpotSandbox.Rec second = hubspot.create("deals", Map.of("dealname", "Created after it", "dealstage", "appointmentscheduled"));
        HubSpotSandbox.Rec third = hubspot.create("deals", Map.of("dealname", "Created last", "dealstage", "appointmentscheduled"));
        faults.failNext("jira", "PUT", 1_000, 400, "/rest/api/3/issue/" + refusedKey + "$");

        producer.requestBody("direct:hubspot-poll-item", id);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE record_id = ?", Integer.class, refused.id))
                .as("the refused record is a dead letter").isEqualTo(1);
        assertThat(issueOf(second.id).fields.path("summary").asText()).as("the page's new issues are created all the same").isEqualTo("Created after it");
        assertThat(issueOf(third.id).fields.path("summary").asText()).isEqualTo("Created last");

        assertThat(jdbc.queryForObject("SELECT last_modified FROM poll_watermark WHERE feed = 'records' AND item_id = ?",
                java.time.OffsetDateTime.class, id).toInstant())
                .as("the watermark moved past the page").isEqualTo(third.updatedAt);
        assertThat(issuesWithMarker()).hasSize(deals().size());
    }

    @Test
    void aPollThatFailsAfterItsFirstRecordWasHandledStillFailsAndGivesItsReservationsBackAtOnce() {
        Map<String, Object> item = demoDealsItem();
        item.put("statusSync", false);
        long id = createItem(item);
        poll(id);
        HubSpotSandbox.Rec refused = deals().get(0);
        java.time.Instant earliest = deals().stream().map(d -> d.updatedAt).min(java.util.Comparator.naturalOrder()).orElseThrow();
        hubspot.updateAt("deals", refused.id, Map.of("dealname", "Refused by Jira"), earliest.minusMillis(1));
        HubSpotSandbox.Rec fresh = hubspot.create("deals", Map.of("dealname", "Never created", "dealstage", "appointmentscheduled"));
        // the page's first record fails and is handled (a dead letter); then the page's bulk create is refused as a whole
        faults.failNext("jira", "PUT", 1_000, 400, "/rest/api/3/issue/" + issueOf(refused.id).key + "$");
        faults.failNext("jira", "POST", 1_000, 400, "/rest/api/3/issue/bulk$");

        producer.requestBody("direct:hubspot-poll-item", id);
        assertThat(jdbc.queryForObject("SELECT outcome FROM poll_run WHERE item_id = ?", String.class, id))
                .as("the poll's failure reached its route configuration (poll-item-failures)").isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE record_id = ? AND claimed_by IS NOT NULL", Integer.class, fresh.id))
                .as("its reservation is free for the next poll at once").isZero();
        assertThat(workClaims.renewAll()).as("nothing this poll claimed is renewed any more").isZero();
    }

    @Test
    void aCrashBetweenJirasAnswerAndSavingTheLinkLeavesOneIssueAfterTheRestart() {
        Map<String, Object> item = demoDealsItem();
        item.put("statusSync", false);
        long id = createItem(item);
        crashBeforeSavingLinks = true;
        poll(id);
        int created = jira.allIssues().size();
        assertThat(issuesWithMarker()).hasSize(deals().size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE state = 'PENDING'", Long.class)).isEqualTo(deals().size());
        crashBeforeSavingLinks = false;
        poll(id); // the "restarted" run finds the reservations and Jira's marker labels
        assertThat(jira.allIssues()).hasSize(created);
        assertThat(issuesWithMarker()).hasSize(deals().size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE state = 'LINKED'", Long.class)).isEqualTo(deals().size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'ISSUE_RECOVERED'", Long.class)).isEqualTo(deals().size());
    }

    @Test
    void aStormOf429sAnd5xxStillSyncsEveryRecordExactlyOnce() {
        Map<String, Object> item = demoDealsItem();
        item.put("statusSync", false);
        long id = createItem(item);
        faults.set("hubspot", new SandboxFaults.Settings(0.25, "1", 0.15, 503, 0));
        faults.set("jira", new SandboxFaults.Settings(0.25, "1", 0.15, 502, 0));
        poll(id);
        faults.resetAll();
        // a bulk create answered 502 may have taken effect: it is sent again only after its markers stayed absent from
        // Jira's search longer than search-consistency (2 s here), so the later polls finish what the storm left
        eventually("every deal to have its issue", () -> {
            poll(id);
            return issuesWithMarker().size() >= deals().size();
        });
        assertThat(issuesWithMarker()).hasSize(deals().size());
        assertThat(issuesWithMarker().stream().map(i -> i.fields.path("summary").asText()).distinct()).hasSize(deals().size());
        assertThat(calls.calls(null).stream().filter(c -> c.status() == 429 || c.status() >= 500)).isNotEmpty();
    }

    @Test
    void newNotesAreFoundByTheirOwnTimeWithOneNotesSearchAndOneAssociationReadNotOnePairPerRecord() {
        long id = createItem(demoDealsItem());
        poll(id);
        Map<String, String> modified = new LinkedHashMap<>();
        for (HubSpotSandbox.Rec d : deals()) {
            modified.put(d.id, d.properties.get("hs_lastmodifieddate"));
            hubspot.addNote("deals", d.id, "<p>Follow-up for " + d.id + "</p>", null, List.of());
        }
        calls.clear();
        poll(id);
        assertThat(calls.count("hubspot", "POST", "/crm/objects/2026-03/notes/search")).isEqualTo(1);
        assertThat(calls.count("hubspot", "POST", "/crm/associations/2026-03/notes/deals/batch/read")).isEqualTo(1);
        assertThat(calls.count("hubspot", "GET", "/crm/objects/2026-03/deals/\\d+/associations/notes")).isZero();
        assertThat(calls.count("hubspot", "POST", "/crm/objects/2026-03/deals/batch/read")).as("the records are not read for their notes").isZero();
        for (HubSpotSandbox.Rec d : deals()) {
            assertThat(issueOf(d.id).comments.stream().filter(c -> c.toString().contains("Follow-up for " + d.id))).hasSize(1);
            assertThat(d.properties.get("hs_lastmodifieddate")).as("no record changed").isEqualTo(modified.get(d.id));
        }
        poll(id);
        for (HubSpotSandbox.Rec d : deals()) {
            assertThat(issueOf(d.id).comments.stream().filter(c -> c.toString().contains("Follow-up for " + d.id))).as("once").hasSize(1);
        }
    }

    @Test
    void theAdminRunsTheScheduledPollNowThroughTheClusteredJob() {
        long id = createItem(demoDealsItem());
        Answer started = call("POST", "/api/poll", null);
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        assertThat(started.body().path("status").asText()).isEqualTo("started");
        eventually("the poll to link every deal", () -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'LINKED'", Integer.class, id) == deals().size());
        eventually("the run to be audited", () -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_event WHERE item_id = ? AND action = 'POLL' AND outcome = 'OK'", Integer.class, id) == 1);
        assertThat(issuesWithMarker()).hasSize(deals().size());
    }

    @Test
    void aPollWithNothingChangedSpendsOneRecordSearchAndOneNotesSearchAndNoJiraCalls() {
        long id = createItem(demoDealsItem());
        poll(id);
        calls.clear();
        poll(id);
        assertThat(calls.calls("hubspot")).extracting(c -> c.method() + " " + c.path())
                .containsExactly("POST /crm/objects/2026-03/deals/search", "POST /crm/objects/2026-03/notes/search");
        assertThat(calls.calls("jira")).isEmpty();
        HubSpotSandbox.Rec touched = deals().get(0);
        hubspot.update("deals", touched.id, Map.of("description", "touched again"));
        calls.clear();
        poll(id);
        assertThat(calls.matching("hubspot", "POST", ".*/associations/.*")).as("a record change does not read its notes").isEmpty();
    }

    @Test
    void aRecordJiraRefusesIsDeadLetteredAtOnceTheOthersGoOnAndItCanBeReplayed() {
        Map<String, Object> item = demoDealsItem();
        item.put("statusSync", false);
        long id = createItem(item);
        poll(id);
        List<HubSpotSandbox.Rec> all = deals();
        HubSpotSandbox.Rec failing = all.get(0);
        HubSpotSandbox.Rec fine = all.get(1);
        hubspot.update("deals", failing.id, Map.of("dealname", "Will be refused"));
        hubspot.update("deals", fine.id, Map.of("dealname", "Goes through"));
        String failingKey = issueOf(failing.id).key;
        faults.failNext("jira", 1, 400, "/rest/api/3/issue/" + failingKey + "$");
        poll(id);
        assertThat(issueOf(fine.id).fields.path("summary").asText()).isEqualTo("Goes through");
        assertThat(issueOf(failing.id).fields.path("summary").asText()).isNotEqualTo("Will be refused");
        assertThat(calls.matching("jira", "PUT", "/rest/api/3/issue/" + failingKey)).as("a permanent failure is not tried again").hasSize(1);
        Answer letters = call("GET", "/api/dead-letters?itemId=" + id, null);
        assertThat(letters.body().size()).isEqualTo(1);
        assertThat(letters.body().path(0).path("recordId").asText()).isEqualTo(failing.id);
        assertThat(letters.body().path(0).path("payload").asText()).contains("Will be refused");
        assertThat(letters.body().path(0).path("attempts").asInt()).isEqualTo(1);
        Answer replayed = call("POST", "/api/dead-letters/" + letters.body().path(0).path("id").asLong() + "/replay", null);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body().path("outcome").asText()).isEqualTo("issue " + failingKey);
        assertThat(issueOf(failing.id).fields.path("summary").asText()).isEqualTo("Will be refused");
    }

    @Test
    void aRecordThatFailsTransientlyPastItsCallRetriesIsTriedAgainLaterAndGoesThrough() {
        Map<String, Object> item = demoDealsItem();
        item.put("statusSync", false);
        long id = createItem(item);
        poll(id);
        HubSpotSandbox.Rec deal = deals().get(2);
        hubspot.update("deals", deal.id, Map.of("dealname", "Jira is down for a moment"));
        String key = issueOf(deal.id).key;
        // more 503s than one call's tries (connector.retry.attempts, 6): the record is queued to be tried again later
        faults.failNext("jira", "PUT", 7, 503, "/rest/api/3/issue/" + key + "$");
        poll(id);
        eventually("the later try to go through", () -> "Jira is down for a moment".equals(issueOf(deal.id).fields.path("summary").asText()));
        assertThat(call("GET", "/api/dead-letters?itemId=" + id, null).body().size()).as("no dead letter").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'RECORD_SYNC' AND detail LIKE 'failed transiently, tried again later%'",
                Integer.class)).isEqualTo(1);
        assertThat(calls.matching("jira", "PUT", "/rest/api/3/issue/" + key)).as("six tries of the call, then the later try").hasSizeGreaterThan(6);
    }

    @Test
    void aRecordJiraRefusesToCreateIsDeadLetteredWithJirasReasonAndReplayCreatesItOnceFixed() {
        long id = createItem(demoDealsItem());
        // a name too long for a summary is cut, not refused; a deal without a name gives Jira no summary at all
        HubSpotSandbox.Rec nameless = hubspot.create("deals", Map.of("amount", "10", "dealtype", "newbusiness", "dealstage", "appointmentscheduled"));
        poll(id);
        assertThat(issuesWithMarker()).as("the other deals were created").hasSize(deals().size() - 1);
        Answer letters = call("GET", "/api/dead-letters?itemId=" + id, null);
        assertThat(letters.body().size()).isEqualTo(1);
        assertThat(letters.body().path(0).path("flow").asText()).isEqualTo("jira-auto-create");
        assertThat(letters.body().path(0).path("recordId").asText()).isEqualTo(nameless.id);
        assertThat(letters.body().path(0).path("errorMessage").asText()).contains("You must specify a summary of the issue.");

        hubspot.update("deals", nameless.id, Map.of("dealname", "A name Jira takes"));
        Answer replayed = call("POST", "/api/dead-letters/" + letters.body().path(0).path("id").asLong() + "/replay", null);
        assertThat(replayed.status()).as(replayed.text()).isEqualTo(200);
        String key = issueOf(nameless.id).key;
        assertThat(replayed.body().path("outcome").asText()).isEqualTo("issue " + key);
        assertThat(issueOf(nameless.id).fields.path("summary").asText()).isEqualTo("A name Jira takes");
        assertThat(issuesWithMarker()).hasSize(deals().size());
        assertThat(call("GET", "/api/dead-letters?itemId=" + id, null).body().size()).as("no open dead letters").isZero();
    }

    @Test
    void moreThanTenThousandRecordsSharingOneTimestampAreAllPolledAndThePollEnds() {
        Map<String, Object> item = demoDealsItem();
        item.put("autoCreate", false);
        item.put("statusSync", false);
        item.put("commentsSync", false);
        item.put("attachmentsSync", false);
        long id = createItem(item);
        java.time.Instant shared = java.time.Instant.parse("2026-11-24T08:00:00Z");
        hubspot.bulkCreate("deals", 10_050, shared, Map.of("dealname", "Shared timestamp {n}"));
        poll(id);
        Long versions = jdbc.queryForObject("SELECT COUNT(*) FROM camel_messageprocessed", Long.class);
        assertThat(versions).isEqualTo(10_050 + 12);
        assertThat(jdbc.queryForObject("SELECT last_modified FROM poll_watermark WHERE feed = 'records' AND item_id = ?",
                java.time.OffsetDateTime.class, id).toInstant())
                .isAfter(shared);
        assertThat(calls.matching("hubspot", "POST", "/crm/objects/2026-03/deals/search")).allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
    }
}
