package io.hubjira.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.connection.ConnectionTarget;
import io.hubjira.connection.JiraConnection;
import io.hubjira.sandbox.SimulatedJiraSite;
import io.hubjira.sandbox.forge.ForgeSandbox;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The issue panel, the Forge app and the catalog with two Jira sites: the demo site X (connection 1) and site Y
 * (connection 2, its own simulator with colliding issue keys and ids, the Forge app installed there too). A FIT of
 * one installation works against its own site only: its items, its cards, its issues, its permission answers; an item
 * of the other site does not exist for it. The admin names the site with {@code ?jira=} once there are two; the
 * catalog answers from the site (or portal) the call names.
 */
class PanelPerSiteTest extends SandboxTest {

    static final String ADA = "5b10ac8d82e05b22cc7d4ef1";
    static final String GRACE = "5b10ac8d82e05b22cc7d4ef2";
    static final String PERMISSION_CHECK = "/rest/api/3/permissions/check";

    @RegisterExtension
    static final SimulatedJiraSite siteY = SimulatedJiraSite.perTestClass(SimulatedJiraSite.Settings.siteY());

    @Autowired
    ForgeSandbox forge;

    long siteYConnection;
    long itemX;
    long itemY;
    JiraSandbox.Issue issueX;
    JiraSandbox.Issue issueY;

    @BeforeEach
    void twoSitesWithAnItemEach() {
        resetEverything();
        webhooks.setEnabled(false);
        connectDemoPortalAndSite();
        SimulatedJiraSite.Settings y = siteY.settings();
        JiraConnection connected = jiraConnectionService.connect(ConnectionTarget.added("site-y"), siteY.baseUrl(), y.connectorEmail(), y.apiToken());
        siteYConnection = jiraConnectionService.setWebhook(connected.id(), y.webhookSecret(), ForgeSandbox.Installation.SITE_Y.installationId()).id();
        // the same key (and id) on both sites, each with its own summary
        issueX = jira.existingIssue("SUP", "10001", "Invoice export fails on X");
        issueY = siteY.jira().existingIssue("SUP", "10001", "Invoice export fails on Y");
        assertThat(issueY.key).isEqualTo(issueX.key);
        assertThat(issueY.id).isEqualTo(issueX.id);
        itemX = createItem(item("Deals on X", "jira-default"));
        itemY = createItem(item("Deals on Y", "site-y"));
    }

    private static Map<String, Object> item(String name, String jiraConnection) {
        Map<String, Object> item = demoDealsItem();
        item.put("name", name);
        item.put("autoCreate", false);
        item.put("jiraConnection", jiraConnection);
        return item;
    }

    record Reply(int status, JsonNode body, String text) {}

    private String fit(ForgeSandbox.Installation installation, String accountId, JiraSandbox.Issue issue) {
        return forge.fit(installation, accountId, issue.key, issue.id);
    }

    /** A call as Forge Remote makes it from the panel of that installation's site. */
    private Reply forge(ForgeSandbox.Installation installation, String accountId, JiraSandbox.Issue issue, String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + fit(installation, accountId, issue));
            if (body != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body()), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> cardItems(JsonNode panel) {
        List<Long> ids = new ArrayList<>();
        panel.path("cards").forEach(c -> ids.add(c.path("itemId").asLong()));
        return ids;
    }

    private HubSpotSandbox.Rec deal(String namePart) {
        return hubspot.recordsOf("deals").values().stream().filter(d -> d.properties.get("dealname").contains(namePart)).findFirst().orElseThrow();
    }

