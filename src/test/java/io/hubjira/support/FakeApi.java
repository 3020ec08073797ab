package io.hubjira.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiRequest;
import io.hubjira.http.ApiResponse;
import io.hubjira.http.ApiTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * An API stand-in for unit tests of the clients: answers by method and path pattern, and records every request sent
 * (method, path, query, JSON body) so a test can assert exactly what the client wrote.
 */
public final class FakeApi implements ApiTransport {

    public record Sent(String method, String path, String query, JsonNode body, ApiRequest request) {}

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Map<String, Function<Sent, ApiResponse>> answers = new LinkedHashMap<>();
    public final List<Sent> sent = new ArrayList<>();

    /** Answers requests of this method whose path matches the regular expression. */
    public FakeApi on(String method, String pathRegex, Function<Sent, ApiResponse> answer) {
        answers.put(method + " " + pathRegex, answer);
        return this;
    }

    public FakeApi on(String method, String pathRegex, int status, String body) {
        return on(method, pathRegex, s -> answer(status, body));
    }

    public static ApiResponse answer(int status, String body) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public ApiResponse send(ApiRequest request) throws IOException {
        JsonNode body = request.body() instanceof String s && s.startsWith("{") || request.body() instanceof String t && t.startsWith("[")
                ? JSON.readTree((String) request.body()) : null;
        Sent s = new Sent(request.method(), request.path(), request.queryString(), body, request);
        sent.add(s);
        for (var e : answers.entrySet()) {
            int space = e.getKey().indexOf(' ');
            if (e.getKey().substring(0, space).equals(request.method()) && Pattern.compile(e.getKey().substring(space + 1)).matcher(request.path()).matches()) {
                return e.getValue().apply(s);
            }
        }
        return answer(404, "{\"status\":\"error\",\"message\":\"no fake answer for " + request.method() + " " + request.path() + "\"}");
    }

    public List<Sent> sent(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return sent.stream().filter(s -> s.method().equals(method) && p.matcher(s.path()).matches()).toList();
    }

    /** An executor over this fake: no waiting on rate limits, one attempt per call unless the test asks for more. */
    public ApiCallExecutor executor(int maxAttempts) {
        return new ApiCallExecutor(this, new SimpleMeterRegistry(), properties(maxAttempts));
    }

    /** Settings for tests: limits far above what a test sends, fast backoff, 300 ms of Jira search lag. */
    public static ConnectorProperties properties(int maxAttempts) {
        return ConnectorProperties.of(
                new ConnectorProperties.HubSpot("http://hubspot.test", null, null, null, null, null, null, null, null,
                        new ConnectorProperties.HubSpotRateLimit(100_000, Duration.ofSeconds(10), 1000, Duration.ZERO)),
                new ConnectorProperties.Jira("http://jira.test", null, null, null, new ConnectorProperties.JiraRateLimit(1000), Duration.ofMillis(300)),
                new ConnectorProperties.Retry(maxAttempts, Duration.ofMillis(1), Duration.ofMillis(5), 0, null));
    }

    public static ConnectorProperties hubspotVersion(String version) {
        return ConnectorProperties.of(new ConnectorProperties.HubSpot("http://hubspot.test", version, null, null, null, null, null, null, null, null),
                null, null);
    }
}
