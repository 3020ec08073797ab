package io.hubjira.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.hubjira.sandbox.forge.ForgeSandbox;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.sandbox.jira.JiraWebhookSender;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A second simulated Jira site next to the demo one (site X, in the connector's process): its own base URL, state,
 * connector account and credentials, its webhooks to its own URL with its own secret, issue keys that collide with
 * X's; and Forge tokens of its own installation.
 */
class SimulatorSitesTest extends SandboxTest {

    @RegisterExtension
    static final SimulatedJiraSite siteY = SimulatedJiraSite.perTestClass(SimulatedJiraSite.Settings.siteY());

    @Autowired
    ForgeSandbox forge;

    @BeforeEach
    void clean() {
        resetEverything();
        webhooks.setEnabled(false);
    }

    private Raw get(String base, String path, String email, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(HTTP_TIMEOUT)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Raw(r.statusCode(), r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body()));
    }

    record Raw(int status, JsonNode body) {}

    private static final String X_EMAIL = "connector@example.com";
    private static final String X_TOKEN = "sandbox-jira-token";

    @Test
    void siteYHasItsOwnBaseUrlStateAndConnectorAccountAndItsKeysCollideWithX() throws Exception {
        assertThat(siteY.baseUrl()).isNotEqualTo(jiraBase()).startsWith("http://127.0.0.1:").endsWith("/sandbox/jira");
        SimulatedJiraSite.Settings y = siteY.settings();

        JsonNode meOnX = get(jiraBase(), "/rest/api/3/myself", X_EMAIL, X_TOKEN).body();
        JsonNode meOnY = get(siteY.baseUrl(), "/rest/api/3/myself", y.connectorEmail(), y.apiToken()).body();
        assertThat(meOnX.path("accountId").asText()).isEqualTo(JiraSandbox.DEFAULT_CONNECTOR_ACCOUNT_ID);
        assertThat(meOnY.path("accountId").asText()).isEqualTo(y.connectorAccountId()).isEqualTo(siteY.connectorAccountId())
                .isNotEqualTo(meOnX.path("accountId").asText());
        assertThat(get(siteY.baseUrl(), "/rest/api/3/myself", X_EMAIL, X_TOKEN).status()).as("X's credentials on Y").isEqualTo(401);
        assertThat(get(jiraBase(), "/rest/api/3/myself", y.connectorEmail(), y.apiToken()).status()).as("Y's credentials on X").isEqualTo(401);

        // the same key on both sites names two issues
        JiraSandbox.Issue onX = jira.existingIssue("SUP", "10001", "Only on X");
        JiraSandbox.Issue onY = siteY.jira().existingIssue("SUP", "10001", "Only on Y");
        assertThat(onY.key).isEqualTo(onX.key);
        assertThat(get(jiraBase(), "/rest/api/3/issue/" + onX.key, X_EMAIL, X_TOKEN).body().path("fields").path("summary").asText()).isEqualTo("Only on X");
        assertThat(get(siteY.baseUrl(), "/rest/api/3/issue/" + onY.key, y.connectorEmail(), y.apiToken()).body().path("fields").path("summary").asText())
                .isEqualTo("Only on Y");
        JiraSandbox.Issue laterOnY = siteY.jira().existingIssue("SUP", "10001", "Second on Y");
        assertThat(jira.issue(laterOnY.key)).as("a key only Y has yet").isEmpty();
        assertThat(get(jiraBase(), "/rest/api/3/issue/" + laterOnY.key, X_EMAIL, X_TOKEN).status()).isEqualTo(404);
        // each site logs the calls it answered, and only those
        assertThat(siteY.calls().calls("jira")).extracting(c -> c.path() + " " + c.status())
                .containsExactly("/rest/api/3/myself 200", "/rest/api/3/myself 401", "/rest/api/3/issue/" + onY.key + " 200");
        assertThat(calls.calls("jira")).extracting(c -> c.path() + " " + c.status())
                .containsExactly("/rest/api/3/myself 200", "/rest/api/3/myself 401", "/rest/api/3/issue/" + onX.key + " 200",
                        "/rest/api/3/issue/" + laterOnY.key + " 404");
    }

    @Test
    void siteYDeliversItsWebhooksToItsOwnUrlSignedWithItsOwnSecret() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver("X-Hub-Signature", 200)) {
            var received = receiver.received;
            siteY.deliverWebhooksTo(receiver.url("/webhooks/jira/2"), "secret-of-y");
            webhooks.configure(receiver.url("/webhooks/jira/1"), "secret-of-x");
            webhooks.setEnabled(true);
            JiraSandbox.Issue onY = siteY.jira().existingIssue("SUP", "10001", "Made on Y");
            var adf = json.createObjectNode().put("type", "doc").put("version", 1);
            adf.putArray("content").addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text").put("text", "Said on Y");
            siteY.jira().asUser("ada.lovelace@example.com", () -> io.hubjira.sandbox.jira.JiraIssues.addComment(siteY.jira(), onY, adf, siteY.baseUrl()));
            siteY.webhooks().drain();
            webhooks.drain();
            assertThat(received).isNotEmpty().extracting(WebhookReceiver.Received::path).containsOnly("/webhooks/jira/2");
            for (WebhookReceiver.Received delivery : received) {
                assertThat(delivery.signature()).isEqualTo("sha256=" + JiraWebhookSender.hmacHex("secret-of-y", delivery.body()))
                        .isNotEqualTo("sha256=" + JiraWebhookSender.hmacHex("secret-of-x", delivery.body()));
            }
            assertThat(received.get(received.size() - 1).body()).contains("https://sandbox-site-y.atlassian.net");
            assertThat(siteY.webhooks().deliveries()).extracting(JiraWebhookSender.Delivery::finalStatus).containsOnly(200);
        } finally {
            webhooks.setEnabled(false);
        }
    }

    @Test
    void forgeMintsTokensOfSiteYsInstallationSignedWithThePublishedKeys() throws Exception {
        ForgeSandbox.Installation y = ForgeSandbox.Installation.SITE_Y;
        assertThat(y.installationId()).isNotEqualTo(ForgeSandbox.INSTALLATION_ID);
        assertThat(y.cloudId()).isNotEqualTo(ForgeSandbox.CLOUD_ID);
        assertThat(forge.installation()).isEqualTo(ForgeSandbox.Installation.DEFAULT);

        JiraSandbox.Issue issue = siteY.jira().existingIssue("SUP", "10001", "Panel on Y");
        SignedJWT fit = SignedJWT.parse(forge.fit(y, "5b10ac8d82e05b22cc7d4ef1", issue.key, issue.id));
        assertThat(fit.verify(new RSASSAVerifier(forge.signingKey().toRSAPublicKey()))).isTrue();
        Map<String, Object> app = fit.getJWTClaimsSet().getJSONObjectClaim("app");
        Map<String, Object> context = fit.getJWTClaimsSet().getJSONObjectClaim("context");
        assertThat(app.get("installationId")).isEqualTo(y.installationId());
        assertThat(app.get("apiBaseUrl")).isEqualTo("https://api.atlassian.com/ex/jira/" + y.cloudId());
        assertThat(context.get("cloudId")).isEqualTo(y.cloudId());
        assertThat(context.get("siteUrl")).isEqualTo(y.siteUrl());
        assertThat(context.get("extension").toString()).contains(issue.key);

        // the demo site's tokens are unchanged
        Map<String, Object> onX = SignedJWT.parse(forge.fit("5b10ac8d82e05b22cc7d4ef1", "SUP-1", "10001")).getJWTClaimsSet().getJSONObjectClaim("app");
        assertThat(onX.get("installationId")).isEqualTo(ForgeSandbox.INSTALLATION_ID);
    }
}
