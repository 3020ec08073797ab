package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubjira.connection.ConnectionTarget;
import io.hubjira.intake.HubSpotWebhookIntake;
import io.hubjira.sandbox.SandboxFaults;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.hubspot.SimulatedPortal;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * HubSpot webhooks of several portals on the one URL /webhooks/hubspot, over real HTTP from the simulated portals: each
 * event goes by its portalId to the connections of that portal whose app secret signed the delivery, and only items
 * bound to that connection sync it; the same record id in another portal is never touched. An event of a portal the
 * connector does not take is answered 200 (HubSpot would retry for a day), counted and not queued.
 */
class HubSpotPortalWebhooksTest extends SandboxTest {

    /** Portal A's app (the first connection's secret: HUBSPOT_WEBHOOK_SECRET). */
    static final String A_SECRET = "test-hubspot-client-secret";
    /** Portal B's own private app. */
    static final String B_SECRET = "portal-b-app-secret";
    static final long B = HubSpotSandbox.PORTAL_B;

    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;
    @Autowired
    MeterRegistry meters;

    long portalA;
    long portalB;
    long itemA;
    SimulatedPortal b;

    @BeforeEach
    void twoPortals() {
        resetEverything();
        webhooks.setEnabled(false);
        connectDemoPortalAndSite();
        portalA = hubspotConnectionService.current().orElseThrow().id();
        itemA = createItem(demoDealsItem());
        portalB = hubspotConnectionService.connectToken(ConnectionTarget.added("portal-b"), String.valueOf(B), HubSpotSandbox.PORTAL_B_TOKEN,
                "PROJECT_APP").id();
        hubspotConnectionService.setWebhook(portalB, B_SECRET, null);
        b = hubspot.portal(B);
    }

    @AfterEach
    void changesRunAgain() throws Exception {
        camel.getRouteController().startRoute("hubspot-changes");
        hubspotWebhooks.clearTargets();
    }

    private String url() {
        return "http://127.0.0.1:" + port + "/webhooks/hubspot";
    }

    private double unrouted(String reason) {
        Counter counter = meters.find(HubSpotWebhookIntake.UNROUTED_METRIC).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> queued() {
        return jdbc.queryForList("SELECT hubspot_connection_id || ':' || record_id FROM hubspot_change ORDER BY hubspot_connection_id", String.class);
    }

    @Test
    void anEventOfAPortalTheConnectorDoesNotKnowIsAnswered200CountedAndNotQueued() throws Exception {
        camel.getRouteController().stopRoute("hubspot-changes");
        String deal = hubspot.recordsOf("deals").keySet().iterator().next();
        double before = unrouted("unknown");

        int status = hubspotWebhooks.deliverNow(url(), A_SECRET, List.of(hubspotWebhooks.propertyChange(99_999_999L, "deals", deal, "dealname", "x")));

        assertThat(status).as("answered, so HubSpot does not deliver it again for a day").isEqualTo(200);
        assertThat(unrouted("unknown") - before).isEqualTo(1.0);
        assertThat(queued()).isEmpty();
        assertThat(hubspotWebhooks.deliverNow(url(), "not-any-apps-secret", List.of(hubspotWebhooks.propertyChange(99_999_999L, "deals", deal,
                "dealname", "x")))).as("unsigned by any connected app: refused, not counted").isEqualTo(401);
        assertThat(unrouted("unknown") - before).isEqualTo(1.0);
    }

    @Test
    void aDeliveryNamingPortalBQueuesOnlyForItsConnectionAndOnlyWithItsAppsSecret() throws Exception {
        createItem(itemOfPortalB());
        camel.getRouteController().stopRoute("hubspot-changes");
        String deal = hubspot.recordsOf("deals").keySet().iterator().next();
        assertThat(b.record("deals", deal)).as("the same record id exists in both portals").isPresent();
        double otherApp = unrouted("other_app");

        int status = hubspotWebhooks.deliverNow(url(), B_SECRET, List.of(hubspotWebhooks.propertyChange(HubSpotSandbox.PORTAL_A, "deals", deal,
                "dealname", "claims to be A"), hubspotWebhooks.propertyChange(B, "deals", deal, "dealname", "B's change")));
        assertThat(status).isEqualTo(200);
        assertThat(queued()).as("B's event under B's connection; the event naming A, signed by B's app, nowhere")
                .containsExactly(portalB + ":" + deal);
        assertThat(unrouted("other_app") - otherApp).isEqualTo(1.0);

        jdbc.update("DELETE FROM hubspot_change");
        assertThat(hubspotWebhooks.deliverNow(url(), A_SECRET, List.of(hubspotWebhooks.propertyChange(B, "deals", deal, "dealname", "x"))))
                .isEqualTo(200);
        assertThat(queued()).as("A's app cannot speak for portal B").isEmpty();

        // one public app installed in both portals: one delivery, each event to its own portal's connection
        hubspotConnectionService.setWebhook(portalB, A_SECRET, null);
        hubspotWebhooks.deliverNow(url(), A_SECRET, List.of(hubspotWebhooks.propertyChange(HubSpotSandbox.PORTAL_A, "deals", deal, "dealname", "a"),
                hubspotWebhooks.propertyChange(B, "deals", deal, "dealname", "b")));
        assertThat(queued()).containsExactly(portalA + ":" + deal, portalB + ":" + deal);

        jdbc.update("DELETE FROM hubspot_change");
        double revoked = unrouted("revoked");
        hubspotConnectionService.revoke(portalB);
        assertThat(hubspotWebhooks.deliverNow(url(), A_SECRET, List.of(hubspotWebhooks.propertyChange(B, "deals", deal, "dealname", "b"))))
                .isEqualTo(200);
        assertThat(queued()).isEmpty();
        assertThat(unrouted("revoked") - revoked).isEqualTo(1.0);
    }

    @Test
    void aChangeInPortalBReachesPortalBsItemAndNeverTheRecordOfTheSameIdInPortalA() {
        producer.requestBody("direct:hubspot-poll-item", itemA);
        String deal = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, itemA);
        JiraSandbox.Issue ofA = issueOf(HubSpotSandbox.PORTAL_A, deal).orElseThrow();
        String summaryOfA = ofA.fields.path("summary").asText();
        long itemB = createItem(itemOfPortalB());
        b.update("deals", deal, Map.of("dealname", "Renamed in portal B"));

        assertThat(hubspotWebhooks.deliverNow(url(), B_SECRET, List.of(hubspotWebhooks.propertyChange(B, "deals", deal, "dealname",
                "Renamed in portal B")))).isEqualTo(200);

        eventually("portal B's item creates the issue of B's record", () -> issueOf(B, deal).isPresent());
        assertThat(issueOf(B, deal).orElseThrow().fields.path("summary").asText()).isEqualTo("Renamed in portal B");
        assertThat(jdbc.queryForObject("SELECT item_id FROM record_link WHERE record_id = ? AND item_id <> ?", Long.class, deal, itemA)).isEqualTo(itemB);
        assertThat(jira.issue(ofA.key).orElseThrow().fields.path("summary").asText()).as("portal A's record of the same id is untouched")
                .isEqualTo(summaryOfA);
    }