    private int links() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE state = 'LINKED'", Integer.class);
    }

    @Test
    void aTokenOfEachInstallationSeesOnlyItsSitesItemsIssueAndPermissions() {
        ForgeSandbox.Installation x = ForgeSandbox.Installation.DEFAULT;
        ForgeSandbox.Installation y = ForgeSandbox.Installation.SITE_Y;
        // Grace may edit SUP on Y only: the same account and the same issue id answer differently per site
        siteY.jira().grant(GRACE, "SUP", "EDIT_ISSUES");
        calls.clear();
        siteY.calls().clear();

        Reply onY = forge(y, GRACE, issueY, "GET", "/forge/panel/" + issueY.key, null);
        assertThat(onY.status()).as(onY.text()).isEqualTo(200);
        assertThat(onY.body().path("summary").asText()).isEqualTo("Invoice export fails on Y");
        assertThat(cardItems(onY.body())).containsExactly(itemY);
        assertThat(onY.body().path("canEdit").asBoolean()).isTrue();
        assertThat(siteY.calls().count("jira", "POST", PERMISSION_CHECK)).isEqualTo(1);

        Reply onX = forge(x, GRACE, issueX, "GET", "/forge/panel/" + issueX.key, null);
        assertThat(onX.status()).as(onX.text()).isEqualTo(200);
        assertThat(onX.body().path("summary").asText()).isEqualTo("Invoice export fails on X");
        assertThat(cardItems(onX.body())).containsExactly(itemX);
        assertThat(onX.body().path("canEdit").asBoolean()).as("Y's answer is not X's, though account and issue id are the same").isFalse();
        assertThat(calls.count("jira", "POST", PERMISSION_CHECK)).isEqualTo(1);
        assertThat(siteY.calls().count("jira", "POST", PERMISSION_CHECK)).as("nothing of X asked on Y").isEqualTo(1);
        assertThat(onX.text()).doesNotContain("Deals on Y");
        assertThat(onY.text()).doesNotContain("Deals on X");
    }

    @Test
    void anItemOfTheOtherSiteDoesNotExistForAToken() {
        ForgeSandbox.Installation x = ForgeSandbox.Installation.DEFAULT;
        ForgeSandbox.Installation y = ForgeSandbox.Installation.SITE_Y;
        HubSpotSandbox.Rec acme = deal("Acme Corp — Platform licence 1");
        String onY = "/forge/panel/" + issueY.key + "/items/";

        Reply crossLink = forge(y, ADA, issueY, "POST", onY + itemX + "/link", Map.of("recordId", acme.id));
        assertThat(crossLink.status()).as(crossLink.text()).isEqualTo(404);
        assertThat(crossLink.body().path("code").asText()).isEqualTo("unknown_item");
        assertThat(forge(x, ADA, issueX, "POST", "/forge/panel/" + issueX.key + "/items/" + itemY + "/link", Map.of("recordId", acme.id)).status())
                .isEqualTo(404);
        assertThat(forge(y, ADA, issueY, "GET", onY + itemX + "/search?q=licence", null).status()).isEqualTo(404);
        assertThat(links()).isZero();

        Reply linked = forge(y, ADA, issueY, "POST", onY + itemY + "/link", Map.of("recordId", acme.id));
        assertThat(linked.status()).as(linked.text()).isEqualTo(200);
        assertThat(linked.body().path("openUrl").asText()).isEqualTo("https://app.hubspot.com/contacts/" + PORTAL + "/record/0-3/" + acme.id);
        assertThat(jdbc.queryForObject("SELECT item_id FROM record_link WHERE state = 'LINKED'", Long.class)).isEqualTo(itemY);
        assertThat(hubspot.notesOf("deals", acme.id)).as("the issue link note points at Y's issue").anySatisfy(n -> assertThat(
                n.properties.get("hs_note_body")).contains("Issue link note").contains(siteY.baseUrl() + "/browse/" + issueY.key)
                .doesNotContain(jiraBase()));

        // X's panel on the same key does not see Y's link, and cannot refresh or unlink it
        Reply xPanel = forge(x, ADA, issueX, "GET", "/forge/panel/" + issueX.key, null);
        assertThat(xPanel.body().path("cards").path(0).path("link").isNull()).isTrue();
        String onX = "/forge/panel/" + issueX.key + "/items/";
        assertThat(forge(x, ADA, issueX, "DELETE", onX + itemY + "/link", null).status()).isEqualTo(404);
        assertThat(forge(x, ADA, issueX, "POST", onX + itemY + "/refresh", null).status()).isEqualTo(404);
        assertThat(forge(x, ADA, issueX, "GET", onX + itemY + "/associated", null).status()).isEqualTo(404);
        assertThat(links()).isEqualTo(1);

        assertThat(forge(y, ADA, issueY, "DELETE", onY + itemY + "/link", null).status()).isEqualTo(204);
        assertThat(links()).isZero();
    }

    @Test
    void aTokenOfAnInstallationNoActiveConnectionNamesIsRefused() {
        jiraConnectionService.setWebhook(siteYConnection, siteY.settings().webhookSecret(), null);
        Reply unknown = forge(ForgeSandbox.Installation.SITE_Y, ADA, issueY, "GET", "/forge/panel/" + issueY.key, null);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body().path("code").asText()).isEqualTo("fit_invalid");
        assertThat(unknown.text()).contains("another installation").doesNotContain("Invoice export");

        // the site may be named by its cloud id instead
        jiraConnectionService.setWebhook(siteYConnection, siteY.settings().webhookSecret(), ForgeSandbox.Installation.SITE_Y.cloudId());
        assertThat(forge(ForgeSandbox.Installation.SITE_Y, ADA, issueY, "GET", "/forge/panel/" + issueY.key, null).body().path("summary").asText())
                .isEqualTo("Invoice export fails on Y");

        jiraConnectionService.revoke(siteYConnection);
        assertThat(forge(ForgeSandbox.Installation.SITE_Y, ADA, issueY, "GET", "/forge/panel/" + issueY.key, null).status())
                .as("a revoked site's installation").isEqualTo(401);
        assertThat(forge(ForgeSandbox.Installation.DEFAULT, ADA, issueX, "GET", "/forge/panel/" + issueX.key, null).status())
                .as("the first site's installation, from the setting").isEqualTo(200);
    }

    @Test
    void theAdminPanelNamesTheSiteOnceThereAreTwo() {
        Answer unnamed = call("GET", "/api/panel/" + issueX.key, null);
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.body().path("code").asText()).isEqualTo("connection_required");
        assertThat(unnamed.body().path("detail").asText()).contains("?jira=").contains("'jira-default'").contains("'site-y'");

        Answer y = call("GET", "/api/panel/" + issueY.key + "?jira=site-y", null);
        assertThat(y.body().path("summary").asText()).isEqualTo("Invoice export fails on Y");
        assertThat(cardItems(y.body())).containsExactly(itemY);
        Answer x = call("GET", "/api/panel/" + issueX.key + "?jira=1", null);
        assertThat(cardItems(x.body())).containsExactly(itemX);
        assertThat(call("GET", "/api/panel/" + issueX.key + "?jira=nope", null).body().path("code").asText()).isEqualTo("unknown_connection");
        HubSpotSandbox.Rec acme = deal("Acme Corp — Platform licence 1");
        assertThat(call("POST", "/api/panel/" + issueX.key + "/items/" + itemY + "/link?jira=1", Map.of("recordId", acme.id)).status())
                .isEqualTo(404);
        assertThat(call("POST", "/api/panel/" + issueY.key + "/items/" + itemY + "/link", Map.of("recordId", acme.id)).status())
                .isEqualTo(400);
        assertThat(links()).isZero();
    }

    @Test
    void theCatalogAnswersFromTheSiteOrPortalTheCallNames() {
        // the item's validation read Y's projects already: read again on next use, Y's only
        assertThat(call("POST", "/api/catalog/refresh?jira=site-y", null).status()).isEqualTo(200);
        calls.clear();
        siteY.calls().clear();
        Answer projects = call("GET", "/api/catalog/jira/projects?jira=site-y", null);
        assertThat(projects.status()).as(projects.text()).isEqualTo(200);
        assertThat(projects.text()).contains("\"SUP\"");
        assertThat(siteY.calls().count("jira", "GET", ".*/project.*")).isPositive();
        assertThat(calls.count("jira", "GET", ".*/project.*")).as("nothing asked of X").isZero();
        assertThat(call("GET", "/api/catalog/jira/projects/SUP/statuses?jira=" + siteYConnection, null).status()).isEqualTo(200);
        assertThat(calls.count("jira", "GET", ".*")).as("by id too, still nothing of X").isZero();

        Answer unnamed = call("GET", "/api/catalog/jira/projects", null);
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.body().path("code").asText()).isEqualTo("connection_required");
        assertThat(unnamed.body().path("field").asText()).isEqualTo("jira");
        Answer unknown = call("GET", "/api/catalog/jira/projects?jira=site-z", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("code").asText()).isEqualTo("unknown_connection");
        assertThat(unknown.body().path("detail").asText()).contains("site-z").contains("'site-y'");

        assertThat(call("GET", "/api/catalog/hubspot/modules", null).status()).as("one HubSpot connection: no need to name it").isEqualTo(200);
        assertThat(call("GET", "/api/catalog/hubspot/modules?hubspot=elsewhere", null).status()).isEqualTo(404);
    }

    @Test
    void theDashboardGroupsItemsByTheirConnectionPair() {
        JsonNode rows = call("GET", "/api/dashboard", null).body();
        List<String> pairs = new ArrayList<>();
        rows.forEach(r -> pairs.add(r.path("name").asText() + ": " + r.path("connections").path("hubspotConnection").asText() + " / "
                + r.path("connections").path("jiraConnection").asText()));
        assertThat(pairs).containsExactly("Deals on X: hubspot-" + PORTAL + " / jira-default", "Deals on Y: hubspot-" + PORTAL + " / site-y");

        // each row's labels come from its own site: with X revoked, X's item shows the bare key, Y's still Y's name for it
        jiraConnectionService.revoke(1);
        JsonNode after = call("GET", "/api/dashboard", null).body();
        assertThat(after.path(0).path("labels").path("projects").path(0).path("label").asText()).isEqualTo("SUP");
        assertThat(after.path(1).path("labels").path("projects").path(0).path("label").asText()).endsWith("(SUP)").isNotEqualTo("SUP");
    }
}
