package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.hubjira.connection.ConnectionStore;
import io.hubjira.secret.SecretCipher;
import io.hubjira.secret.SecretColumn;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Threat: someone who can write to the database (a restored or tampered copy, a shared PostgreSQL) moves a token's
 * ciphertext to another column, table or row — or points the Jira connection at another host — so the connector hands
 * a secret to the wrong use. Every ciphertext is bound to its table, column and row (AES-GCM associated data; the Jira
 * token to its site URL too): a moved one refuses to decrypt with an error naming both places, never a wrong value.
 * An installation whose secrets an earlier version stored unbound is upgraded in place at start-up and keeps working.
 */
@ExtendWith(OutputCaptureExtension.class)
class CiphertextBindingTest extends SandboxTest {

    /** The test profile's master key (application-test.yaml). */
    private static final byte[] TEST_KEY = Base64.getDecoder().decode("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=");

    @Autowired
    ConnectionStore store;
    @Autowired
    SecretCipher cipher;

    @BeforeEach
    void connected() {
        resetEverything();
        connectDemoPortalAndSite();
    }

    @Test
    void aTokenCopiedToAnotherTableIsRefusedNamingBothPlacesAndNothingIsSentWithIt() {
        jdbc.update("UPDATE hubspot_connection SET access_token_enc = (SELECT api_token_enc FROM jira_connection WHERE id = 1)");
        calls.clear();

        Answer summary = call("GET", "/api/connections/hubspot", null);
        assertThat(summary.status()).isEqualTo(500);
        assertThat(summary.body().path("code").asText()).isEqualTo("stored_secret_unreadable");
        assertThat(summary.body().path("detail").asText())
                .contains("The secret in hubspot_connection.access_token_enc was encrypted for jira_connection.api_token_enc")
                .doesNotContain("sandbox-jira-token");
        assertThatThrownBy(() -> hubspotAccessTokens.accessToken()).isInstanceOf(SecretCipher.SecretException.class);
        assertThat(calls.matching("hubspot", "GET", ".*")).as("no HubSpot call carries a wrong token").isEmpty();
    }

    @Test
    void aTokenCopiedToAnotherColumnOfItsRowIsRefused() {
        jdbc.update("UPDATE hubspot_connection SET oauth_client_secret_enc = access_token_enc");

        assertThatThrownBy(() -> store.findHubSpot()).isInstanceOf(SecretCipher.SecretException.class)
                .hasMessageContaining("hubspot_connection.oauth_client_secret_enc was encrypted for hubspot_connection.access_token_enc");
    }

    @Test
    void aPlaceLabelRewrittenToMatchDoesNotHelpTheAssociatedDataDecides() {
        String jiraToken = jdbc.queryForObject("SELECT api_token_enc FROM jira_connection", String.class);
        String relabelled = jiraToken.replace("v2:jira_connection.api_token_enc:", "v2:hubspot_connection.access_token_enc:");
        jdbc.update("UPDATE hubspot_connection SET access_token_enc = ?", relabelled);

        assertThatThrownBy(() -> store.findHubSpot()).isInstanceOf(SecretCipher.SecretException.class)
                .hasMessageContaining("hubspot_connection.access_token_enc (row 1) cannot be decrypted")
                .hasMessageNotContaining("sandbox-jira-token");
    }

    @Test
    void theJiraTokenIsBoundToItsSiteAndToItsRow() {
        jdbc.update("UPDATE jira_connection SET base_url = 'https://attacker.example'");
        assertThatThrownBy(() -> jiraSiteCredentials.credentials()).as("a changed site URL cannot take the token elsewhere")
                .isInstanceOf(SecretCipher.SecretException.class).hasMessageContaining("jira_connection.api_token_enc")
                .hasMessageContaining("encrypted for another row");

        // the demo connections are rows 1; the binding holds for every other row of the list all the same
        SecretColumn tokens = new SecretColumn("jira_connection", "api_token_enc", "id", "base_url");
        String sealed = cipher.encrypt("sandbox-jira-token", tokens.at(1, jiraBase()));
        assertThat(cipher.decrypt(sealed, tokens.at(1, jiraBase()))).isEqualTo("sandbox-jira-token");
        assertThatThrownBy(() -> cipher.decrypt(sealed, tokens.at(2, jiraBase()))).isInstanceOf(SecretCipher.SecretException.class)
                .hasMessageContaining("(row 2|" + jiraBase() + ") cannot be decrypted");
    }

    @Test
    void secretsAnEarlierVersionStoredUnboundAreReEncryptedInPlaceAndKeepWorking(CapturedOutput output) {
        jdbc.update("UPDATE hubspot_connection SET access_token_enc = ?", unbound(DEMO_TOKEN, TEST_KEY));
        jdbc.update("UPDATE jira_connection SET api_token_enc = ?", unbound("sandbox-jira-token", TEST_KEY));
        Answer beforeUpgrade = call("GET", "/api/connections/hubspot", null);
        assertThat(beforeUpgrade.body().path("detail").asText()).as("only the upgrade reads unbound values")
                .contains("unbound format of an earlier version");

        store.bindUnboundSecrets(); // what every start runs before anything reads a connection

        String hubspotToken = jdbc.queryForObject("SELECT access_token_enc FROM hubspot_connection", String.class);
        String jiraToken = jdbc.queryForObject("SELECT api_token_enc FROM jira_connection", String.class);
        assertThat(hubspotToken).startsWith("v2:hubspot_connection.access_token_enc:");
        assertThat(jiraToken).startsWith("v2:jira_connection.api_token_enc:");
        assertThat(output.getOut()).contains("Re-encrypted 2 stored secret(s) of an earlier version");

        hubspotMetadata.refresh();
        jiraMetadata.refresh();
        calls.clear();
        assertThat(call("GET", "/api/catalog/hubspot/objects/deals/properties", null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/catalog/jira/projects", null).status()).isEqualTo(200);
        assertThat(calls.matching("hubspot", "GET", ".*")).as("HubSpot accepted the re-encrypted token").isNotEmpty()
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
        assertThat(calls.matching("jira", "GET", ".*")).as("Jira accepted the re-encrypted token").isNotEmpty()
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(200));

        store.bindUnboundSecrets();
        assertThat(jdbc.queryForObject("SELECT access_token_enc FROM hubspot_connection", String.class)).as("the next start changes nothing")
                .isEqualTo(hubspotToken);
    }

    @Test
    void anUnboundValueUnderAnotherMasterKeyIsLeftAsItIsAndSaidSo(CapturedOutput output) {
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        String foreign = unbound(DEMO_TOKEN, otherKey);
        jdbc.update("UPDATE hubspot_connection SET access_token_enc = ?", foreign);

        store.bindUnboundSecrets();

        assertThat(jdbc.queryForObject("SELECT access_token_enc FROM hubspot_connection", String.class)).isEqualTo(foreign);
        assertThat(output.getOut()).contains("The unbound secret in hubspot_connection.access_token_enc (row 1) was left as it is")
                .contains("master key differs");
    }

    /** A value as earlier versions stored it: {@code v1:base64(iv || AES-GCM ciphertext)}, no associated data. */
    static String unbound(String plain, byte[] key) {
        try {
            byte[] iv = new byte[12];
            new SecureRandom().nextBytes(iv);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = gcm.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return "v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
