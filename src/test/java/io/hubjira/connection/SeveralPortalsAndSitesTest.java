package io.hubjira.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.sandbox.SandboxFaults;
import io.hubjira.sandbox.SimulatedJiraSite;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.hubspot.SimulatedPortal;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two HubSpot portals (A 12345678 in na1, B 87654321 in eu1) and two Jira sites (X, the application's simulator, and
 * Y, a second simulator on its own port) in one connector, with three items crossing them: I1 A→X, I2 A→Y, I3 B→X.
 * Record ids collide across the portals and issue keys across the sites on purpose; nothing may cross.
 */
class SeveralPortalsAndSitesTest extends SandboxTest {

    static final long PORTAL_A = HubSpotSandbox.PORTAL_A;
    static final long PORTAL_B = HubSpotSandbox.PORTAL_B;
    @RegisterExtension
    static final SimulatedJiraSite siteY = SimulatedJiraSite.perTestClass(SimulatedJiraSite.Settings.siteY());

    @Autowired
    ProducerTemplate producer;
    @Autowired
    ConnectionStore connections;
    @Autowired
    CamelContext camel;
    @Autowired
    io.hubjira.hubspottojira.PollPlanner pollPlanner;
    @Autowired
    io.hubjira.sync.LinkLifecycle lifecycle;

    long portalB;
    long y;
    long i1;
    long i2;
    long i3;

    @BeforeEach
    void twoPortalsTwoSitesThreeItems() {
        freshConnectedSandbox();
        portalB = hubspotConnectionService.connectToken(ConnectionTarget.added("portal-b"), String.valueOf(PORTAL_B),
                HubSpotSandbox.PORTAL_B_TOKEN, null).id();
        y = jiraConnectionService.connect(ConnectionTarget.added("site-y"), siteY.baseUrl(), siteY.settings().connectorEmail(),
                siteY.settings().apiToken()).id();
        i1 = createItem(item("A to X", "hubspot-" + PORTAL_A, "jira-default"));
        i2 = createItem(item("A to Y", "hubspot-" + PORTAL_A, "site-y"));
        i3 = createItem(item("B to X", "portal-b", "jira-default"));
    }

