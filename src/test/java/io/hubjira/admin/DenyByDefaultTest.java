package io.hubjira.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.support.ServedPaths;
import jakarta.servlet.ServletContext;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Deny by default, proven on the running application: every path it serves — servlet registrations (Jolokia's and
 * Hawtio's own servlets included), every Spring MVC handler mapping (controllers, actuator endpoints, resource
 * handlers), the platform-http routes and every static resource — answers an anonymous request with 401 and a problem
 * document, except the allow-list: the two webhooks (their own secrets), the liveness and readiness probes, the
 * metrics scrape (here configured to need its own token) and the favicon; the Forge app's paths ({@code /forge/**})
 * answer 401 too, asking for a Forge Invocation Token instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "connector.security.metrics-token=test-scrape-token")
@ActiveProfiles("test")
@AutoConfigureObservability
class DenyByDefaultTest {

    /** The allow-list: path → why it is open. */
    static final Map<String, String> ALLOWED = Map.of(
            "POST /webhooks/jira", "authenticated by the Jira webhook secret",
            "POST /webhooks/jira/1", "authenticated by the webhook secret of the Jira connection it names",
            "POST /webhooks/hubspot", "authenticated by the HubSpot app's v3 signature",
            "GET /actuator/health/liveness", "probe: the status only",
            "GET /actuator/health/readiness", "probe: the status only",
            "GET /favicon.ico", "asked for by browsers before any login");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    ServletContext servletContext;
    @Autowired
    CamelContext camel;
    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyPathTheApplicationServesNeedsTheAdminCredentialsExceptTheAllowList() throws Exception {
        Set<String> served = servedPaths();
        // the discovery must see every kind of path, or the check below would prove nothing
        assertThat(served).contains("GET /actuator/jolokia/x", "GET /actuator/hawtio/x", "GET /actuator/health",
                "GET /api/items", "POST /api/items", "GET /console/admin.html", "POST /webhooks/jira", "POST /webhooks/jira/1", "POST /webhooks/hubspot",
                "GET /actuator/prometheus", "DELETE /api/items/1", "GET /forge/panel/1", "POST /forge/panel/1/items/1/link");
        assertThat(served.size()).isGreaterThan(60);

        List<String> open = new ArrayList<>();
        for (String request : served) {
            String method = request.substring(0, request.indexOf(' '));
            String path = request.substring(request.indexOf(' ') + 1);
            HttpResponse<String> answer = send(method, path, null);
            if (ALLOWED.containsKey(request)) {
                // open to anonymous callers: whatever it answers, it is not the admin credentials' refusal
                assertThat(answer.headers().firstValue("WWW-Authenticate")).as(request + " is on the allow-list").isEmpty();
                continue;
            }
            if (answer.statusCode() != 401) {
                open.add(request + " -> " + answer.statusCode());
                continue;
            }
            if (path.startsWith("/forge/")) {
                // the Forge app's door: a Forge Invocation Token, not the admin credentials; JSON as Forge wants it
                assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(request).startsWith("application/json");
                assertThat(json.readTree(answer.body()).path("code").asText()).as(request).isEqualTo("fit_missing");
                assertThat(answer.headers().firstValue("WWW-Authenticate").orElse("")).as(request).startsWith("Bearer");
                continue;
            }
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(request).startsWith("application/problem+json");
            JsonNode problem = json.readTree(answer.body());
            assertThat(problem.path("code").asText()).as(request).isEqualTo("unauthorized");
            assertThat(answer.headers().firstValue("WWW-Authenticate").orElse("")).as(request).startsWith("Basic");
        }
        assertThat(open).as("paths answering without credentials").isEmpty();
    }

    @Test
    void theMetricsScrapeNeedsItsTokenWhenOneIsConfigured() throws Exception {
        assertThat(send("GET", "/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/actuator/prometheus", "Bearer wrong-token").statusCode()).isEqualTo(401);
        HttpResponse<String> scraped = send("GET", "/actuator/prometheus", "Bearer test-scrape-token");
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void theProbesAnswerOnlyTheirStatusWithoutCredentials() throws Exception {
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> answer = send("GET", probe, null);
            assertThat(answer.statusCode()).as(probe).isEqualTo(200);
            JsonNode body = json.readTree(answer.body());
            assertThat(body.path("status").asText()).isEqualTo("UP");
            assertThat(body.has("components")).as(probe + " shows no components anonymously").isFalse();
            assertThat(body.has("details")).isFalse();
        }
    }

    /** Every request (method + concrete path) the running application would serve. */
    private Set<String> servedPaths() throws IOException {
        return ServedPaths.of(context, servletContext, camel);
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, method.equals("GET") || method.equals("DELETE") || method.equals("HEAD") || method.equals("OPTIONS")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
