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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * A saved connection survives restarts: start-up credentials create a connection when none is saved, leave a saved
 * one alone when they are the same, and replace it only when they differ — with an audit event saying so.
 */
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
