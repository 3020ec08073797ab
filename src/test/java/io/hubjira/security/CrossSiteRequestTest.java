package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.support.ServedPaths;
import jakarta.servlet.ServletContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A web page cannot use an admin's cached Basic credentials to change anything: every
 * state-changing request the application serves — every non-GET handler mapping, and every Jolokia request by GET or
 * POST, directly and through Hawtio's forward — sent with the admin's credentials the way another site's page makes a
 * browser send it, gets 403 with a problem document, and changes nothing (a Jolokia {@code stop()} leaves its route
 * running). Jolokia takes POST only and no {@code notification}. The console's own pages (same origin, as browsers
 * say with Sec-Fetch-Site, Origin or Referer), a listed origin and scripts with the admin token still work.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "connector.security.allowed-origins=https://ops.example.com")
@ActiveProfiles("test")
class CrossSiteRequestTest {

    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));
    static final String ATTACKER = "https://attacker.example";
    /**
     * The webhooks have their own filter chain and authenticate their senders by their secrets; the Forge app's paths
     * take a Forge Invocation Token only (a bearer JWT Forge's servers sign and send, never a browser's credentials).
     */
    static final Set<String> OWN_AUTHENTICATION = Set.of("POST /webhooks/jira", "POST /webhooks/jira/1", "POST /webhooks/hubspot");
    static final String FORGE_PATHS = " /forge/";

    /** How a page on another site makes a browser send a request here, with the credentials it cached. */
    static final Map<String, Map<String, String>> FROM_ANOTHER_SITE = new LinkedHashMap<>();

    static {
        FROM_ANOTHER_SITE.put("a current browser, form or fetch", Map.of("Sec-Fetch-Site", "cross-site", "Origin", ATTACKER));
        FROM_ANOTHER_SITE.put("a current browser, image or link", Map.of("Sec-Fetch-Site", "cross-site", "Referer", ATTACKER + "/page.html"));
        FROM_ANOTHER_SITE.put("a sibling subdomain", Map.of("Sec-Fetch-Site", "same-site", "Origin", "https://evil.example.com"));
        FROM_ANOTHER_SITE.put("a browser without fetch metadata, with Origin", Map.of("Origin", ATTACKER));
        FROM_ANOTHER_SITE.put("a browser without fetch metadata, Referer only", Map.of("Referer", ATTACKER + "/page.html"));
        FROM_ANOTHER_SITE.put("nothing to say where it comes from", Map.of());
    }

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
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private String routeMBean;

    @BeforeEach
    void routeMBean() {
        routeMBean = "org.apache.camel:context=" + camel.getManagementName() + ",type=routes,name=\"idempotent-cleanup\"";
    }

    @Test
    void everyStateChangingRequestFromAnotherSiteIs403WithAProblemAndChangesNothing() throws Exception {
        List<String> stateChanging = new ArrayList<>(ServedPaths.of(context, servletContext, camel).stream()
                .filter(r -> !OWN_AUTHENTICATION.contains(r) && !r.contains(FORGE_PATHS))
                .filter(r -> !r.startsWith("GET ") || r.contains("/jolokia"))
                .toList());
        // Jolokia's GET form of an operation, directly and through Hawtio
        stateChanging.add("GET /actuator/jolokia/exec/" + routeMBean + "/stop()");
        stateChanging.add("GET /actuator/hawtio/jolokia/exec/" + routeMBean + "/stop()");
        // the discovery must see every kind of write, or the check below would prove nothing
        assertThat(stateChanging).contains("POST /api/items", "PUT /api/items/1", "DELETE /api/items/1", "PUT /api/connections/hubspot",
                "POST /api/panel/1/items/1/link", "POST /api/dead-letters/replay", "GET /actuator/jolokia/x", "POST /actuator/jolokia/x",
                "GET /actuator/hawtio/jolokia/x");
        assertThat(stateChanging.size()).isGreaterThan(20);

        List<String> taken = new ArrayList<>();
        for (String request : stateChanging) {
            String method = request.substring(0, request.indexOf(' '));
            String path = request.substring(request.indexOf(' ') + 1);
            String body = path.contains("/jolokia") ? stopRoute() : "{}";
            for (Map.Entry<String, Map<String, String>> attack : FROM_ANOTHER_SITE.entrySet()) {
                HttpResponse<String> answer = send(method, path, ADMIN, attack.getValue(), body);
                String what = request + " from " + attack.getKey();
                if (answer.statusCode() != 403) {
                    taken.add(what + " -> " + answer.statusCode());
                    continue;
                }
                assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/problem+json");
                JsonNode problem = json.readTree(answer.body());
                assertThat(problem.path("status").asInt()).as(what).isEqualTo(403);
                assertThat(problem.path("code").asText()).as(what).isIn("cross_site_request", "cross_origin_refused");
                assertThat(problem.path("detail").asText()).as(what).isNotBlank();
            }
        }
        assertThat(taken).as("state-changing requests taken from another site").isEmpty();
        assertThat(camel.getRouteController().getRouteStatus("idempotent-cleanup")).isEqualTo(ServiceStatus.Started);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_item", Integer.class)).isZero();
    }

    @Test
    void theRefusalNamesTheReason() throws Exception {
        JsonNode crossSite = json.readTree(send("POST", "/api/catalog/refresh", ADMIN, FROM_ANOTHER_SITE.get("a current browser, image or link"), "{}").body());
        assertThat(crossSite.path("code").asText()).isEqualTo("cross_site_request");
        assertThat(crossSite.path("detail").asText()).contains("Sec-Fetch-Site: cross-site");
        JsonNode noHeaders = json.readTree(send("POST", "/api/catalog/refresh", ADMIN, Map.of(), "{}").body());
        assertThat(noHeaders.path("detail").asText()).contains("no Sec-Fetch-Site, Origin or Referer").contains("Bearer");
        JsonNode referer = json.readTree(send("POST", "/api/catalog/refresh", ADMIN, Map.of("Referer", ATTACKER + "/x"), "{}").body());
        assertThat(referer.path("detail").asText()).contains(ATTACKER).contains("neither this site");
        JsonNode origin = json.readTree(send("POST", "/api/catalog/refresh", ADMIN, Map.of("Origin", ATTACKER), "{}").body());
        assertThat(origin.path("code").asText()).isEqualTo("cross_origin_refused");
    }

    @Test
    void jolokiaExecByGetOrPostFromAnotherSiteLeavesTheRouteRunningAndJolokiaTakesPostOnly() throws Exception {
        for (String path : List.of("/actuator/jolokia", "/actuator/hawtio/jolokia")) {
            for (Map<String, String> attack : FROM_ANOTHER_SITE.values()) {
                assertProblem(send("GET", path + "/exec/" + routeMBean + "/stop()", ADMIN, attack, null), 403);
                assertProblem(send("POST", path, ADMIN, attack, stopRoute()), 403);
            }
        }
        assertThat(camel.getRouteController().getRouteStatus("idempotent-cleanup")).isEqualTo(ServiceStatus.Started);

        // even from this site's own pages, and for a script with the admin token: POST only, and no notifications
        for (Map<String, String> ownPage : List.of(Map.of("Sec-Fetch-Site", "same-origin"), Map.of("Sec-Fetch-Site", "none"))) {
            assertThat(assertProblem(send("GET", "/actuator/jolokia/exec/" + routeMBean + "/stop()", ADMIN, ownPage, null), 403)
                    .path("code").asText()).isEqualTo("jolokia_post_only");
            assertThat(assertProblem(send("GET", "/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage", ADMIN, ownPage, null), 403)
                    .path("code").asText()).isEqualTo("jolokia_post_only");
        }
        assertThat(assertProblem(send("GET", "/actuator/jolokia/version", "Bearer test-admin-token", Map.of(), null), 403).path("code").asText())
                .isEqualTo("jolokia_post_only");
        for (String refusedType : List.of("notification", "write", "config")) {
            JsonNode refused = assertProblem(send("POST", "/actuator/jolokia", "Bearer test-admin-token", Map.of(),
                    "[{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\"},{\"type\":\"" + refusedType + "\",\"command\":\"register\"}]"), 403);
            assertThat(refused.path("code").asText()).isEqualTo("jolokia_type_refused");
            assertThat(refused.path("detail").asText()).contains(refusedType);
        }
        assertProblem(send("POST", "/actuator/jolokia", "Bearer test-admin-token", Map.of(), "{\"type\":\"launch-missiles\"}"), 400);
        assertThat(camel.getRouteController().getRouteStatus("idempotent-cleanup")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void theConsolesOwnPagesAListedOriginAndBearerTokenScriptsStillWork() throws Exception {
        String self = "http://127.0.0.1:" + port;
        Map<String, Map<String, String>> fromHere = new LinkedHashMap<>();
        fromHere.put("a current browser on a console page", Map.of("Sec-Fetch-Site", "same-origin", "Origin", self));
        fromHere.put("a current browser, typed or bookmarked", Map.of("Sec-Fetch-Site", "none"));
        fromHere.put("a browser without fetch metadata, with Origin", Map.of("Origin", self));
        fromHere.put("a browser without fetch metadata, Referer only", Map.of("Referer", self + "/console/admin.html"));
        fromHere.put("the listed operations origin", Map.of("Sec-Fetch-Site", "cross-site", "Origin", "https://ops.example.com"));
        for (Map.Entry<String, Map<String, String>> page : fromHere.entrySet()) {
            HttpResponse<String> refreshed = send("POST", "/api/catalog/refresh", ADMIN, page.getValue(), "{}");
            assertThat(refreshed.statusCode()).as(page.getKey() + ": " + refreshed.body()).isBetween(200, 299);
        }
        assertThat(send("POST", "/api/catalog/refresh", "Bearer test-admin-token", Map.of(), "{}").statusCode())
                .as("a script with the admin token").isBetween(200, 299);
        HttpResponse<String> validated = send("PUT", "/api/connections/jira", "Bearer test-admin-token", Map.of(), "{}");
        assertThat(validated.statusCode()).as("the script reaches the API's own validation").isEqualTo(400);
        assertThat(json.readTree(validated.body()).path("code").asText()).isNotIn("cross_site_request", "cross_origin_refused");

        // Hawtio's page stops and starts a route through Jolokia, by POST from this site
        Map<String, String> hawtioPage = Map.of("Sec-Fetch-Site", "same-origin", "Origin", self);
        assertThat(json.readTree(send("POST", "/actuator/hawtio/jolokia", ADMIN, hawtioPage, stopRoute()).body()).path("status").asInt()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("idempotent-cleanup")).isEqualTo(ServiceStatus.Stopped);
        String start = stopRoute().replace("stop()", "start()");
        assertThat(json.readTree(send("POST", "/actuator/jolokia", "Bearer test-admin-token", Map.of(), start).body()).path("status").asInt())
                .isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("idempotent-cleanup")).isEqualTo(ServiceStatus.Started);
    }

    private String stopRoute() {
        try {
            return json.writeValueAsString(Map.of("type", "exec", "mbean", routeMBean, "operation", "stop()", "arguments", List.of()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode assertProblem(HttpResponse<String> answer, int status) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        return json.readTree(answer.body());
    }

    private HttpResponse<String> send(String method, String path, String authorization, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path.replace("\"", "%22").replace(" ", "%20")))
                .header("Authorization", authorization).header("Content-Type", "application/json");
        headers.forEach(b::header);
        b.method(method, body == null || method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
