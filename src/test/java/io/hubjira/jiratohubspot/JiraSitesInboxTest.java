package io.hubjira.jiratohubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.connection.ConnectionTarget;
import io.hubjira.sandbox.SimulatedJiraSite;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.hubspot.SimulatedPortal;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Jira → HubSpot with two real Jira sites: site X (the application's simulator) and site Y (a second simulator on its
 * own port), each sending its own signed webhooks to its own URL /webhooks/jira/{connectionId}. Item "A to X" links
 * portal A's deals to X's issues, item "B to Y" portal B's deals to Y's; record ids and issue keys and ids collide on
 * purpose. An edit on one site reaches only the record its own item links.
 */
class JiraSitesInboxTest extends SandboxTest {

    static final String X_SECRET = "test-webhook-secret";
    @RegisterExtension
    static final SimulatedJiraSite siteY = SimulatedJiraSite.perTestClass(SimulatedJiraSite.Settings.siteY());

    @Autowired
    ProducerTemplate producer;

    long x;
    long y;
    long aToX;
    long bToY;

    @BeforeEach
    void twoPortalsTwoSites() {
        freshConnectedSandbox();
        x = jiraConnectionService.current().orElseThrow().id();
        hubspotConnectionService.connectToken(ConnectionTarget.added("portal-b"), String.valueOf(HubSpotSandbox.PORTAL_B),
                HubSpotSandbox.PORTAL_B_TOKEN, null);
        y = jiraConnectionService.connect(ConnectionTarget.added("site-y"), siteY.baseUrl(), siteY.settings().connectorEmail(),
                siteY.settings().apiToken()).id();
        jiraConnectionService.setWebhook(y, siteY.settings().webhookSecret(), null);
        aToX = createItem(item("A to X", "hubspot-" + HubSpotSandbox.PORTAL_A, "jira-default"));
        bToY = createItem(item("B to Y", "portal-b", "site-y"));
    }

    @AfterEach
    void webhooksBackToTheOnlySite() {
        siteY.deliverWebhooksTo(null, null);
    }

    /** Deals → SUP tasks, the name owned by both sides; nothing else. */
    private static Map<String, Object> item(String name, String hubspotConnection, String jiraConnection) {
        Map<String, Object> item = demoDealsItem(false, false, false);
        item.put("name", name);
        item.put("mode", "CUSTOM");
        item.put("fieldMappings", List.of(Map.of("hubspotProperty", "dealname", "jiraField", "summary", "owner", "BOTH")));
        item.put("hubspotConnection", hubspotConnection);
        item.put("jiraConnection", jiraConnection);
        return item;
    }

    private static JiraSandbox.Issue issueOf(JiraSandbox site, long portal, long itemId, String dealId) {
        String marker = "hubspot-" + portal + "-item" + itemId + "-deals-" + dealId;
        return site.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("\"" + marker + "\"")).findFirst().orElseThrow();
    }

    private void rename(JiraSandbox site, JiraSandbox.Issue issue, String summary) {
        site.asUser("ada.lovelace@example.com", () -> {
            ObjectNode edit = json.createObjectNode();
            edit.putObject("fields").put("summary", summary);
            JiraIssues.edit(site, issue, edit);
            return null;
        });
    }

    @Test
    void anEditOnEachSiteReachesOnlyTheRecordItsOwnItemLinksThoughKeysAndIdsCollide() {
        SimulatedPortal a = hubspot.portal(HubSpotSandbox.PORTAL_A);
        SimulatedPortal b = hubspot.portal(HubSpotSandbox.PORTAL_B);
        HubSpotSandbox.Rec inA = a.create("deals", Map.of("dealname", "Deal of portal A"));
        HubSpotSandbox.Rec inB = b.create("deals", Map.of("dealname", "Deal of portal B"));
        producer.requestBody("direct:hubspot-poll-item", aToX);
        producer.requestBody("direct:hubspot-poll-item", bToY);
        JiraSandbox.Issue onX = issueOf(jira, HubSpotSandbox.PORTAL_A, aToX, inA.id);
        JiraSandbox.Issue onY = issueOf(siteY.jira(), HubSpotSandbox.PORTAL_B, bToY, inB.id);
        assertThat(inA.id).as("record ids collide").isEqualTo(inB.id);
        assertThat(onY.key).as("issue keys collide").isEqualTo(onX.key);
        assertThat(onY.id).as("issue ids collide").isEqualTo(onX.id);

        webhooks.configure("http://127.0.0.1:" + port + "/webhooks/jira/" + x, X_SECRET);
        webhooks.setEnabled(true);
        siteY.deliverWebhooksTo("http://127.0.0.1:" + port + "/webhooks/jira/" + y, siteY.settings().webhookSecret());

        rename(siteY.jira(), onY, "Renamed on site Y");
        siteY.webhooks().drain();
        eventually("site Y's edit reaches portal B's deal", () -> "Renamed on site Y".equals(b.record("deals", inB.id).orElseThrow().properties.get("dealname")));
        waitForInbox();
        assertThat(a.record("deals", inA.id).orElseThrow().properties.get("dealname")).as("portal A's deal of the same id, linked to X's issue of that key")
                .isEqualTo("Deal of portal A");

        rename(jira, onX, "Renamed on site X");
        waitForInbox();
        eventually("site X's edit reaches portal A's deal", () -> "Renamed on site X".equals(a.record("deals", inA.id).orElseThrow().properties.get("dealname")));
        assertThat(b.record("deals", inB.id).orElseThrow().properties.get("dealname")).isEqualTo("Renamed on site Y");
        assertThat(jdbc.queryForList("SELECT DISTINCT jira_connection_id FROM webhook_inbox WHERE issue_id = ? ORDER BY jira_connection_id", Long.class, onX.id))
                .as("each site's events stored under its own connection").containsExactly(x, y);
        assertThat(siteY.webhooks().deliveries()).isNotEmpty().allSatisfy(d -> assertThat(d.finalStatus()).isEqualTo(202));
    }
}
