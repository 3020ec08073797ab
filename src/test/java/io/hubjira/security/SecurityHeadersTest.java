package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.hubjira.support.ServedPaths;
import jakarta.servlet.ServletContext;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.unit.DataSize;

/**
 * Every answer carries the browser-hardening headers — every page and static file the application serves (the
 * console, Swagger UI, Hawtio), every API answer, refusals of the security chain, the webhooks' answers and the servlet
 * container's own errors: a Content-Security-Policy whose scripts come from this origin only (no 'unsafe-inline', no
 * 'unsafe-eval') and that no page may frame (frame-ancestors 'none'), X-Frame-Options DENY, a Referrer-Policy and
 * X-Content-Type-Options nosniff.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SecurityHeadersTest {

    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    ServletContext servletContext;
    @Autowired
    CamelContext camel;
    @Value("${server.max-http-request-header-size}")
    DataSize headerLimit;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyPageAndStaticFileCarriesTheHeadersAsTheAdminSeesIt() throws Exception {
        Set<String> served = ServedPaths.of(context, servletContext, camel);
        List<String> pages = new ArrayList<>(served.stream().filter(r -> r.startsWith("GET ")).map(r -> r.substring(4)).toList());
        pages.addAll(List.of("/", "/console/", "/swagger-ui.html", "/swagger-ui/index.html", "/swagger-ui/swagger-initializer.js",
                "/v3/api-docs", "/actuator/hawtio/", "/actuator/hawtio/camel/routes", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"));
        assertThat(pages).contains("/console/index.html", "/console/admin.html", "/console/panel.html", "/console/common.js",
                "/console/console.css", "/api/items", "/actuator/health");
        Map<String, String> missing = new LinkedHashMap<>();
        int pagesAnswered = 0;
        for (String page : pages) {
            HttpResponse<String> answer = send("GET", page, ADMIN, Map.of("Sec-Fetch-Site", "same-origin"));
            pagesAnswered += answer.statusCode() == 200 ? 1 : 0;
            problems(answer.headers()).ifPresent(p -> missing.put("GET " + page + " -> " + answer.statusCode(), p));
        }
        assertThat(missing).as("answers without the security headers").isEmpty();
        assertThat(pagesAnswered).as("most of them are real pages and files").isGreaterThan(40);
    }

    @Test
    void refusalsWebhooksAndTheContainersOwnErrorsCarryThemToo() throws Exception {
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        for (String request : ServedPaths.of(context, servletContext, camel)) {
            String method = request.substring(0, request.indexOf(' '));
            answers.put("anonymous " + request, send(method, request.substring(request.indexOf(' ') + 1), null, Map.of()));
        }
        answers.put("a wrong password", send("GET", "/api/items", "Basic " + Base64.getEncoder().encodeToString("admin:nope".getBytes()), Map.of()));
        answers.put("a cross-site write", send("POST", "/api/catalog/refresh", ADMIN, Map.of("Sec-Fetch-Site", "cross-site")));
        answers.put("an unsigned Jira webhook", send("POST", "/webhooks/jira", null, Map.of()));
        answers.put("an unknown path", send("GET", "/no/such/page", ADMIN, Map.of()));
        Map<String, String> missing = new LinkedHashMap<>();
        answers.forEach((what, answer) -> problems(answer.headers()).ifPresent(p -> missing.put(what + " -> " + answer.statusCode(), p)));
        assertThat(missing).as("answers without the security headers").isEmpty();

        // a header over Tomcat's limit (the configured one): answered by the container itself, before any filter
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            String big = "a".repeat((int) headerLimit.toBytes() + 1024);
            out.write(("GET /api/items HTTP/1.1\r\nHost: localhost\r\nX-Big: " + big + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\r\n\r\n")[0].toLowerCase();
            assertThat(head).startsWith("http/1.1 400").contains("content-security-policy: ").contains("x-frame-options: deny")
                    .contains("x-content-type-options: nosniff").contains("referrer-policy: ");
        }
    }

    /** What is wrong with an answer's security headers, if anything. */
    static Optional<String> problems(HttpHeaders headers) {
        List<String> wrong = new ArrayList<>();
        List<String> policies = headers.allValues("Content-Security-Policy");
        if (policies.size() != 1) {
            wrong.add("Content-Security-Policy " + policies);
        } else {
            Map<String, List<String>> directives = new LinkedHashMap<>();
            for (String directive : policies.get(0).split(";")) {
                List<String> words = Arrays.asList(directive.trim().split("\\s+"));
                directives.put(words.get(0), words.subList(1, words.size()));
            }
            List<String> scripts = directives.getOrDefault("script-src", directives.get("default-src"));
            if (scripts == null || scripts.contains("'unsafe-inline'") || scripts.contains("'unsafe-eval'") || scripts.contains("*")) {
                wrong.add("scripts not limited to this origin: " + policies.get(0));
            }
            if (!List.of("'none'").equals(directives.get("frame-ancestors"))) {
                wrong.add("frame-ancestors is not 'none': " + policies.get(0));
            }
        }
        if (!headers.allValues("X-Frame-Options").equals(List.of("DENY"))) {
            wrong.add("X-Frame-Options " + headers.allValues("X-Frame-Options"));
        }
        if (!headers.allValues("X-Content-Type-Options").equals(List.of("nosniff"))) {
            wrong.add("X-Content-Type-Options " + headers.allValues("X-Content-Type-Options"));
        }
        List<String> referrer = headers.allValues("Referrer-Policy");
        if (referrer.size() != 1 || !Set.of("same-origin", "no-referrer", "strict-origin").contains(referrer.get(0))) {
            wrong.add("Referrer-Policy " + referrer);
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", wrong));
    }

    private HttpResponse<String> send(String method, String path, String authorization, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        headers.forEach(b::header);
        b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
