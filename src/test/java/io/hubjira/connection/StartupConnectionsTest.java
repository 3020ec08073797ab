package io.hubjira.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.hubjira.audit.AuditLog;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/**
 * A saved connection survives restarts: start-up credentials create a connection when none is saved, leave a saved
 * one alone when they are the same, and replace it only when they differ — with an audit event saying so. A first
 * connection an admin revoked stays revoked, and one whose items have links never moves to another portal or site.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupConnectionsTest extends SandboxTest {

    static final String OTHER_TOKEN = "pat-na1-00000000-0000-4000-8000-0000000000bb";

    @Autowired
    Environment env;
    @Autowired
    AuditLog audit;

    @BeforeEach
    void clean() {
        resetEverything();
        hubspot.registerPrivateAppToken(OTHER_TOKEN, PORTAL, 777, HubSpotSandbox.allScopes());
    }

    private ConnectionBootstrap startWith(String portalId, String token) {
        var base = new ConnectorProperties.HubSpot(null, null, portalId, token, null, null, null, null, null, null);
        var props = ConnectorProperties.of(base, new ConnectorProperties.Jira(null, null, null, null, null, null), null);
        return new ConnectionBootstrap(props, env, hubspotConnectionService, jiraConnectionService, audit);
    }

    /** A restart with HUBSPOT_* and JIRA_* set as given (the Jira site URL as the environment names it). */
    private ConnectionBootstrap startWith(String portalId, String token, String jiraBaseUrl) {
        var base = new ConnectorProperties.HubSpot(null, null, portalId, token, null, null, null, null, null, null);
        var props = ConnectorProperties.of(base, new ConnectorProperties.Jira(jiraBaseUrl, "connector@example.com", "sandbox-jira-token", null,
                null, null), null);
        return new ConnectionBootstrap(props, new MockEnvironment().withProperty("connector.jira.base-url", jiraBaseUrl),
                hubspotConnectionService, jiraConnectionService, audit);
    }

    @Test
    void aRestartLeavesAFirstConnectionTheAdminRevokedRevoked(CapturedOutput output) {
        connectDemoPortalAndSite();
        assertThat(call("DELETE", "/api/connections/hubspot", null).status()).isEqualTo(204);
        assertThat(call("DELETE", "/api/connections/jira", null).status()).isEqualTo(204);
        calls.clear();

        startWith(String.valueOf(PORTAL), DEMO_TOKEN, jiraBase()).connectFromStartupCredentials();

        assertThat(call("GET", "/api/connections/hubspot/1", null).body().path("state").asText()).isEqualTo("REVOKED");
        assertThat(call("GET", "/api/connections/jira/1", null).body().path("state").asText()).isEqualTo("REVOKED");
        assertThat(calls.count("hubspot", "GET", ".*/account-info/.*")).as("the start-up token was not even tried").isZero();
        assertThat(calls.count("jira", "GET", ".*/myself")).isZero();
        assertThat(output.getOut()).contains("WARN").contains("HubSpot connection hubspot-" + PORTAL + " (portal " + PORTAL)
                .contains("was revoked by an admin: the start-up credentials HUBSPOT_PORTAL_ID / HUBSPOT_TOKEN are ignored and it stays revoked")
                .contains("Jira connection jira-default (" + jiraBase() + ") was revoked by an admin");
        assertThat(replacements()).isEmpty();

        assertThat(call("PUT", "/api/connections/hubspot", Map.of("portalId", String.valueOf(PORTAL), "token", DEMO_TOKEN)).status())
                .as("the admin reconnects through the API").isEqualTo(200);
        assertThat(call("GET", "/api/connections/hubspot/1", null).body().path("state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void startUpCredentialsOfAnotherPortalOrSiteLeaveAFirstConnectionWithLinksWhereItIs(CapturedOutput output) {
        connectDemoPortalAndSite();
        long item = createItem(demoDealsItem());
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        jdbc.update("INSERT INTO record_link (item_id, object_type, record_id, issue_key, issue_id, link_type, state, created_at, updated_at) "
                + "VALUES (?, 'deals', '501', 'SUP-77', '10077', 'AUTO', 'LINKED', ?, ?)", item, now, now);
        String sameSimulatorOtherSite = jiraBase().replace("127.0.0.1", "localhost");

        startWith(String.valueOf(HubSpotSandbox.PORTAL_B), HubSpotSandbox.PORTAL_B_TOKEN, sameSimulatorOtherSite).connectFromStartupCredentials();

        assertThat(output.getOut()).contains("ERROR").contains("HubSpot connection from the start-up configuration failed (the saved "
                + "connection is kept): 409 connection_bound_elsewhere").contains("portal " + HubSpotSandbox.PORTAL_B)
                .contains("Jira connection from the start-up configuration failed (the saved connection is kept): 409 connection_bound_elsewhere")
                .contains(sameSimulatorOtherSite);
        HubSpotConnection portal = hubspotConnectionService.connection(1).orElseThrow();
        assertThat(portal.portalId()).isEqualTo(PORTAL);
        assertThat(portal.accessToken()).isEqualTo(DEMO_TOKEN);
        assertThat(portal.active()).isTrue();
        assertThat(jiraConnectionService.connection(1).orElseThrow().baseUrl()).isEqualTo(jiraBase());
        assertThat(replacements()).isEmpty();
    }

    @Test
    void startUpCredentialsCreateTheConnectionWhenNoneIsSaved() {
        startWith(String.valueOf(PORTAL), DEMO_TOKEN).connectFromStartupCredentials();
        assertThat(call("GET", "/api/connections/hubspot", null).body().path("connected").asBoolean()).isTrue();
        assertThat(replacements()).isEmpty();
    }

    @Test
    void theSameCredentialsLeaveTheSavedConnectionAsItIs() {
        connectDemoPortalAndSite();
        String connectedAt = call("GET", "/api/connections/hubspot", null).body().path("connectedAt").asText();
        long validations = calls.count("hubspot", "GET", ".*/account-info/.*");

        startWith(String.valueOf(PORTAL), DEMO_TOKEN).connectFromStartupCredentials();

        assertThat(call("GET", "/api/connections/hubspot", null).body().path("connectedAt").asText()).isEqualTo(connectedAt);
        assertThat(calls.count("hubspot", "GET", ".*/account-info/.*")).as("not even validated again").isEqualTo(validations);
        assertThat(replacements()).isEmpty();
    }

    @Test
    void differentCredentialsReplaceTheSavedConnectionWithAnAuditEvent() {
        connectDemoPortalAndSite();
        startWith(String.valueOf(PORTAL), OTHER_TOKEN).connectFromStartupCredentials();

        assertThat(hubspotConnectionService.current().orElseThrow().accessToken()).isEqualTo(OTHER_TOKEN);
        assertThat(replacements()).hasSize(1);
        assertThat(replacements().get(0).get("detail").toString()).contains("replaced from start-up configuration");
    }

    @Test
    void credentialsHubSpotRefusesKeepTheSavedConnection() {
        connectDemoPortalAndSite();
        startWith(String.valueOf(PORTAL), "pat-na1-00000000-0000-4000-8000-0000000000cc").connectFromStartupCredentials();
        assertThat(hubspotConnectionService.current().orElseThrow().accessToken()).isEqualTo(DEMO_TOKEN);
        assertThat(replacements()).isEmpty();
    }

    @Test
    void startUpCredentialsReplaceOnlyTheFirstConnectionNeverOneAnAdminAdded() {
        connectDemoPortalAndSite();
        Answer added = call("POST", "/api/connections/hubspot", Map.of("name", "second-app", "portalId", String.valueOf(PORTAL), "token", OTHER_TOKEN));
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        Map<String, Object> before = jdbc.queryForMap("SELECT * FROM hubspot_connection WHERE id = 2");

        String third = "pat-na1-00000000-0000-4000-8000-0000000000b3";
        hubspot.registerPrivateAppToken(third, PORTAL, 778, HubSpotSandbox.allScopes());
        startWith(String.valueOf(PORTAL), third).connectFromStartupCredentials();

        assertThat(hubspotConnectionService.connection(1).orElseThrow().accessToken()).as("the first pair follows the settings").isEqualTo(third);
        assertThat(jdbc.queryForMap("SELECT * FROM hubspot_connection WHERE id = 2")).as("the added one is untouched").isEqualTo(before);
        assertThat(hubspotConnectionService.connection(2).orElseThrow().accessToken()).isEqualTo(OTHER_TOKEN);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_connection", Integer.class)).isEqualTo(2);
        assertThat(replacements()).hasSize(1);
    }

    private List<Map<String, Object>> replacements() {
        return jdbc.queryForList("SELECT * FROM audit_event WHERE action = 'CONNECTION_REPLACED'");
    }
}
