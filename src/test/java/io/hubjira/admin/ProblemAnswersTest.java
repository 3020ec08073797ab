package io.hubjira.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every error of the admin and panel API is a problem document (application/problem+json, RFC 9457) naming the
 * problem, with the right status — from the controllers, from Spring MVC, from the security firewall and from the
 * servlet container itself — and a refused input writes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ProblemAnswersTest {

    /** The admin API as a script calls it: with the admin token. */
    private static final String ADMIN = "Bearer test-admin-token";

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aNameLongerThanItsColumnIs422NamingTheFieldAndTheLimitAndNothingIsSaved() throws Exception {
        // far over the column, within the admin API's body limit (a larger body is refused whole: 413)
        String halfAMegabyte = "x".repeat(512 * 1024);
        JsonNode problem = expectProblem(send("POST", "/api/items", json.writeValueAsString(Map.of("name", halfAMegabyte, "mode", "ONE_WAY",
                "hubspotObject", "deals", "jiraProjects", java.util.List.of("SUP")))), 422, "invalid_item");
        assertThat(problem.path("violations").toString()).contains("\"field\":\"name\"").contains("must be at most 200 characters");
        assertThat(problem.path("detail").asText().length()).isLessThan(1000);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_item", Integer.class)).isZero();

        JsonNode mapping = expectProblem(send("POST", "/api/items", json.writeValueAsString(Map.of("name", "ok", "mode", "CUSTOM",
                "hubspotObject", "deals", "jiraProjects", java.util.List.of("SUP"),
                "fieldMappings", java.util.List.of(Map.of("hubspotProperty", "p".repeat(201), "jiraField", "summary", "owner", "HUBSPOT"))))),
                422, "invalid_item");
        assertThat(mapping.path("violations").toString()).contains("fieldMappings[0].hubspotProperty").contains("at most 200 characters");
    }

    @Test
    void aConnectionFormOverItsLimitsIs422NamingEachField() throws Exception {
        JsonNode problem = expectProblem(send("PUT", "/api/connections/jira", json.writeValueAsString(Map.of(
                "baseUrl", "https://" + "a".repeat(600) + ".atlassian.net", "email", "bot@example.com", "apiToken", "t"))), 422, "invalid_input");
        assertThat(problem.path("violations").toString()).contains("baseUrl").contains("at most 500 characters");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jira_connection", Integer.class)).isZero();
    }

    @Test
    void unknownIdsAnswer404() throws Exception {
        expectProblem(send("GET", "/api/items/999999/health", null), 404, "unknown_item");
        expectProblem(send("GET", "/api/items/999999", null), 404, "unknown_item");
        expectProblem(send("POST", "/api/dead-letters/999999/replay", ""), 404, "unknown_dead_letter");
        expectProblem(send("DELETE", "/api/items/999999", null), 404, "unknown_item");
    }

    @Test
    void springMvcsOwnRefusalsAreProblemsToo() throws Exception {
        JsonNode unknown = expectProblem(send("GET", "/api/nothing-here", null), 404, "not_found");
        assertThat(unknown.path("detail").asText()).contains("/api/nothing-here");
        expectProblem(send("DELETE", "/api/connections", null), 405, "method_not_allowed");
        expectProblem(send("PUT", "/api/connections/jira", "{not json"), 400, "malformed_json");
        JsonNode wrongType = expectProblem(send("GET", "/api/items/not-a-number", null), 400, "invalid_parameter");
        assertThat(wrongType.path("field").asText()).isEqualTo("id");
        HttpResponse<String> textBody = http.send(HttpRequest.newBuilder(uri("/api/items")).header("Authorization", ADMIN)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        expectProblem(textBody, 415, "unsupported_media_type");
        JsonNode badVersion = expectProblem(http.send(HttpRequest.newBuilder(uri("/api/items/1")).header("Authorization", ADMIN)
                .header("Content-Type", "application/json").header("If-Match", "yesterday")
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()), 400, "invalid_if_match");
        assertThat(badVersion.path("field").asText()).isEqualTo("If-Match");
        expectProblem(send("POST", "/api/panel/SUP%201/items/1/link", "{\"recordId\":\"1\"}"), 400, "invalid_issue_key");
    }

    @Test
    void anEncodedSlashInAnIdIsRefusedWithAProblemNotTheContainersPage() throws Exception {
        JsonNode problem = expectProblem(send("GET", "/api/panel/a%2Fb", null), 400, "request_rejected");
        assertThat(problem.path("detail").asText()).contains("%2F");
        expectProblem(send("GET", "/api/catalog/hubspot/objects/de%2Fals", null), 400, "request_rejected");
    }

    @Test
    void aHeaderOverTheContainersLimitIsAProblemNotTomcatsHtmlPage() throws Exception {
        // raw HTTP: the JDK client refuses to send a header this large itself
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/items HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + ADMIN + "\r\nX-Big: " + "a".repeat(60_000)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertThat(body).doesNotContain("<html");
            assertThat(json.readTree(body.substring(body.indexOf('{'))).path("code").asText()).isEqualTo("bad_request");
        }
    }

    private JsonNode expectProblem(HttpResponse<String> answer, int status, String code) throws Exception {
        assertThat(answer.statusCode()).as(answer.uri() + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(answer.uri().toString()).startsWith("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asText()).as(answer.body()).isEqualTo(code);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        return problem;
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Authorization", ADMIN).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
