package io.hubjira.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** What operators rely on: health components, Prometheus, JMX route MBeans by route id, Hawtio behind admin credentials. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureObservability
class OperationsBaselineTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    org.quartz.Scheduler scheduler;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void healthShowsTheDatabaseHubSpotJiraAndSetupComponentsToTheAdmin() throws Exception {
        HttpResponse<String> anonymous = get("/actuator/health", null);
        assertThat(anonymous.statusCode()).as("details are for the admin").isEqualTo(401);

        HttpResponse<String> health = get("/actuator/health", basic("admin", "test-admin-password"));
        JsonNode body = json.readTree(health.body());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(body.path("components").path("hubspot").path("details").path("reason").asText()).contains("HubSpot connection not configured");
        assertThat(body.path("components").path("jira").path("details").path("connected").asBoolean(true)).isFalse();
        assertThat(body.path("components").path("setup").path("status").asText()).isEqualTo("UNKNOWN");
        assertThat(body.path("components").path("setup").path("details").path("missing").toString())
                .contains("HubSpot connection").contains("Jira connection");
    }

    @Test
    void prometheusScrapesTheConnectorsMetrics() throws Exception {
        HttpResponse<String> scrape = get("/actuator/prometheus", "Bearer test-metrics-token");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes").contains("application=\"hubspot-jira-connector\"");
        jdbc.update("INSERT INTO hubspot_change (hubspot_connection_id, object_type, record_id, received_at) VALUES (1, 'deals', '42', CURRENT_TIMESTAMP)");
        try {
            String backlog = get("/actuator/prometheus", "Bearer test-metrics-token").body();
            assertThat(backlog).containsPattern("connector_hubspot_changes_waiting\\{[^}]*\\} 1\\.0")
                    .containsPattern("connector_jira_inbox_waiting\\{[^}]*\\} 0\\.0")
                    .containsPattern("connector_dead_letters_open\\{[^}]*\\} 0\\.0");
        } finally {
            jdbc.update("DELETE FROM hubspot_change");
        }
    }

    @Test
    void thePollIsScheduledInTheClusteredJdbcJobStoreWithTheConfiguredCron() throws Exception {
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
        assertThat(jdbc.queryForObject("SELECT c.cron_expression FROM qrtz_cron_triggers c JOIN qrtz_triggers t ON t.trigger_name = c.trigger_name "
                + "AND t.trigger_group = c.trigger_group WHERE t.trigger_name = 'hubspot-poll'", String.class)).isEqualTo("0 0 0 1 1 ? 2099");
        assertThat(jdbc.queryForObject("SELECT is_nonconcurrent FROM qrtz_job_details WHERE job_name = 'hubspot-poll'", Boolean.class))
                .as("a poll never overlaps itself").isTrue();
    }

    @Test
    void everyCamelRouteHasAJmxMBeanNamedByItsRouteId() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> routes = server.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
        assertThat(routes).extracting(n -> n.getKeyProperty("name")).contains("\"hubspot-token-refresh\"");
    }

    @Test
    void hawtioAndJolokiaNeedTheAdminCredentials() throws Exception {
        HttpResponse<String> anonymous = get("/actuator/hawtio/", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json.readTree(anonymous.body()).path("code").asText()).isEqualTo("unauthorized");

        HttpResponse<String> admin = get("/actuator/hawtio/", basic("admin", "test-admin-password"));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).containsIgnoringCase("hawtio");

        HttpResponse<String> jolokia = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/jolokia"))
                .header("Authorization", "Bearer test-admin-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(jolokia.statusCode()).isEqualTo(200);
        assertThat(json.readTree(jolokia.body()).path("value").path("used").asLong()).isPositive();
    }

    @Test
    void theAdminApiRejectsMissingAndWrongCredentialsWithJson() throws Exception {
        for (String auth : new String[] {null, basic("admin", "wrong"), "Bearer not-the-token"}) {
            HttpResponse<String> answer = get("/api/connections", auth);
            assertThat(answer.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json.readTree(answer.body()).path("detail").asText()).contains("Admin credentials are required");
        }
        assertThat(get("/api/connections", "Bearer test-admin-token").statusCode()).isEqualTo(200);
        assertThat(get("/api/connections", basic("admin", "test-admin-password")).statusCode()).isEqualTo(200);
    }
}
