package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threat: login CSRF on the OAuth install — an attacker installs the app in their own portal, keeps the code, and gets
 * it into the admin's code exchange, so the connector syncs into the attacker's portal. The authorize URL carries a
 * {@code state} the connector generated for the admin who asked; the code is exchanged only with that state, by that
 * admin, once, before it expires, and a missing or wrong one is refused with a problem naming it before anything is
 * sent to HubSpot. Driven through the simulated HubSpot consent page, which redirects with the code and the state.
 */
class OAuthStateTest extends SandboxTest {

    private static final String CLIENT = "public-app-1";
    private static final String SECRET = "public-app-client-secret";
    private static final String REDIRECT = "https://connector.example.com/oauth/callback";

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void anOAuthApp() {
        resetEverything();
        hubspot.registerOAuthApp(CLIENT, SECRET, REDIRECT, PORTAL, Set.of("oauth", "crm.objects.deals.read"));
        jdbc.update("DELETE FROM oauth_install_state");
    }

    @Test
    void theCodeComesBackWithTheStateTheConnectorIssuedAndConnectsOnce() throws Exception {
        Answer consent = authorizeUrl();
        String url = consent.body().path("url").asText();
        String state = consent.body().path("state").asText();
        assertThat(url).startsWith("http://127.0.0.1:" + port + "/sandbox/hubspot/oauth/authorize?")
                .contains("state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
        assertThat(state).as("unguessable").hasSizeGreaterThanOrEqualTo(43);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth_install_state WHERE state_digest = ?", Integer.class, state))
                .as("only a digest is stored").isZero();

        Map<String, String> redirect = consentGiven(url);
        assertThat(redirect.get("state")).isEqualTo(state);
        Answer connected = exchange(redirect.get("code"), redirect.get("state"));
        assertThat(connected.status()).as(connected.text()).isEqualTo(200);
        assertThat(connected.body().path("authType").asText()).isEqualTo("OAUTH");

        Answer again = exchange(consentGiven(url).get("code"), state);
        assertThat(again.status()).as("single use").isEqualTo(422);
        assertThat(again.body().path("code").asText()).isEqualTo("oauth_state_unknown");
        assertThat(again.body().path("field").asText()).isEqualTo("state");
    }

    @Test
    void aCodeWithoutStateOrWithOneTheConnectorNeverIssuedIsRefusedBeforeHubSpotIsAsked() throws Exception {
        // the attacker's own install: a real code, but the state (if any) is not one issued to this admin
        String attackersCode = consentGiven(authorizeUrl().body().path("url").asText()).get("code");
        calls.clear();

        Answer missing = exchange(attackersCode, null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text()).contains("application/problem+json");
        assertThat(missing.body().path("code").asText()).isEqualTo("state_required");
        assertThat(missing.body().path("field").asText()).isEqualTo("state");

        Answer forged = exchange(attackersCode, "c3RhdGUtdGhlLWNvbm5lY3Rvci1uZXZlci1pc3N1ZWQtYWJjZGVmZ2hpams");
        assertThat(forged.status()).isEqualTo(422);
        assertThat(forged.body().path("code").asText()).isEqualTo("oauth_state_unknown");
        assertThat(forged.body().path("detail").asText()).contains("not issued by this connector");

        assertThat(calls.matching("hubspot", "POST", ".*/token")).as("no code was exchanged").isEmpty();
        assertThat(hubspotConnectionService.current()).isEmpty();
    }

    @Test
    void aStateIsBoundToTheAdminWhoAskedAndToItsClientAndRedirect() throws Exception {
        String url = authorizeUrl().body().path("url").asText();
        Map<String, String> redirect = consentGiven(url);

        Answer otherLogin = exchangeAs("Bearer test-admin-token", redirect.get("code"), redirect.get("state"), REDIRECT);
        assertThat(otherLogin.status()).isEqualTo(422);
        assertThat(otherLogin.body().path("code").asText()).isEqualTo("oauth_state_other_admin");
        assertThat(exchange(redirect.get("code"), redirect.get("state")).body().path("code").asText())
                .as("the attempt used the state up").isEqualTo("oauth_state_unknown");

        Map<String, String> second = consentGiven(authorizeUrl().body().path("url").asText());
        Answer otherRedirect = exchangeAs(basicAdmin(), second.get("code"), second.get("state"), "https://elsewhere.example/oauth");
        assertThat(otherRedirect.body().path("code").asText()).isEqualTo("oauth_state_mismatch");
        assertThat(calls.matching("hubspot", "POST", ".*/token")).isEmpty();
    }

    @Test
    void anExpiredStateIsRefusedNamingTheExpiry() throws Exception {
        Map<String, String> redirect = consentGiven(authorizeUrl().body().path("url").asText());
        // ten minutes pass
        jdbc.update("UPDATE oauth_install_state SET expires_at = expires_at - INTERVAL '11' MINUTE");

        Answer late = exchange(redirect.get("code"), redirect.get("state"));
        assertThat(late.status()).isEqualTo(422);
        assertThat(late.body().path("code").asText()).isEqualTo("oauth_state_expired");
        assertThat(late.body().path("detail").asText()).contains("expired").contains("valid for 10 minutes");
        assertThat(hubspotConnectionService.current()).isEmpty();
    }

    /** The admin, logged in to the console with the password, starts the install. */
    private Answer authorizeUrl() throws Exception {
        HttpResponse<String> r = http.send(request("/api/connections/hubspot/oauth/authorize-url?clientId=" + CLIENT + "&redirectUri="
                + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8) + "&scopes=oauth%20crm.objects.deals.read")
                .header("Authorization", basicAdmin()).header("Sec-Fetch-Site", "same-origin").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new Answer(r.statusCode(), json.readTree(r.body()), r.body());
    }

    /** The admin's browser on HubSpot's consent page: the redirect's query (code and state). */
    private Map<String, String> consentGiven(String url) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(302);
        URI location = URI.create(page.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(REDIRECT + "?");
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : location.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    private Answer exchange(String code, String state) throws Exception {
        return exchangeAs(basicAdmin(), code, state, REDIRECT);
    }

    private static String basicAdmin() {
        return "Basic " + Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));
    }

    private Answer exchangeAs(String authorization, String code, String state, String redirectUri) throws Exception {
        Map<String, String> form = new LinkedHashMap<>(Map.of("clientId", CLIENT, "clientSecret", SECRET, "redirectUri", redirectUri,
                "code", code));
        if (state != null) {
            form.put("state", state);
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/connections/hubspot/oauth"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .header("Sec-Fetch-Site", "same-origin") // sent, as a browser does, from the console's connections page
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(form))).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), json.readTree(r.body()), r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("")
                + " " + r.body());
    }
}
