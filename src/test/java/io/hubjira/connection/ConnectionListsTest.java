package io.hubjira.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.sandbox.SandboxFaults;
import io.hubjira.sandbox.SimulatedJiraSite;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Several HubSpot and Jira connections through the admin API, against the simulators: a second connection to the demo
 * portal (another app's token) and a second Jira site (a simulator of its own, on its own port) are added by name,
 * listed, read, renamed, given webhook secrets and revoked; the single-connection paths keep answering for the first.
 * No token or secret ever shows in an answer or in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionListsTest extends SandboxTest {

    static final String SECOND_APP_TOKEN = "pat-na1-00000000-0000-4000-8000-0000000000a2";
    static final String HUBSPOT_WEBHOOK_SECRET = "second-app-client-secret-7f3a";
    static final String JIRA_WEBHOOK_SECRET = "site-two-webhook-secret-91c2";

    @RegisterExtension
    static final SimulatedJiraSite secondSite = SimulatedJiraSite.perTestClass(SimulatedJiraSite.Settings.siteY());

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    final List<Answer> answers = new ArrayList<>();

    @BeforeEach
    void firstPairConnected() {
        resetEverything();
        connectDemoPortalAndSite();
        hubspot.registerPrivateAppToken(SECOND_APP_TOKEN, PORTAL, 902, HubSpotSandbox.allScopes());
    }

    @AfterEach
    void noAnswerShowedASecret(CapturedOutput output) {
        for (Answer a : answers) {
            assertThat(a.text()).doesNotContain(SECOND_APP_TOKEN, DEMO_TOKEN, HubSpotSandbox.PORTAL_B_TOKEN, "sandbox-jira-token", HUBSPOT_WEBHOOK_SECRET, JIRA_WEBHOOK_SECRET,
                    secondSite.settings().apiToken());
        }
        assertThat(output.getAll()).doesNotContain(SECOND_APP_TOKEN, HUBSPOT_WEBHOOK_SECRET, JIRA_WEBHOOK_SECRET);
    }

    private Answer api(String method, String path, Object body) {
        Answer a = call(method, path, body);
        answers.add(a);
        return a;
    }

    private Answer addSecondPortal(String name) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("portalId", String.valueOf(PORTAL));
        form.put("token", SECOND_APP_TOKEN);
        form.put("kind", "PROJECT_APP");
        form.put("webhookSecret", HUBSPOT_WEBHOOK_SECRET);
        return api("POST", "/api/connections/hubspot", form);
    }

    private Answer addSecondSite(String name) {
        return api("POST", "/api/connections/jira", Map.of("name", name, "baseUrl", secondSite.baseUrl(), "email", secondSite.settings().connectorEmail(),
                "apiToken", secondSite.settings().apiToken(), "webhookSecret", JIRA_WEBHOOK_SECRET));
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    private static JsonNode connectionNamed(JsonNode list, String name) {
        for (JsonNode c : list) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no connection named " + name + " in " + list);
    }

    private static long limitOf(JsonNode limits, String name) {
        for (JsonNode l : limits) {
            if (l.path("name").asText().equals(name)) {
                return l.path("limit").asLong();
            }
        }
        throw new AssertionError("no " + name + " limit in " + limits);
    }

    @Test
    void aSecondPortalAndASecondSiteAreAddedByNameAndListedWhileTheSingularPathsStillAnswerForTheFirst() {
        Answer portal = addSecondPortal("second-app");
        assertThat(portal.status()).as(portal.text()).isEqualTo(201);
        JsonNode p = portal.body();
        assertThat(p.path("id").asLong()).isEqualTo(2);
        assertThat(p.path("name").asText()).isEqualTo("second-app");
        assertThat(p.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(p.path("first").asBoolean(true)).isFalse();
        assertThat(p.path("portalId").asLong()).isEqualTo(PORTAL);
        assertThat(p.path("credential").path("kind").asText()).isEqualTo("PROJECT_APP");
        assertThat(p.path("webhook").path("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/webhooks/hubspot");
        assertThat(p.path("webhook").path("secretSet").asBoolean()).isTrue();
        assertThat(p.path("webhook").path("secretFrom").asText()).isEqualTo("connection");
        assertThat(p.path("health").path("status").asText()).isEqualTo("UP");
        assertThat(p.path("items").asInt(-1)).isZero();
        assertThat(p.path("usage").path("budget").asText()).as("HubSpot limits the account: one budget per portal").isEqualTo("hubspot:12345678");
        assertThat(p.path("usage").path("sharedWith").toString()).isEqualTo("[\"hubspot-12345678\"]");

        Answer eu = api("POST", "/api/connections/hubspot", Map.of("name", "eu-portal", "portalId", String.valueOf(HubSpotSandbox.PORTAL_B),
                "token", HubSpotSandbox.PORTAL_B_TOKEN));
        assertThat(eu.status()).as(eu.text()).isEqualTo(201);
        assertThat(eu.body().path("id").asLong()).isEqualTo(3);
        assertThat(eu.body().path("uiDomain").asText()).as("an EU portal's records live on app-eu1").isEqualTo("app-eu1.hubspot.com");
        assertThat(eu.body().path("usage").path("budget").asText()).isEqualTo("hubspot:87654321");
        assertThat(eu.body().path("usage").path("sharedWith").size()).as("another portal, another budget").isZero();
        assertThat(eu.body().path("webhook").path("secretSet").asBoolean(true)).as("neither its own nor the setting (not the first)").isFalse();

        Answer site = addSecondSite("second-site");
        assertThat(site.status()).as(site.text()).isEqualTo(201);
        JsonNode s = site.body();
        assertThat(s.path("id").asLong()).isEqualTo(2);
        assertThat(s.path("baseUrl").asText()).isEqualTo(secondSite.baseUrl());
        assertThat(s.path("accountId").asText()).as("the connector's own account on that site").isEqualTo(secondSite.connectorAccountId())
                .isNotEqualTo(jira.connectorUser().accountId());
        assertThat(s.path("webhook").path("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/webhooks/jira/2");
        assertThat(s.path("webhook").path("secretSet").asBoolean()).isTrue();
        assertThat(secondSite.calls().count("jira", "GET", "/rest/api/3/myself"))
                .as("the second site's credentials were checked on the second site").isEqualTo(1);

        Answer hubspotList = api("GET", "/api/connections/hubspot", null);
        assertThat(hubspotList.body().path("portalId").asLong()).as("the singular path: the first connection").isEqualTo(PORTAL);
        assertThat(hubspotList.body().path("name").asText()).isEqualTo("hubspot-12345678");
        assertThat(names(hubspotList.body().path("connections"))).containsExactly("hubspot-12345678", "second-app", "eu-portal");
        Answer jiraList = api("GET", "/api/connections/jira", null);
        assertThat(jiraList.body().path("baseUrl").asText()).isEqualTo(jiraBase());
        assertThat(names(jiraList.body().path("connections"))).containsExactly("jira-default", "second-site");
        assertThat(jiraList.body().path("connections").get(1).path("health").path("status").asText()).isEqualTo("UP");
        assertThat(jiraList.body().path("connections").get(0).path("webhook").path("secretFrom").asText())
                .as("the first site's secret falls back to the setting").isEqualTo("JIRA_WEBHOOK_SECRET");

        JsonNode portalA = connectionNamed(hubspotList.body().path("connections"), "hubspot-12345678").path("usage").path("limits");
        JsonNode portalB = connectionNamed(hubspotList.body().path("connections"), "eu-portal").path("usage").path("limits");
        assertThat(limitOf(portalA, "requests")).as("the global limit (the test settings')").isEqualTo(100_000);
        assertThat(limitOf(portalB, "requests")).as("portal B's own, from connector.hubspot.rate-limit.portals").isEqualTo(150_000);
        assertThat(limitOf(portalA, "daily")).isEqualTo(250_000);
        assertThat(limitOf(portalB, "daily")).as("an Enterprise portal's day").isEqualTo(1_000_000);
        assertThat(limitOf(portalB, "search")).as("not set for portal B: the global one").isEqualTo(1_000);

        Answer one = api("GET", "/api/connections/jira/2", null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().path("name").asText()).isEqualTo("second-site");
        assertThat(secondSite.calls().count("jira", "GET", "/rest/api/3/myself"))
                .as("its health was probed on its own site, once within the minute").isEqualTo(2);

        // the first connection's paths did not move
        Answer first = api("PUT", "/api/connections/hubspot", Map.of("portalId", String.valueOf(PORTAL), "token", DEMO_TOKEN));
        assertThat(first.body().path("id").asLong()).isEqualTo(1);
        assertThat(hubspotConnectionService.connection(2).orElseThrow().accessToken()).isEqualTo(SECOND_APP_TOKEN);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_connection", Integer.class)).isEqualTo(3);
    }

    @Test
    void namesAreCheckedBeforeAnythingIsAskedAndUnknownIdsAre404() {
        long validations = calls.count("hubspot", "GET", ".*/account-info/.*");
        Answer taken = addSecondPortal("hubspot-12345678");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().path("code").asText()).isEqualTo("name_taken");
        assertThat(taken.body().path("field").asText()).isEqualTo("name");
        assertThat(calls.count("hubspot", "GET", ".*/account-info/.*")).as("refused before HubSpot was asked").isEqualTo(validations);
        assertThat(addSecondPortal(" ").body().path("code").asText()).isEqualTo("name_required");
        assertThat(addSecondPortal("eu/portal").body().path("code").asText()).isEqualTo("invalid_name");
        assertThat(addSecondSite("jira-default").status()).isEqualTo(409);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_connection", Integer.class)).isEqualTo(1);

        assertThat(addSecondPortal("second-app").status()).isEqualTo(201);
        Answer rename = api("PUT", "/api/connections/hubspot/2", Map.of("name", "hubspot-12345678"));
        assertThat(rename.status()).isEqualTo(409);
        assertThat(rename.body().path("code").asText()).isEqualTo("name_taken");
        Answer nothing = api("PUT", "/api/connections/hubspot/2", Map.of());
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.body().path("code").asText()).isEqualTo("nothing_to_update");
        Answer portalWithoutToken = api("PUT", "/api/connections/hubspot/2", Map.of("portalId", "87654321"));
        assertThat(portalWithoutToken.status()).isEqualTo(400);
        assertThat(portalWithoutToken.body().path("code").asText()).isEqualTo("token_required");
        Answer badUrl = api("PUT", "/api/connections/hubspot/2", Map.of("webhookUrl", "not a url"));
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(badUrl.body().path("code").asText()).isEqualTo("invalid_webhook_url");
        Answer wrongPortal = api("PUT", "/api/connections/hubspot/2", Map.of("portalId", "87654321", "token", SECOND_APP_TOKEN, "name", "renamed"));
        assertThat(wrongPortal.status()).isEqualTo(422);
        assertThat(wrongPortal.body().path("code").asText()).isEqualTo("portal_mismatch");
        assertThat(hubspotConnectionService.connection(2).orElseThrow().name()).as("nothing of a refused change is saved").isEqualTo("second-app");

        for (String[] request : new String[][] {{"GET", "/api/connections/hubspot/99"}, {"DELETE", "/api/connections/hubspot/99"},
                {"GET", "/api/connections/jira/99"}, {"DELETE", "/api/connections/jira/99"}}) {
            Answer unknown = api(request[0], request[1], null);
            assertThat(unknown.status()).as(String.join(" ", request)).isEqualTo(404);
            assertThat(unknown.body().path("code").asText()).isEqualTo("unknown_connection");
        }
        Answer unknownPut = api("PUT", "/api/connections/jira/99", Map.of("name", "x"));
        assertThat(unknownPut.status()).isEqualTo(404);
    }

    @Test
    void renamingAndSettingWebhookSecretsKeepTheCredentialsAndTheSecretsStayEncrypted() {
        addSecondPortal("second-app");
        addSecondSite("second-site");

        Answer renamed = api("PUT", "/api/connections/hubspot/2", Map.of("name", "eu-portal",
                "webhookUrl", "https://connector.example.com/webhooks/hubspot"));
        assertThat(renamed.status()).as(renamed.text()).isEqualTo(200);
        assertThat(renamed.body().path("name").asText()).isEqualTo("eu-portal");
        assertThat(renamed.body().path("webhook").path("url").asText()).isEqualTo("https://connector.example.com/webhooks/hubspot");
        assertThat(renamed.body().path("webhook").path("secretSet").asBoolean()).as("a secret left out stays").isTrue();
        HubSpotConnection saved = hubspotConnectionService.connection(2).orElseThrow();
        assertThat(saved.accessToken()).isEqualTo(SECOND_APP_TOKEN);
        assertThat(saved.webhookSecret()).isEqualTo(HUBSPOT_WEBHOOK_SECRET);
        assertThat(jdbc.queryForObject("SELECT webhook_secret_enc FROM hubspot_connection WHERE id = 2", String.class))
                .startsWith("v2:hubspot_connection.webhook_secret_enc:").doesNotContain(HUBSPOT_WEBHOOK_SECRET);

        Answer cleared = api("PUT", "/api/connections/hubspot/2", Map.of("webhookSecret", ""));
        assertThat(cleared.body().path("webhook").path("secretSet").asBoolean(true)).isFalse();
        assertThat(cleared.body().path("webhook").path("url").asText()).as("the URL stays").isEqualTo("https://connector.example.com/webhooks/hubspot");

        Answer firstSite = api("PUT", "/api/connections/jira/1", Map.of("webhookSecret", JIRA_WEBHOOK_SECRET + "-first",
                "forgeInstallationId", "ari:cloud:ecosystem::installation/site-one"));
        assertThat(firstSite.status()).as(firstSite.text()).isEqualTo(200);
        assertThat(firstSite.body().path("webhook").path("secretFrom").asText()).isEqualTo("connection");
        assertThat(firstSite.body().path("forgeInstallationId").asText()).isEqualTo("ari:cloud:ecosystem::installation/site-one");
        Answer sameInstallation = api("PUT", "/api/connections/jira/2", Map.of("forgeInstallationId", "ari:cloud:ecosystem::installation/site-one"));
        assertThat(sameInstallation.status()).isEqualTo(409);
        assertThat(sameInstallation.body().path("code").asText()).isEqualTo("installation_taken");
        Answer renamedSite = api("PUT", "/api/connections/jira/2", Map.of("name", "emea-site"));
        assertThat(renamedSite.body().path("name").asText()).isEqualTo("emea-site");
        assertThat(jiraConnectionService.connection(2).orElseThrow().apiToken()).isEqualTo(secondSite.settings().apiToken());
        assertThat(jiraConnectionService.connection(2).orElseThrow().webhookSecret()).isEqualTo(JIRA_WEBHOOK_SECRET);
    }

    @Test
    void revokingOneConnectionKeepsItsRowItsItemsAndTheirLinksAndTheOthersStayActive() {
        addSecondPortal("second-app");
        addSecondSite("second-site");
        long item = itemBoundTo(2, 2, "Second pair");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("INSERT INTO record_link (item_id, object_type, record_id, issue_key, issue_id, link_type, state, created_at, updated_at) "
                + "VALUES (?, 'deals', '501', 'SUP-77', '10077', 'AUTO', 'LINKED', ?, ?)", item, now, now);

        assertThat(api("DELETE", "/api/connections/hubspot/2", null).status()).isEqualTo(204);
        assertThat(api("DELETE", "/api/connections/jira/2", null).status()).isEqualTo(204);

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM hubspot_connection WHERE id = 2");
        assertThat(row.get("state")).isEqualTo("REVOKED");
        assertThat(row.get("access_token_enc")).as("tokens erased").isNull();
        assertThat(jdbc.queryForObject("SELECT api_token_enc FROM jira_connection WHERE id = 2", String.class)).isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ?", Integer.class, item)).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT hubspot_connection_id, jira_connection_id FROM sync_item WHERE id = ?", item).values().toString())
                .isEqualTo("[2, 2]");

        Answer revoked = api("GET", "/api/connections/hubspot/2", null);
        assertThat(revoked.body().path("state").asText()).isEqualTo("REVOKED");
        assertThat(revoked.body().path("connected").asBoolean(true)).isFalse();
        assertThat(revoked.body().path("health").path("status").asText()).isEqualTo("REVOKED");
        assertThat(revoked.body().path("items").asInt()).isEqualTo(1);
        assertThat(api("DELETE", "/api/connections/hubspot/2", null).status()).as("revoking again changes nothing").isEqualTo(204);

        Answer firstStill = api("GET", "/api/connections/hubspot", null);
        assertThat(firstStill.body().path("connected").asBoolean()).isTrue();
        assertThat(firstStill.body().path("name").asText()).isEqualTo("hubspot-12345678");
        assertThat(api("GET", "/api/connections/jira/1", null).body().path("health").path("status").asText()).isEqualTo("UP");
        Answer setup = api("GET", "/api/connections", null);
        assertThat(setup.body().path("setup").path("missing").toString()).contains("HubSpot connection 'second-app' (revoked)")
                .contains("Jira connection 'second-site' (revoked)");

        Answer renamedWhileRevoked = api("PUT", "/api/connections/hubspot/2", Map.of("name", "old-app"));
        assertThat(renamedWhileRevoked.body().path("state").asText()).as("a rename does not reconnect").isEqualTo("REVOKED");
        Answer reconnected = api("PUT", "/api/connections/hubspot/2", Map.of("token", SECOND_APP_TOKEN));
        assertThat(reconnected.status()).as(reconnected.text()).isEqualTo(200);
        assertThat(reconnected.body().path("state").asText()).isEqualTo("ACTIVE");
        assertThat(reconnected.body().path("id").asLong()).isEqualTo(2);
        assertThat(reconnected.body().path("credential").path("kind").asText()).as("the declared kind stays").isEqualTo("PROJECT_APP");
        assertThat(reconnected.body().path("webhook").path("secretSet").asBoolean()).as("and the webhook secret").isTrue();
        assertThat(reconnected.body().path("items").asInt()).isEqualTo(1);
    }

    @Test
    void aConnectionWhoseItemsHaveLinksIsNeverReconnectedToAnotherPortalOrSite() {
        addSecondPortal("second-app");
        addSecondSite("second-site");
        linkedRecord(itemBoundTo(2, 2, "Second pair"), "501");

        Answer portal = api("PUT", "/api/connections/hubspot/2", Map.of("portalId", String.valueOf(HubSpotSandbox.PORTAL_B),
                "token", HubSpotSandbox.PORTAL_B_TOKEN));
        assertThat(portal.status()).as(portal.text()).isEqualTo(409);
        assertThat(portal.body().path("status").asInt()).isEqualTo(409);
        assertThat(portal.body().path("code").asText()).isEqualTo("connection_bound_elsewhere");
        assertThat(portal.body().path("detail").asText()).contains("'second-app'").contains("portal " + PORTAL)
                .contains("portal " + HubSpotSandbox.PORTAL_B).contains(" 1 of its Smart Connected Items");
        HubSpotConnection kept = hubspotConnectionService.connection(2).orElseThrow();
        assertThat(kept.portalId()).isEqualTo(PORTAL);
        assertThat(kept.accessToken()).isEqualTo(SECOND_APP_TOKEN);

        calls.clear();
        Answer site = api("PUT", "/api/connections/jira/2", Map.of("baseUrl", jiraBase(), "email", "connector@example.com",
                "apiToken", "sandbox-jira-token"));
        assertThat(site.status()).as(site.text()).isEqualTo(409);
        assertThat(site.body().path("code").asText()).isEqualTo("connection_bound_elsewhere");
        assertThat(site.body().path("detail").asText()).contains("'second-site'").contains(secondSite.baseUrl()).contains(jiraBase())
                .contains(" 1 of its Smart Connected Items");
        assertThat(jiraConnectionService.connection(2).orElseThrow().baseUrl()).isEqualTo(secondSite.baseUrl());
        assertThat(calls.count("jira", "GET", ".*/myself")).as("refused before the other site was asked anything").isZero();

        // the singular paths and the first pair: the same rule
        linkedRecord(itemBoundTo(1, 1, "First pair"), "502");
        Answer firstPortal = api("PUT", "/api/connections/hubspot", Map.of("portalId", String.valueOf(HubSpotSandbox.PORTAL_B),
                "token", HubSpotSandbox.PORTAL_B_TOKEN));
        assertThat(firstPortal.status()).as(firstPortal.text()).isEqualTo(409);
        assertThat(firstPortal.body().path("code").asText()).isEqualTo("connection_bound_elsewhere");
        Answer firstSite = api("PUT", "/api/connections/jira", Map.of("baseUrl", secondSite.baseUrl(), "email",
                secondSite.settings().connectorEmail(), "apiToken", secondSite.settings().apiToken()));
        assertThat(firstSite.status()).as(firstSite.text()).isEqualTo(409);
        assertThat(hubspotConnectionService.connection(1).orElseThrow().portalId()).isEqualTo(PORTAL);
        assertThat(jiraConnectionService.connection(1).orElseThrow().baseUrl()).isEqualTo(jiraBase());

        // new credentials of the same portal and site are a reconnect as before
        assertThat(api("PUT", "/api/connections/hubspot/2", Map.of("token", SECOND_APP_TOKEN)).status()).isEqualTo(200);
        assertThat(api("PUT", "/api/connections/jira/2", Map.of("apiToken", secondSite.settings().apiToken())).status()).isEqualTo(200);
    }

    @Test
    void aConnectionWithNothingLinkedMayStillBeCorrectedToAnotherPortalOrSite() {
        addSecondPortal("second-app");
        addSecondSite("second-site");
        itemBoundTo(2, 2, "Nothing synced yet");

        Answer portal = api("PUT", "/api/connections/hubspot/2", Map.of("portalId", String.valueOf(HubSpotSandbox.PORTAL_B),
                "token", HubSpotSandbox.PORTAL_B_TOKEN));
        assertThat(portal.status()).as(portal.text()).isEqualTo(200);
        assertThat(portal.body().path("portalId").asLong()).isEqualTo(HubSpotSandbox.PORTAL_B);
        Answer site = api("PUT", "/api/connections/jira/2", Map.of("baseUrl", jiraBase(), "email", "connector@example.com",
                "apiToken", "sandbox-jira-token"));
        assertThat(site.status()).as(site.text()).isEqualTo(200);
        assertThat(site.body().path("baseUrl").asText()).isEqualTo(jiraBase());
    }

    @Test
    void checkingAnotherPortalsCredentialSpendsThatPortalsBudgetNeverTheFirstPortals() {
        String first = String.valueOf(PORTAL);
        String eu = String.valueOf(HubSpotSandbox.PORTAL_B);
        double firstBefore = hubspotCalls(first);

        Answer added = api("POST", "/api/connections/hubspot", Map.of("name", "eu-portal", "portalId", eu, "token", HubSpotSandbox.PORTAL_B_TOKEN));
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        double euDetails = hubspotCalls(eu, ".*account-info.*");
        assertThat(euDetails).as("the new portal's account details, under its own account").isPositive();

        int euConnection = added.body().path("id").asInt();
        itemBoundTo(euConnection, 1, "EU deals");
        Answer reconnected = api("PUT", "/api/connections/hubspot/" + euConnection, Map.of("token", HubSpotSandbox.PORTAL_B_TOKEN));
        assertThat(reconnected.status()).as(reconnected.text()).isEqualTo(200);
        assertThat(hubspotCalls(eu, ".*account-info.*")).isGreaterThan(euDetails);
        assertThat(hubspotCalls(eu, ".*/objects/.*\\{objectType\\}$")).as("the scope probes of what its item reads, under its account too")
                .isPositive();
        assertThat(hubspotCalls(first)).as("not one call spent the first portal's budget").isEqualTo(firstBefore);
    }

    /** The HubSpot calls counted in connector.api.calls under this rate account, on endpoints matching the pattern. */
    private double hubspotCalls(String account, String endpoint) {
        return meters.find("connector.api.calls").tag("api", "hubspot").tag("account", account).counters().stream()
                .filter(c -> c.getId().getTag("endpoint").matches(endpoint)).mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private double hubspotCalls(String account) {
        return hubspotCalls(account, ".*");
    }

    private void linkedRecord(long item, String recordId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("INSERT INTO record_link (item_id, object_type, record_id, issue_key, issue_id, link_type, state, created_at, updated_at) "
                + "VALUES (?, 'deals', ?, ?, ?, 'AUTO', 'LINKED', ?, ?)", item, recordId, "SUP-" + recordId, "10" + recordId, now, now);
    }

    @Test
    void eachSiteNeedsItsOwnWebhookSecretWhileTheFirstFallsBackToTheSetting() {
        createItem(demoDealsItem());
        assertThat(api("GET", "/api/connections", null).body().path("setup").path("complete").asBoolean()).isTrue();
        Answer site = api("POST", "/api/connections/jira", Map.of("name", "no-secret-site", "baseUrl", secondSite.baseUrl(),
                "email", secondSite.settings().connectorEmail(), "apiToken", secondSite.settings().apiToken()));
        assertThat(site.body().path("webhook").path("secretSet").asBoolean(true)).isFalse();

        JsonNode setup = api("GET", "/api/connections", null).body().path("setup");
        assertThat(setup.path("complete").asBoolean(true)).as("that site's changes cannot reach HubSpot").isFalse();
        assertThat(setup.path("missing").toString()).contains("Jira webhook secret of 'no-secret-site'").contains("/webhooks/jira/2")
                .doesNotContain("\"Jira webhook secret\"");
        api("PUT", "/api/connections/jira/2", Map.of("webhookSecret", JIRA_WEBHOOK_SECRET));
        assertThat(api("GET", "/api/connections", null).body().path("setup").path("complete").asBoolean()).isTrue();
    }

    @Test
    void theHealthComponentsShowEveryConnectionAndARevokedOneAsRevoked() {
        addSecondPortal("second-app");
        addSecondSite("second-site");
        api("DELETE", "/api/connections/jira/2", null);

        JsonNode health = call("GET", "/actuator/health", null).body().path("components");
        assertThat(health.path("hubspot").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("hubspot").path("details").path("portalId").asLong()).as("the first connection's details, as before").isEqualTo(PORTAL);
        assertThat(health.path("hubspot").path("details").path("connections").findValuesAsText("status")).containsExactly("UP", "UP");
        assertThat(health.path("jira").path("status").asText()).as("a revoked site does not make Jira DOWN").isEqualTo("UP");
        assertThat(health.path("jira").path("details").path("connections").findValuesAsText("status")).containsExactly("UP", "REVOKED");
        assertThat(health.path("jira").path("details").path("connections").findValuesAsText("name")).containsExactly("jira-default", "second-site");

        secondSite.faults().set("jira", new SandboxFaults.Settings(0, "1", 1.0, 503, 0));
        try {
            Answer reconnect = api("PUT", "/api/connections/jira/2", Map.of("apiToken", secondSite.settings().apiToken()));
            assertThat(reconnect.status()).as("a site that cannot be reached is not reconnected").isEqualTo(502);
            assertThat(reconnect.body().path("code").asText()).isEqualTo("jira_unavailable");
        } finally {
            secondSite.faults().resetAll();
        }
        assertThat(jiraConnectionService.connection(2).orElseThrow().active()).isFalse();
    }

    @Test
    void anOAuthInstallConnectsTheNewConnectionItWasStartedForAndEachTokenIsRefreshedOnItsOwn(CapturedOutput output) {
        hubspot.registerOAuthApp("client-2", "client-two-secret", "https://connector.example.com/oauth", PORTAL,
                Set.of("oauth", "crm.objects.deals.read"));
        hubspot.setAccessTokenSeconds(60); // inside the refresh skew: every run refreshes
        Answer consent = api("GET", "/api/connections/hubspot/oauth/authorize-url?clientId=client-2"
                + "&redirectUri=https%3A%2F%2Fconnector.example.com%2Foauth&scopes=oauth&name=oauth-portal", null);
        assertThat(consent.status()).as(consent.text()).isEqualTo(200);
        assertThat(consent.body().path("target").path("name").asText()).isEqualTo("oauth-portal");
        Answer taken = api("GET", "/api/connections/hubspot/oauth/authorize-url?clientId=client-2"
                + "&redirectUri=https%3A%2F%2Fconnector.example.com%2Foauth&scopes=oauth&name=hubspot-12345678", null);
        assertThat(taken.status()).as("a taken name is refused before the admin goes to HubSpot").isEqualTo(409);

        Answer installed = api("POST", "/api/connections/hubspot/oauth", Map.of("clientId", "client-2", "clientSecret", "client-two-secret",
                "redirectUri", "https://connector.example.com/oauth", "code", hubspot.issueAuthorizationCode("client-2"),
                "state", consent.body().path("state").asText()));
        assertThat(installed.status()).as(installed.text()).isEqualTo(200);
        assertThat(installed.body().path("id").asLong()).isEqualTo(2);
        assertThat(installed.body().path("name").asText()).isEqualTo("oauth-portal");
        assertThat(installed.body().path("authType").asText()).isEqualTo("OAUTH");
        assertThat(installed.text()).doesNotContain("client-two-secret");
        assertThat(installed.body().path("webhook").path("secretFrom").asText()).as("a public app's webhooks are signed with its client secret")
                .isEqualTo("OAuth client secret");
        assertThat(hubspotConnectionService.connection(1).orElseThrow().accessToken()).as("the first stays as it was").isEqualTo(DEMO_TOKEN);

        // a second OAuth connection whose refresh token HubSpot no longer knows: its refresh fails, the other's goes on
        Answer third = installInto("broken-portal");
        assertThat(third.status()).as(third.text()).isEqualTo(200);
        HubSpotConnection broken = hubspotConnectionService.connection(3).orElseThrow();
        store.updateHubSpotTokens(3, broken.accessToken(), "refresh-token-hubspot-forgot", broken.accessTokenExpiresAt());
        String before = hubspotConnectionService.connection(2).orElseThrow().refreshToken();

        assertThat(hubspotConnectionService.refreshIfExpiring()).isTrue();

        assertThat(hubspotConnectionService.connection(2).orElseThrow().refreshToken()).as("rotated by its refresh").isNotEqualTo(before);
        assertThat(hubspotConnectionService.connection(3).orElseThrow().refreshToken()).isEqualTo("refresh-token-hubspot-forgot");
        assertThat(hubspotConnectionService.connection(1).orElseThrow().accessToken()).isEqualTo(DEMO_TOKEN);
        assertThat(output.getAll()).contains("The OAuth access token of HubSpot connection broken-portal (portal 12345678) was not refreshed")
                .doesNotContain("refresh-token-hubspot-forgot");
    }

    @org.springframework.beans.factory.annotation.Autowired
    ConnectionStore store;

    private Answer installInto(String name) {
        Answer consent = api("GET", "/api/connections/hubspot/oauth/authorize-url?clientId=client-2"
                + "&redirectUri=https%3A%2F%2Fconnector.example.com%2Foauth&scopes=oauth&name=" + name, null);
        return api("POST", "/api/connections/hubspot/oauth", Map.of("clientId", "client-2", "clientSecret", "client-two-secret",
                "redirectUri", "https://connector.example.com/oauth", "code", hubspot.issueAuthorizationCode("client-2"),
                "state", consent.body().path("state").asText()));
    }

    @Test
    void itemsMadeBeforeAnyConnectionAreBoundToTheFirstConnectionsOnceSavedAndNeverMovedLater() {
        resetEverything();
        hubspot.registerPrivateAppToken(SECOND_APP_TOKEN, PORTAL, 902, HubSpotSandbox.allScopes());
        long unbound = itemBoundTo(null, null, "Made before connecting");
        connectDemoPortalAndSite();
        assertThat(binding(unbound)).isEqualTo("[1, 1]");

        addSecondPortal("second-app");
        addSecondSite("second-site");
        long second = itemBoundTo(2, 2, "Second pair");
        api("PUT", "/api/connections/hubspot", Map.of("portalId", String.valueOf(PORTAL), "token", DEMO_TOKEN));
        assertThat(binding(unbound)).isEqualTo("[1, 1]");
        assertThat(binding(second)).as("an item bound elsewhere never moves").isEqualTo("[2, 2]");
        assertThat(api("GET", "/api/connections/hubspot/1", null).body().path("items").asInt()).isEqualTo(1);
        assertThat(api("GET", "/api/connections/jira/2", null).body().path("items").asInt()).isEqualTo(1);
    }

    private String binding(long item) {
        return jdbc.queryForMap("SELECT hubspot_connection_id, jira_connection_id FROM sync_item WHERE id = ?", item).values().toString();
    }

    /** An item row bound to these connections (null: to none), as an earlier version or another flow left it. */
    private long itemBoundTo(Integer hubspotConnection, Integer jiraConnection, String name) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("INSERT INTO sync_item (name, mode, hubspot_module, hubspot_object_type, jira_project_keys, created_at, updated_at, "
                + "hubspot_connection_id, jira_connection_id) VALUES (?, 'DISPLAY_ONLY', 'CRM', 'deals', 'SUP', ?, ?, ?, ?)",
                name, now, now, hubspotConnection, jiraConnection);
        return jdbc.queryForObject("SELECT id FROM sync_item WHERE name = ?", Long.class, name);
    }
}
