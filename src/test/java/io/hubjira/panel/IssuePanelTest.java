package io.hubjira.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The issue-panel API against the simulators: every state, link/search/refresh/unlink and associated records. */
class IssuePanelTest extends SandboxTest {

    @Autowired
    ProducerTemplate producer;

    @BeforeEach
    void clean() {
        resetEverything();
        webhooks.setEnabled(false);
    }

    private long displayOnly() {
        return createItem(Map.of("name", "Deal preview", "mode", "DISPLAY_ONLY", "hubspotModule", "CRM", "hubspotObject", "deals",
                "jiraProjects", List.of("SUP", "ENG"), "displayFields", List.of("dealname", "amount", "dealtype"), "associatedRecords", true));
    }

    private long synced() {
        Map<String, Object> item = demoDealsItem();
        item.put("autoCreate", false);
        return createItem(item);
    }

    private HubSpotSandbox.Rec deal(String namePart) {
        return hubspot.recordsOf("deals").values().stream().filter(d -> d.properties.get("dealname").contains(namePart)).findFirst().orElseThrow();
    }

    private JsonNode card(String issueKey, long itemId) {
        for (JsonNode c : call("GET", "/api/panel/" + issueKey, null).body().path("cards")) {
            if (c.path("itemId").asLong() == itemId) {
                return c;
            }
        }
        throw new AssertionError("no card for item " + itemId);
    }

    @Test
    void thePanelSaysWhenTheConnectionIsMissingAndWhenNoItemAppliesToTheProject() {
        Answer none = call("GET", "/api/panel/SUP-1", null);
        assertThat(none.body().path("state").asText()).isEqualTo("NOT_CONFIGURED");
        assertThat(none.body().path("message").asText()).isEqualTo("HubSpot connection not configured");
        connectDemoPortalAndSite();
        Answer noItems = call("GET", "/api/panel/ENG-1", null);
        assertThat(noItems.body().path("state").asText()).isEqualTo("NO_ITEMS");
        assertThat(noItems.body().path("message").asText()).isEqualTo("No Smart Connected Item applies to this issue's project and issue type.");
        assertThat(noItems.text()).as("nothing of an issue the panel has no business with").doesNotContain("Rate-limit dashboards")
                .doesNotContain("\"summary\"");
        assertThat(call("GET", "/api/panel/NOPE-9", null).status()).isEqualTo(404);
    }

    @Test
    void oneCardPerApplicableItemWithALinkActionUntilARecordIsLinked() {
        connectDemoPortalAndSite();
        long display = displayOnly();
        long sync = synced();
        JsonNode panel = call("GET", "/api/panel/SUP-1", null).body();
        assertThat(panel.path("state").asText()).isEqualTo("READY");
        assertThat(panel.path("cards").size()).isEqualTo(2);
        JsonNode syncCard = card("SUP-1", sync);
        assertThat(syncCard.path("module").asText()).isEqualTo("HubSpot CRM");
        assertThat(syncCard.path("object").asText()).isEqualTo("Deals");
        assertThat(syncCard.path("mode").asText()).isEqualTo("TWO_WAY");
        assertThat(syncCard.path("statusSync").asBoolean()).isTrue();
        assertThat(syncCard.path("actions").toString()).isEqualTo("[\"LINK\"]");
        assertThat(card("ENG-1", display).path("statusSync").asBoolean()).isFalse();
        assertThat(call("GET", "/api/panel/ENG-1", null).body().path("cards").size()).as("the synchronized item targets SUP only").isEqualTo(1);
    }

