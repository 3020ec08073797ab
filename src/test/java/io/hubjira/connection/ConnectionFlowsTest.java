package io.hubjira.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The HubSpot and Jira connections through the admin API, validated against the simulators exactly as against the real APIs. */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionFlowsTest extends SandboxTest {

    @Autowired
    HubSpotConnectionService hubspotConnections;

    @BeforeEach
    void clean() {
        resetEverything();
    }

    private Answer connect(String portalId, String token) {
        return call("PUT", "/api/connections/hubspot", Map.of("portalId", portalId, "token", token));
    }

    @Test
    void aValidTokenConnectsAndTheSummaryNeverShowsTheToken() {
        Answer a = connect("12345678", DEMO_TOKEN);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().path("connected").asBoolean()).isTrue();
        assertThat(a.body().path("portalId").asLong()).isEqualTo(12345678);
        assertThat(a.body().path("credential").path("kind").asText()).as("a token of a kind not declared still works").isEqualTo("UNSPECIFIED");
        assertThat(a.body().path("tokenStoredSecurely").asBoolean()).isTrue();
        Answer summary = call("GET", "/api/connections/hubspot", null);
        assertThat(summary.text()).doesNotContain(DEMO_TOKEN).contains("Token stored securely");
        // validated by what HubSpot answers, never by the private-app token-info endpoint
        assertThat(calls.count("hubspot", "POST", ".*access-token-info.*")).isZero();
    }

    @Test
    void aServiceKeyIsSaidToBeOneAndToOfferNoWebhooks() {
        String key = "svc-key-00000000-0000-4000-8000-000000000001";
        hubspot.registerPrivateAppToken(key, PORTAL, 0, io.hubjira.sandbox.hubspot.HubSpotSandbox.allScopes());
        Answer a = call("PUT", "/api/connections/hubspot", Map.of("portalId", "12345678", "token", key, "kind", "SERVICE_KEY"));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.body().path("credential").path("kind").asText()).isEqualTo("SERVICE_KEY");
        assertThat(a.body().path("credential").path("label").asText()).isEqualTo("Service Key");
        assertThat(a.body().path("credential").path("webhooks").asBoolean(true)).isFalse();
        Answer wrongKind = call("PUT", "/api/connections/hubspot", Map.of("portalId", "12345678", "token", key, "kind", "MAGIC"));
        assertThat(wrongKind.status()).isEqualTo(400);
        assertThat(wrongKind.body().path("field").asText()).isEqualTo("kind");
    }

    @Test
    void aTokenThatCannotReadWhatTheItemsNeedIsRefusedNamingTheScopesAndTheItem() {
        connectDemoPortalAndSite();
        createItem(demoDealsItem());
        String noDeals = "pat-na1-00000000-0000-4000-8000-0000000000d1";
        java.util.Set<String> scopes = new java.util.LinkedHashSet<>(io.hubjira.sandbox.hubspot.HubSpotSandbox.allScopes());
        scopes.remove("crm.objects.deals.read");
        hubspot.registerPrivateAppToken(noDeals, PORTAL, 0, scopes);

        Answer a = connect("12345678", noDeals);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().path("code").asText()).isEqualTo("missing_scopes");
        assertThat(a.body().path("missingScopes").toString()).contains("crm.objects.deals.read");
        assertThat(a.body().path("detail").asText()).contains("deals").contains("Deals to Support");
        assertThat(hubspotConnectionService.current().orElseThrow().accessToken()).as("the previous connection stays").isEqualTo(DEMO_TOKEN);
    }

    @Test
    void reconnectingWithAFixedTokenClearsTheMetadataCacheAtOnce() {
        String noDeals = "pat-na1-00000000-0000-4000-8000-0000000000d2";
        java.util.Set<String> scopes = new java.util.LinkedHashSet<>(io.hubjira.sandbox.hubspot.HubSpotSandbox.allScopes());
        scopes.remove("crm.objects.deals.read");
        hubspot.registerPrivateAppToken(noDeals, PORTAL, 0, scopes);
        assertThat(connect("12345678", noDeals).status()).isEqualTo(200);
        call("PUT", "/api/connections/jira", Map.of("baseUrl", jiraBase(), "email", "connector@example.com", "apiToken", "sandbox-jira-token"));
        Answer refused = call("POST", "/api/items", demoDealsItem());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text()).contains("cannot read 'deals'");

        assertThat(connect("12345678", DEMO_TOKEN).status()).isEqualTo(200);
        Answer saved = call("POST", "/api/items", demoDealsItem());
        assertThat(saved.status()).as("no five minutes of stale metadata: " + saved.text()).isEqualTo(201);
    }

    @Test
    void anEmptyTokenAndANonNumericPortalIdAreRefusedBeforeHubSpotIsAsked() {
        Answer empty = connect("12345678", " ");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().path("code").asText()).isEqualTo("token_required");
        assertThat(empty.body().path("field").asText()).isEqualTo("token");
        Answer portal = connect("12ab", DEMO_TOKEN);
        assertThat(portal.status()).isEqualTo(400);
        assertThat(portal.body().path("detail").asText()).contains("must be numeric").contains("12ab");
        assertThat(calls.count("hubspot", "GET", "/account-info/2026-03/details")).isZero();
    }

    @Test
    void aTokenHubSpotDoesNotKnowIsRejected() {
        Answer a = connect("12345678", "pat-na1-00000000-0000-4000-8000-00000000dead");
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().path("code").asText()).isEqualTo("invalid_token");
        assertThat(a.body().path("detail").asText()).contains("401");
        assertThat(a.text()).doesNotContain("00000000dead");
    }

    @Test
    void aPortalIdThatIsNotTheTokensHubNamesBothIds() {
        Answer a = connect("87654321", DEMO_TOKEN);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().path("code").asText()).isEqualTo("portal_mismatch");
        assertThat(a.body().path("detail").asText()).contains("87654321").contains("12345678");
    }

    @Test
    void anEuTokenAnswering404GetsTheRecoveryMessage() {
        String eu = "pat-eu1-00000000-0000-4000-8000-0000000000e1";
        hubspot.registerPrivateAppToken(eu, 555, 42, Set.of("oauth"));
        hubspot.markAccountInfoNotFound(eu);
        Answer a = connect("555", eu);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().path("code").asText()).isEqualTo("account_not_found");
        assertThat(a.body().path("detail").asText()).contains("pat-eu1-").contains("rotate such a token");
    }

    @Test
    void missingScopesAreNamedExactlyAsHubSpotReturnsThem() {
        String limited = "pat-na1-00000000-0000-4000-8000-0000000000b2";
        hubspot.registerPrivateAppToken(limited, PORTAL, 43, Set.of("crm.objects.deals.read"));
        Answer a = connect("12345678", limited);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().path("code").asText()).isEqualTo("missing_scopes");
        assertThat(a.body().path("missingScopes").toString()).isEqualTo("[\"oauth\"]");
        assertThat(a.body().path("detail").asText()).contains("oauth");
    }

    @Test
    void aFailedAttemptLeavesThePreviousConnectionUntouched() {
        assertThat(connect("12345678", DEMO_TOKEN).status()).isEqualTo(200);
        assertThat(connect("87654321", DEMO_TOKEN).status()).isEqualTo(422);
        Answer summary = call("GET", "/api/connections/hubspot", null);
        assertThat(summary.body().path("connected").asBoolean()).isTrue();
        assertThat(summary.body().path("portalId").asLong()).isEqualTo(12345678);
    }

    @Test
    void revokingRemovesTheConnectionAndAskingAgainIs404() {
        connect("12345678", DEMO_TOKEN);
        assertThat(call("DELETE", "/api/connections/hubspot", null).status()).isEqualTo(204);
        Answer after = call("GET", "/api/connections/hubspot", null);
        assertThat(after.body().path("connected").asBoolean()).isFalse();
        assertThat(after.body().path("help").path("title").asText()).isEqualTo("Need help connecting to HubSpot?");
        assertThat(call("DELETE", "/api/connections/hubspot", null).status()).isEqualTo(404);
    }

    @Test
    void malformedJsonGetsA400NamingTheProblem() {
        Answer a = call("PUT", "/api/connections/hubspot", "{\"portalId\": 12345678, \"token\": ");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().path("code").asText()).isEqualTo("malformed_json");
    }

    @Test
    void transientHubSpotFailuresAreRetriedAndTheConnectionStillSucceeds() {
        faults.failNext("hubspot", 2, 503, "/account-info/");
        assertThat(connect("12345678", DEMO_TOKEN).status()).isEqualTo(200);
        assertThat(calls.matching("hubspot", "GET", "/account-info/2026-03/details").stream().map(c -> c.status()).toList())
                .containsExactly(503, 503, 200);
    }

    @Test
    void oauthCodeExchangeThenRefreshRotatesTheStoredRefreshToken() {
        hubspot.registerOAuthApp("client-1", "client-secret-xyz", "https://connector.example.com/oauth", PORTAL, Set.of("oauth", "crm.objects.deals.read"));
        hubspot.setAccessTokenSeconds(60); // inside the 5-minute refresh skew: the next use must refresh
        String code = hubspot.issueAuthorizationCode("client-1");
        Answer a = call("POST", "/api/connections/hubspot/oauth", Map.of("clientId", "client-1", "clientSecret", "client-secret-xyz",
                "redirectUri", "https://connector.example.com/oauth", "code", code, "state", installState()));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.body().path("authType").asText()).isEqualTo("OAUTH");
        assertThat(a.text()).doesNotContain("client-secret-xyz");
        String refreshBefore = hubspotConnections.current().orElseThrow().refreshToken();
        assertThat(hubspotConnections.refreshIfExpiring()).isTrue();
        String refreshAfter = hubspotConnections.current().orElseThrow().refreshToken();
        assertThat(refreshAfter).isNotEqualTo(refreshBefore);
        // the rotated-out refresh token no longer works at HubSpot
        Answer reuse = call("POST", "/api/connections/hubspot/oauth", Map.of("clientId", "client-1", "clientSecret", "client-secret-xyz",
                "redirectUri", "https://connector.example.com/oauth", "code", code, "state", installState()));
        assertThat(reuse.status()).isEqualTo(422);
        assertThat(reuse.body().path("code").asText()).isEqualTo("oauth_code_rejected");
        assertThat(hubspotConnections.current().orElseThrow().authType()).isEqualTo(HubSpotConnection.AuthType.OAUTH);
    }

    /** The state of a fresh authorize URL for client-1 (OAuthStateTest covers the state itself). */
    private String installState() {
        Answer url = call("GET", "/api/connections/hubspot/oauth/authorize-url?clientId=client-1&redirectUri=https%3A%2F%2Fconnector.example.com%2Foauth"
                + "&scopes=oauth", null);
        assertThat(url.status()).as(url.text()).isEqualTo(200);
        return url.body().path("state").asText();
    }

    @Test
    void jiraConnectsWithValidCredentialsAndRemembersItsOwnAccount() {
        Answer bad = call("PUT", "/api/connections/jira", Map.of("baseUrl", jiraBase(), "email", "connector@example.com", "apiToken", "wrong-token"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().path("code").asText()).isEqualTo("invalid_credentials");
        Answer badUrl = call("PUT", "/api/connections/jira", Map.of("baseUrl", "not a url", "email", "a@b.c", "apiToken", "x"));
        assertThat(badUrl.status()).isEqualTo(422);
        assertThat(badUrl.body().path("rule").asText()).isEqualTo("malformed");
        Answer ok = call("PUT", "/api/connections/jira", Map.of("baseUrl", jiraBase() + "/", "email", "connector@example.com", "apiToken", "sandbox-jira-token"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().path("accountId").asText()).isEqualTo(jira.connectorUser().accountId());
        assertThat(ok.body().path("baseUrl").asText()).isEqualTo(jiraBase());
        assertThat(ok.text()).doesNotContain("sandbox-jira-token");
        assertThat(call("DELETE", "/api/connections/jira", null).status()).isEqualTo(204);
    }

    @Test
    void noTokenAppearsInPlainTextInTheDatabaseOrTheLogs(CapturedOutput output) {
        connect("12345678", DEMO_TOKEN);
        call("PUT", "/api/connections/jira", Map.of("baseUrl", jiraBase(), "email", "connector@example.com", "apiToken", "sandbox-jira-token"));
        org.slf4j.LoggerFactory.getLogger("test").info("calling with Authorization: Bearer {} and {}", DEMO_TOKEN, "sandbox-jira-token");
        org.slf4j.LoggerFactory.getLogger("test").warn("failure", new IllegalStateException("token " + DEMO_TOKEN + " was refused"));
        for (String table : List.of("hubspot_connection", "jira_connection")) {
            for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM " + table)) {
                assertThat(row.values().toString()).doesNotContain(DEMO_TOKEN).doesNotContain("sandbox-jira-token");
            }
        }
        assertThat(output.getAll()).doesNotContain(DEMO_TOKEN).doesNotContain("sandbox-jira-token").contains("Bearer ****");
    }
}
