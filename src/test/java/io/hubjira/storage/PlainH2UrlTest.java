package io.hubjira.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.hubjira.intake.HubSpotWebhookIntake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * A user who points the connector at a plain {@code jdbc:h2:file:} URL (no compatibility flags) loses nothing: the
 * storage runs in H2's PostgreSQL mode anyway, so HubSpot webhook deliveries are stored (200), not refused with 503.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "connector.hubspot.webhook-secret=plain-h2-secret")
@ActiveProfiles("test")
class PlainH2UrlTest {

    static Path directory;

    @DynamicPropertySource
    static void plainFileUrl(DynamicPropertyRegistry registry) throws Exception {
        directory = Files.createTempDirectory("plain-h2");
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + directory.resolve("connector").toAbsolutePath());
        registry.add("connector.secrets.h2-password-file", () -> directory.resolve("h2-password").toString());
    }

    @AfterAll
    static void removeDatabase() throws Exception {
        FileSystemUtils.deleteRecursively(directory);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.apache.camel.CamelContext camel;

    @Test
    void hubSpotWebhookDeliveriesAreStored() throws Exception {
        // the stored records stay where the test can count them
        camel.getRouteController().stopRoute("hubspot-webhook-sync");
        assertThat(jdbc.queryForObject("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MODE'", String.class))
                .isEqualTo("PostgreSQL");
        // a portal's connection (its app secret: the setting) and an item watching its deals (inserted directly: this test
        // is about storage, not connections or item validation)
        jdbc.update("""
                INSERT INTO hubspot_connection (name, state, auth_type, token_kind, portal_id, connected_at, updated_at)
                VALUES ('plain', 'ACTIVE', 'STATIC_TOKEN', 'PROJECT_APP', 12345678, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""");
        long connection = jdbc.queryForObject("SELECT id FROM hubspot_connection", Long.class);
        jdbc.update("""
                INSERT INTO sync_item (name, mode, hubspot_module, hubspot_object_type, jira_project_keys, jira_issue_type_id,
                    enabled, source, version, created_at, updated_at, hubspot_connection_id)
                VALUES ('Deals', 'ONE_WAY', 'CRM', 'deals', 'SUP', '10001', TRUE, 'API', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?)""", connection);
        String url = "http://127.0.0.1:" + port + "/webhooks/hubspot";
        String body = "[{\"objectId\":42,\"portalId\":12345678,\"subscriptionType\":\"deal.propertyChange\",\"propertyName\":\"amount\",\"occurredAt\":1}]";
        String timestamp = String.valueOf(System.currentTimeMillis());
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-HubSpot-Request-Timestamp", timestamp)
                .header("X-HubSpot-Signature-v3", HubSpotWebhookIntake.signatureV3("plain-h2-secret", "POST", url, body, timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        // delivered twice: still one waiting record (the upsert)
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-HubSpot-Request-Timestamp", timestamp)
                .header("X-HubSpot-Signature-v3", HubSpotWebhookIntake.signatureV3("plain-h2-secret", "POST", url, body, timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change WHERE object_type = 'deals' AND record_id = '42'", Integer.class))
                .isEqualTo(1);
    }
}
