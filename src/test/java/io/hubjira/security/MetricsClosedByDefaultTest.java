package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;

/**
 * The metrics scrape shows the route layout, every SQL statement, item ids and error counts, so it is closed by
 * default: with no token configured the connector generates one into an owner-only file on first start, and an
 * anonymous scrape gets 401 while the file's token gets the metrics. Only an explicit setting opens it.
 */
class MetricsClosedByDefaultTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> scrape(int port, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    @NestedTestConfiguration(NestedTestConfiguration.EnclosingConfiguration.OVERRIDE)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "connector.security.metrics-token=")
    @ActiveProfiles("test")
    @AutoConfigureObservability
    class WithDefaultSettings {

        static final Path TOKEN_FILE = temporary().resolve("data/metrics-token");

        @DynamicPropertySource
        static void tokenFile(DynamicPropertyRegistry registry) {
            registry.add("connector.security.metrics-token-file", TOKEN_FILE::toString);
        }

        @LocalServerPort
        int port;
        @Autowired
        ObjectMapper json;

        @Test
        void anAnonymousScrapeIs401AndTheGeneratedTokenScrapes() throws Exception {
            HttpResponse<String> anonymous = scrape(port, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json.readTree(anonymous.body()).path("code").asText()).isEqualTo("unauthorized");
            assertThat(anonymous.body()).doesNotContain("jvm_memory_used_bytes");
            assertThat(scrape(port, "Bearer not-the-token").statusCode()).isEqualTo(401);

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(TOKEN_FILE))).isEqualTo("rw-------");
            String token = Files.readString(TOKEN_FILE).trim();
            assertThat(token).hasSizeGreaterThanOrEqualTo(20);
            HttpResponse<String> scraped = scrape(port, "Bearer " + token);
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.body()).contains("jvm_memory_used_bytes").contains("connector_login_checks_total");
        }

        @Test
        void theMetricsTokenOpensNothingElse() throws Exception {
            String token = Files.readString(TOKEN_FILE).trim();
            for (String path : new String[] {"/api/connections", "/actuator/health", "/actuator/metrics"}) {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(path).isEqualTo(403);
            }
        }
    }

    @Nested
    @NestedTestConfiguration(NestedTestConfiguration.EnclosingConfiguration.OVERRIDE)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "connector.security.metrics-token=", "connector.security.metrics-open=true"})
    @ActiveProfiles("test")
    @AutoConfigureObservability
    class OpenedExplicitly {

        static final Path TOKEN_FILE = temporary().resolve("data/metrics-token");

        @DynamicPropertySource
        static void tokenFile(DynamicPropertyRegistry registry) {
            registry.add("connector.security.metrics-token-file", TOKEN_FILE::toString);
        }

        @LocalServerPort
        int port;

        @Test
        void anAnonymousScrapeIs200AndNoTokenIsGenerated() throws Exception {
            HttpResponse<String> anonymous = scrape(port, null);
            assertThat(anonymous.statusCode()).isEqualTo(200);
            assertThat(anonymous.body()).contains("jvm_memory_used_bytes");
            assertThat(TOKEN_FILE).doesNotExist();
        }
    }

    /** A fresh folder under target/ for one context's generated token. */
    static Path temporary() {
        return Path.of("target", "metrics-token-test-" + java.util.UUID.randomUUID()).toAbsolutePath();
    }
}