    @Test
    void aPortalWhoseReadsKeepFailingLeavesTheOtherPortalsChangeSyncedAtOnce() {
        producer.requestBody("direct:hubspot-poll-item", itemA);
        String deal = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, itemA);
        JiraSandbox.Issue ofA = issueOf(HubSpotSandbox.PORTAL_A, deal).orElseThrow();
        createItem(itemOfPortalB());
        hubspotConnectionService.setWebhook(portalB, A_SECRET, null);
        faults.failNext(SandboxFaults.hubspotPortal(B), "POST", 10_000, 500, "/crm/objects/2026-03/deals/batch/read");
        hubspot.portal(HubSpotSandbox.PORTAL_A).update("deals", deal, Map.of("dealname", "Renamed in portal A"));
        b.update("deals", deal, Map.of("dealname", "Renamed in portal B"));

        assertThat(hubspotWebhooks.deliverNow(url(), A_SECRET, List.of(
                hubspotWebhooks.propertyChange(HubSpotSandbox.PORTAL_A, "deals", deal, "dealname", "Renamed in portal A"),
                hubspotWebhooks.propertyChange(B, "deals", deal, "dealname", "Renamed in portal B")))).isEqualTo(200);

        eventually("portal A's change in Jira, not held back by portal B's failing reads",
                () -> "Renamed in portal A".equals(jira.issue(ofA.key).orElseThrow().fields.path("summary").asText()));
        eventually("portal B's change waiting for a later round",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change WHERE hubspot_connection_id = ? AND attempts > 0", Integer.class, portalB) == 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change WHERE hubspot_connection_id = ?", Integer.class, portalA))
                .as("portal A's row is done").isZero();
        assertThat(issueOf(B, deal)).as("nothing created for B while its reads fail").isEmpty();
    }

    /** The demo deals item, bound to portal B's connection. */
    private Map<String, Object> itemOfPortalB() {
        Map<String, Object> item = demoDealsItem(false, false, false);
        item.put("name", "Deals of portal B");
        item.put("hubspotConnection", "portal-b");
        return item;
    }

    private Optional<JiraSandbox.Issue> issueOf(long portal, String dealId) {
        return jira.allIssues().stream()
                .filter(i -> i.fields.path("labels").toString().matches(".*\"hubspot-" + portal + "-item\\d+-deals-" + dealId + "\".*")).findFirst();
    }
}