    @Test
    void linkingARecordShowsItsPreviewWritesTheIssueLinkNoteAndRefusesConflicts() {
        connectDemoPortalAndSite();
        long sync = synced();
        HubSpotSandbox.Rec acme = deal("Acme Corp — Platform licence 1");
        assertThat(call("POST", "/api/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", "99999999")).status()).isEqualTo(404);
        assertThat(call("POST", "/api/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", "abc")).status()).isEqualTo(400);
        Answer linked = call("POST", "/api/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", acme.id));
        assertThat(linked.status()).as(linked.text()).isEqualTo(200);
        assertThat(linked.body().path("linkType").asText()).isEqualTo("MANUAL");
        assertThat(linked.body().path("openUrl").asText()).isEqualTo("https://app.hubspot.com/contacts/12345678/record/0-3/" + acme.id);
        assertThat(linked.body().path("preview").toString()).contains("\"label\":\"Deal Name\"").contains(acme.properties.get("dealname"))
                .contains("\"label\":\"Deal Type\"");
        assertThat(hubspot.notesOf("deals", acme.id)).anySatisfy(n -> assertThat(n.properties.get("hs_note_body"))
                .contains("[HubSpot Connector for Jira] Issue link note").contains("SUP-1"));
        JsonNode card = card("SUP-1", sync);
        assertThat(card.path("actions").toString()).isEqualTo("[\"OPEN\",\"REFRESH\",\"UNLINK\"]");
        HubSpotSandbox.Rec other = deal("Globex");
        Answer second = call("POST", "/api/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", other.id));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().path("detail").asText()).contains("already linked to deals record " + acme.id);
        Answer elsewhere = call("POST", "/api/panel/SUP-2/items/" + sync + "/link", Map.of("recordId", acme.id));
        assertThat(elsewhere.status()).isEqualTo(409);
        assertThat(elsewhere.body().path("detail").asText()).contains("already linked to SUP-1");
    }

    @Test
    void searchFindsRecordsByNameOrTitleAPageAtATimeAndNothingWithoutAText() {
        connectDemoPortalAndSite();
        long sync = synced();
        Answer page = call("GET", "/api/panel/SUP-1/items/" + sync + "/search?q=licence", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("total").asInt()).isEqualTo(6);
        assertThat(page.body().path("results").size()).isEqualTo(6);
        page.body().path("results").forEach(r -> assertThat(r.path("title").asText()).contains("licence"));
        Answer none = call("GET", "/api/panel/SUP-1/items/" + sync + "/search?q=", null);
        assertThat(none.body().path("results").size()).as("never the whole portal").isZero();
        assertThat(call("GET", "/api/panel/SUP-1/items/" + sync + "/search?q=%20%20", null).body().path("results").size()).isZero();
        for (int i = 0; i < 12; i++) {
            hubspot.create("deals", Map.of("dealname", "Zephyrine renewal " + i, "dealtype", "newbusiness"));
        }
        Answer all = call("GET", "/api/panel/SUP-1/items/" + sync + "/search?q=zephyrine", null);
        assertThat(all.body().path("results").size()).isEqualTo(10);
        String after = all.body().path("after").asText();
        Answer next = call("GET", "/api/panel/SUP-1/items/" + sync + "/search?q=zephyrine&after=" + after, null);
        assertThat(next.body().path("results").size()).isEqualTo(2);
        Set<String> ids = new HashSet<>();
        all.body().path("results").forEach(r -> ids.add(r.path("recordId").asText()));
        next.body().path("results").forEach(r -> assertThat(ids.add(r.path("recordId").asText())).isTrue());
    }

    @Test
    void refreshPullsTheRecordIntoJiraNowAndUnlinkWorksOnlyForManualLinks() {
        connectDemoPortalAndSite();
        long sync = synced();
        HubSpotSandbox.Rec acme = deal("Acme Corp — Platform licence 1");
        call("POST", "/api/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", acme.id));
        hubspot.update("deals", acme.id, Map.of("dealname", "Acme renewal (edited)"));
        Answer refreshed = call("POST", "/api/panel/SUP-1/items/" + sync + "/refresh", null);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.body().path("preview").toString()).contains("Acme renewal (edited)");
        JiraSandbox.Issue sup1 = jira.issue("SUP-1").orElseThrow();
        assertThat(sup1.fields.path("summary").asText()).isEqualTo("Acme renewal (edited)");
        assertThat(call("DELETE", "/api/panel/SUP-1/items/" + sync + "/link", null).status()).isEqualTo(204);
        assertThat(card("SUP-1", sync).path("link").isNull()).isTrue();

        Map<String, Object> auto = demoDealsItem();
        auto.put("name", "Auto deals");
        auto.put("jiraProjects", List.of("ENG"));
        long autoItem = createItem(auto);
        producer.requestBody("direct:hubspot-poll-item", autoItem);
        String autoKey = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, autoItem);
        JsonNode autoCard = card(autoKey, autoItem);
        assertThat(autoCard.path("link").path("linkType").asText()).isEqualTo("AUTO");
        assertThat(autoCard.path("link").path("explanation").asText()).contains("read-only");
        assertThat(autoCard.path("actions").toString()).doesNotContain("UNLINK");
        assertThat(call("DELETE", "/api/panel/" + autoKey + "/items/" + autoItem + "/link", null).status()).isEqualTo(409);
        assertThat(call("POST", "/api/panel/" + autoKey + "/items/" + autoItem + "/refresh", null).status()).isEqualTo(200);
    }

    @Test
    void associatedRecordsAreGroupedByTypeWithBatchedReadsAndUnreadableTypesShownAsSuch() {
        String noTickets = "pat-na1-00000000-0000-4000-8000-0000000000d4";
        Set<String> scopes = new HashSet<>(HubSpotSandbox.allScopes());
        scopes.remove("tickets");
        hubspot.registerPrivateAppToken(noTickets, PORTAL, 45, scopes);
        call("PUT", "/api/connections/hubspot", Map.of("portalId", "12345678", "token", noTickets));
        call("PUT", "/api/connections/jira", Map.of("baseUrl", jiraBase(), "email", "connector@example.com", "apiToken", "sandbox-jira-token"));
        long display = displayOnly();
        HubSpotSandbox.Rec acme = deal("Acme Corp — Platform licence 1");
        assertThat(call("POST", "/api/panel/SUP-3/items/" + display + "/link", Map.of("recordId", acme.id)).status()).isEqualTo(200);
        assertThat(hubspot.notesOf("deals", acme.id).stream().filter(n -> n.properties.get("hs_note_body").contains("Issue link note")))
                .as("display-only items never write to HubSpot").isEmpty();
        calls.clear();
        Answer groups = call("GET", "/api/panel/SUP-3/items/" + display + "/associated", null);
        assertThat(groups.status()).isEqualTo(200);
        JsonNode contacts = null;
        JsonNode tickets = null;
        for (JsonNode g : groups.body()) {
            if (g.path("objectType").asText().equals("contacts")) contacts = g;
            if (g.path("objectType").asText().equals("tickets")) tickets = g;
        }
        assertThat(contacts.path("readable").asBoolean()).isTrue();
        assertThat(contacts.path("records").size()).isEqualTo(1);
        assertThat(contacts.path("records").path(0).path("openUrl").asText()).contains("/record/0-1/");
        assertThat(tickets.path("readable").asBoolean()).isFalse();
        assertThat(tickets.path("problem").asText()).contains("tickets");
        assertThat(calls.count("hubspot", "POST", "/crm/associations/2026-03/deals/.*/batch/read")).isEqualTo(3);
        assertThat(calls.count("hubspot", "GET", "/crm/objects/2026-03/.*/\\d+")).as("no read per record").isZero();
    }
}