    /** Deals → SUP tasks, two-way on the name, one-way on the amount, archived deals labelled; no status, comment or attachment sync. */
    private static Map<String, Object> item(String name, String hubspotConnection, String jiraConnection) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", name);
        item.put("mode", "TWO_WAY");
        item.put("hubspotModule", "CRM");
        item.put("hubspotObject", "deals");
        item.put("jiraProjects", List.of("SUP"));
        item.put("jiraIssueType", "10001");
        item.put("fieldMappings", new ArrayList<>(List.of(
                Map.of("hubspotProperty", "dealname", "jiraField", "summary"),
                Map.of("hubspotProperty", "amount", "jiraField", "customfield_10012"))));
        item.put("autoCreate", true);
        item.put("lifecycle", Map.of("archivedLabel", "hubspot-archived"));
        item.put("hubspotConnection", hubspotConnection);
        item.put("jiraConnection", jiraConnection);
        return item;
    }

    private void poll(long itemId) {
        producer.requestBody("direct:hubspot-poll-item", itemId);
    }

    /** The issue a site holds for a record of a portal under an item: found by the creation marker, which names the portal. */
    private static List<JiraSandbox.Issue> issuesFor(JiraSandbox site, long portal, long itemId, String dealId) {
        String marker = "hubspot-" + portal + "-item" + itemId + "-deals-" + dealId;
        return site.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("\"" + marker + "\"")).toList();
    }

    private static List<JiraSandbox.Issue> issuesOfPortal(JiraSandbox site, long portal) {
        return site.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("\"hubspot-" + portal + "-item")).toList();
    }

    @Test
    void theSameRecordIdInTwoPortalsReachesOnlyItsOwnItemsIssues() {
        SimulatedPortal a = hubspot.portal(PORTAL_A);
        SimulatedPortal b = hubspot.portal(PORTAL_B);
        HubSpotSandbox.Rec inA = a.create("deals", Map.of("dealname", "Deal of portal A", "amount", "100"));
        HubSpotSandbox.Rec inB = b.create("deals", Map.of("dealname", "Deal of portal B", "amount", "200"));
        assertThat(inA.id).as("record ids collide across the portals").isEqualTo(inB.id);

        poll(i1);
        poll(i2);
        poll(i3);

        assertThat(issuesFor(jira, PORTAL_A, i1, inA.id)).singleElement()
                .satisfies(i -> assertThat(i.fields.path("summary").asText()).isEqualTo("Deal of portal A"));
        assertThat(issuesFor(jira, PORTAL_B, i3, inB.id)).singleElement()
                .satisfies(i -> assertThat(i.fields.path("summary").asText()).isEqualTo("Deal of portal B"));
        assertThat(issuesFor(siteY.jira(), PORTAL_A, i2, inA.id)).singleElement()
                .satisfies(i -> assertThat(i.fields.path("summary").asText()).isEqualTo("Deal of portal A"));
        assertThat(issuesOfPortal(siteY.jira(), PORTAL_B)).as("portal B's item syncs with site X only").isEmpty();
        assertThat(issuesOfPortal(jira, PORTAL_A)).as("site X holds portal A's records of I1 only")
                .allSatisfy(i -> assertThat(i.fields.path("labels").toString()).contains("-item" + i1 + "-"));

        String issueOfA = issuesFor(jira, PORTAL_A, i1, inA.id).get(0).key;
        String issueOfB = issuesFor(jira, PORTAL_B, i3, inB.id).get(0).key;
        String issueOnY = issuesFor(siteY.jira(), PORTAL_A, i2, inA.id).get(0).key;
        assertThat(jdbc.queryForList("SELECT issue_key FROM record_link WHERE record_id = ? ORDER BY item_id", String.class, inA.id))
                .containsExactly(issueOfA, issueOnY, issueOfB);

        b.update("deals", inB.id, Map.of("dealname", "Portal B renamed it"));
        poll(i1);
        poll(i2);
        poll(i3);

        assertThat(jira.issue(issueOfB).orElseThrow().fields.path("summary").asText()).isEqualTo("Portal B renamed it");
        assertThat(jira.issue(issueOfA).orElseThrow().fields.path("summary").asText()).as("the same id in portal A is another record")
                .isEqualTo("Deal of portal A");
        assertThat(siteY.jira().issue(issueOnY).orElseThrow().fields.path("summary").asText()).isEqualTo("Deal of portal A");
        assertThat(a.record("deals", inA.id).orElseThrow().properties.get("dealname")).isEqualTo("Deal of portal A");
    }

    @Test
    void anEditOnEachSiteReachesOnlyTheRecordOfItsOwnItemsPortal() {
        HubSpotSandbox.Rec inA = hubspot.portal(PORTAL_A).create("deals", Map.of("dealname", "Deal of portal A", "amount", "100"));
        HubSpotSandbox.Rec inB = hubspot.portal(PORTAL_B).create("deals", Map.of("dealname", "Deal of portal B", "amount", "200"));
        poll(i1);
        poll(i2);
        poll(i3);
        deliverEachSitesWebhooksToItsOwnUrl();
        JiraSandbox.Issue onXForB = issuesFor(jira, PORTAL_B, i3, inB.id).get(0);
        JiraSandbox.Issue onY = issuesFor(siteY.jira(), PORTAL_A, i2, inA.id).get(0);

        rename(jira, onXForB, "Renamed on site X");
        waitForInbox();
        assertThat(hubspot.portal(PORTAL_B).record("deals", inB.id).orElseThrow().properties.get("dealname")).isEqualTo("Renamed on site X");
        assertThat(hubspot.portal(PORTAL_A).record("deals", inA.id).orElseThrow().properties.get("dealname"))
                .as("the same record id in portal A is not I3's").isEqualTo("Deal of portal A");

        rename(siteY.jira(), onY, "Renamed on site Y");
        siteY.webhooks().drain();
        waitForInbox();
        assertThat(hubspot.portal(PORTAL_A).record("deals", inA.id).orElseThrow().properties.get("dealname")).isEqualTo("Renamed on site Y");
        assertThat(hubspot.portal(PORTAL_B).record("deals", inB.id).orElseThrow().properties.get("dealname"))
                .as("site Y's issue is I2's, never I3's").isEqualTo("Renamed on site X");
    }

    @Test
    void anEventQueuedForASiteThenRevokedWaitsUntriedAndIsAppliedOnceTheSiteIsReconnected() throws Exception {
        HubSpotSandbox.Rec inA = hubspot.portal(PORTAL_A).create("deals", Map.of("dealname", "Deal of portal A", "amount", "100"));
        HubSpotSandbox.Rec inB = hubspot.portal(PORTAL_B).create("deals", Map.of("dealname", "Deal of portal B", "amount", "200"));
        poll(i2);
        poll(i3);
        deliverEachSitesWebhooksToItsOwnUrl();
        JiraSandbox.Issue onY = issuesFor(siteY.jira(), PORTAL_A, i2, inA.id).get(0);
        JiraSandbox.Issue onXForB = issuesFor(jira, PORTAL_B, i3, inB.id).get(0);

        withTheInboxStopped(() -> {
            rename(siteY.jira(), onY, "Renamed on Y before the revoke");
            siteY.webhooks().drain();
            eventually("site Y's event stored", () -> openEventsOf(y) == 1);
            assertThat(jiraConnectionService.revoke(y)).isTrue();
        });
        rename(jira, onXForB, "Renamed on X meanwhile");
        webhooks.drain();
        eventually("site X's event applied, so the inbox went on",
                () -> "Renamed on X meanwhile".equals(hubspot.portal(PORTAL_B).record("deals", inB.id).orElseThrow().properties.get("dealname")));

        assertThat(jdbc.queryForList("SELECT state || ':' || CAST(attempts AS VARCHAR(10)) FROM webhook_inbox WHERE jira_connection_id = ?", String.class, y))
                .as("the revoked site's event waits, never tried").containsExactly("NEW:0");
        assertThat(deadLetters()).as("a stopped item is not a failure").isZero();
        assertThat(hubspot.portal(PORTAL_A).record("deals", inA.id).orElseThrow().properties.get("dealname")).isEqualTo("Deal of portal A");

        jiraConnectionService.connect(ConnectionTarget.existing(y), siteY.baseUrl(), siteY.settings().connectorEmail(), siteY.settings().apiToken());
        eventually("the waiting event applied after the reconnect",
                () -> "Renamed on Y before the revoke".equals(hubspot.portal(PORTAL_A).record("deals", inA.id).orElseThrow().properties.get("dealname")));
        assertThat(deadLetters()).isZero();
    }

    @Test
    void anEventOfAnIssueWhosePortalIsRevokedWaitsUntriedAndIsAppliedOnceThePortalIsReconnected() throws Exception {
        HubSpotSandbox.Rec inA = hubspot.portal(PORTAL_A).create("deals", Map.of("dealname", "Deal of portal A", "amount", "100"));
        HubSpotSandbox.Rec inB = hubspot.portal(PORTAL_B).create("deals", Map.of("dealname", "Deal of portal B", "amount", "200"));
        poll(i1);
        poll(i3);
        deliverEachSitesWebhooksToItsOwnUrl();
        JiraSandbox.Issue onXForA = issuesFor(jira, PORTAL_A, i1, inA.id).get(0);
        JiraSandbox.Issue onXForB = issuesFor(jira, PORTAL_B, i3, inB.id).get(0);
        long x = connections.firstJira().orElseThrow().id();

        withTheInboxStopped(() -> {
            rename(jira, onXForB, "Renamed for B before the revoke");
            webhooks.drain();
            eventually("the event stored", () -> openEventsOf(x) == 1);
            assertThat(hubspotConnectionService.revoke(portalB)).isTrue();
        });
        rename(jira, onXForA, "Renamed for A meanwhile");
        webhooks.drain();
        eventually("portal A's event applied, so the inbox went on",
                () -> "Renamed for A meanwhile".equals(hubspot.portal(PORTAL_A).record("deals", inA.id).orElseThrow().properties.get("dealname")));

        assertThat(jdbc.queryForList("SELECT state || ':' || CAST(attempts AS VARCHAR(10)) FROM webhook_inbox WHERE issue_key = ?", String.class, onXForB.key))
                .as("the event for the revoked portal waits, never tried").containsExactly("NEW:0");
        assertThat(deadLetters()).isZero();

        hubspotConnectionService.connectToken(ConnectionTarget.existing(portalB), String.valueOf(PORTAL_B), HubSpotSandbox.PORTAL_B_TOKEN, null);
        eventually("the waiting event applied after the reconnect",
                () -> "Renamed for B before the revoke".equals(hubspot.portal(PORTAL_B).record("deals", inB.id).orElseThrow().properties.get("dealname")));
        assertThat(deadLetters()).isZero();
    }

    @Test
    void aRevokedPortalsItemsAreNeitherPolledNorArchiveCheckedAndTheOtherPortalsItemsAre() {
        HubSpotSandbox.Rec inA = hubspot.portal(PORTAL_A).create("deals", Map.of("dealname", "Deal of portal A", "amount", "100"));
        HubSpotSandbox.Rec inB = hubspot.portal(PORTAL_B).create("deals", Map.of("dealname", "Deal of portal B", "amount", "200"));
        poll(i1);
        poll(i3);
        assertThat(hubspotConnectionService.revoke(portalB)).isTrue();
        hubspot.portal(PORTAL_A).archive("deals", inA.id);
        hubspot.portal(PORTAL_B).archive("deals", inB.id);
        calls.clear();

        assertThat(pollPlanner.itemsToPoll()).as("I3 is stopped, not polled to fail").contains(i1, i2).doesNotContain(i3);
        lifecycle.checkArchived();

        assertThat(issuesFor(jira, PORTAL_A, i1, inA.id).get(0).fields.path("labels").toString()).contains("hubspot-archived");
        assertThat(issuesFor(jira, PORTAL_B, i3, inB.id).get(0).fields.path("labels").toString()).doesNotContain("hubspot-archived");
        assertThat(calls.hubspotCalls(PORTAL_B)).as("nothing asks the revoked portal").isEmpty();
    }

    /** Each site sends to its own URL, signed with its own secret (site X, the first, keeps the setting's). */
    private void deliverEachSitesWebhooksToItsOwnUrl() {
        long x = connections.firstJira().orElseThrow().id();
        webhooks.configure("http://127.0.0.1:" + port + "/webhooks/jira/" + x, "test-webhook-secret");
        webhooks.setEnabled(true);
        jiraConnectionService.setWebhook(y, "site-y-webhook-secret", null);
        siteY.deliverWebhooksTo("http://127.0.0.1:" + port + "/webhooks/jira/" + y, "site-y-webhook-secret");
    }

    private void withTheInboxStopped(Runnable meanwhile) throws Exception {
        camel.getRouteController().stopRoute("jira-inbox");
        try {
            meanwhile.run();
        } finally {
            camel.getRouteController().startRoute("jira-inbox");
        }
    }

    private int openEventsOf(long jiraConnection) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE jira_connection_id = ? AND state = 'NEW'", Integer.class, jiraConnection);
    }

    private int deadLetters() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Integer.class);
    }

    private void rename(JiraSandbox site, JiraSandbox.Issue issue, String summary) {
        site.asUser("ada.lovelace@example.com", () -> {
            var body = json.createObjectNode();
            body.putObject("fields").put("summary", summary);
            io.hubjira.sandbox.jira.JiraIssues.edit(site, issue, body);
            return null;
        });
    }

    @Test
    void everyCallGoesToTheItemsOwnPortalAndSiteWithTheirOwnCredentials() {
        calls.clear();
        siteY.calls().clear();
        poll(i2);

        assertThat(siteY.calls().calls("jira")).as("I2 creates its issues on site Y").isNotEmpty();
        assertThat(calls.matching("jira", "POST", "/rest/api/3/issue/bulk")).as("nothing of I2 reaches site X").isEmpty();
        assertThat(calls.hubspotCalls(PORTAL_B)).as("nothing of I2 reaches portal B").isEmpty();
        assertThat(calls.hubspotCalls(PORTAL_A)).isNotEmpty();

        calls.clear();
        poll(i3);
        assertThat(calls.hubspotCalls(PORTAL_A)).as("I3 reads portal B only").isEmpty();
        assertThat(calls.hubspotCalls(PORTAL_B)).isNotEmpty();
    }

    @Test
    void revokingSiteYStopsOnlyItsItemKeepsItsLinksAndAReconnectResumesIt() {
        HubSpotSandbox.Rec deal = hubspot.portal(PORTAL_A).create("deals", Map.of("dealname", "Before the revoke", "amount", "1"));
        poll(i1);
        poll(i2);
        int linksOfI2 = jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ?", Integer.class, i2);
        assertThat(linksOfI2).isPositive();
        String onY = issuesFor(siteY.jira(), PORTAL_A, i2, deal.id).get(0).key;
        String onX = issuesFor(jira, PORTAL_A, i1, deal.id).get(0).key;

        assertThat(jiraConnectionService.revoke(y)).isTrue();
        siteY.calls().clear();
        hubspot.portal(PORTAL_A).update("deals", deal.id, Map.of("dealname", "After the revoke"));
        poll(i1);
        poll(i2);

        assertThat(jira.issue(onX).orElseThrow().fields.path("summary").asText()).as("I1 keeps syncing").isEqualTo("After the revoke");
        assertThat(siteY.calls().calls("jira")).as("no call reaches the revoked site").isEmpty();
        assertThat(siteY.jira().issue(onY).orElseThrow().fields.path("summary").asText()).isEqualTo("Before the revoke");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ?", Integer.class, i2))
                .as("the revoked site's links are kept").isEqualTo(linksOfI2);
        assertThat(connections.findJira(y).orElseThrow().state()).isEqualTo(ConnectionState.REVOKED);

        jiraConnectionService.connect(ConnectionTarget.existing(y), siteY.baseUrl(), siteY.settings().connectorEmail(), siteY.settings().apiToken());
        poll(i2);
        assertThat(siteY.jira().issue(onY).orElseThrow().fields.path("summary").asText()).as("a reconnect resumes the item on its links")
                .isEqualTo("After the revoke");
        assertThat(issuesFor(siteY.jira(), PORTAL_A, i2, deal.id)).as("no issue was created twice").hasSize(1);
    }

    @Test
    void portalARateLimitedAndFailingDoesNotSlowOrFailPortalB() {
        hubspotLimits.setForPortal(PORTAL_A, 10, 0, 0);
        faults.set(SandboxFaults.hubspotPortal(PORTAL_A), new SandboxFaults.Settings(0.5, "1", 0, 503, 0));
        calls.clear();

        poll(i3);

        assertThat(calls.hubspotCalls(PORTAL_B)).isNotEmpty().allSatisfy(c -> assertThat(c.status()).isLessThan(400));
        assertThat(issuesOfPortal(jira, PORTAL_B)).as("portal B's backfill completed").hasSize(hubspot.portal(PORTAL_B).recordsOf("deals").size());
        assertThat(calls.hubspotCalls(PORTAL_A)).as("nothing of portal B's item reaches portal A").isEmpty();
    }
}
