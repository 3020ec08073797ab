package io.hubjira.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.HubSpotErrorTranslator;
import io.hubjira.jira.JiraApiException;
import io.hubjira.jira.JiraErrorTranslator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Retry, Retry-After, error typing and call counting of the API access layer, with a scripted transport. */
class ApiCallExecutorTest {

    private final ObjectMapper json = new ObjectMapper();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** Answers from a script, in order, and records when each request arrived. */
    static final class ScriptedTransport implements ApiTransport {
        final Deque<Object> script = new ArrayDeque<>();
        final List<Long> arrivals = new ArrayList<>();

        ScriptedTransport then(int status, String body, Map<String, String> headers) {
            script.add(new ApiResponse(status, headers, body.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        ScriptedTransport thenTimeout() {
            script.add(new SocketTimeoutException("Read timed out"));
            return this;
        }

        @Override
        public ApiResponse send(ApiRequest request) throws IOException {
            arrivals.add(System.nanoTime());
            Object next = script.isEmpty() ? new ApiResponse(200, Map.of(), "{}".getBytes()) : script.poll();
            if (next instanceof IOException e) {
                throw e;
            }
            return (ApiResponse) next;
        }
    }

    private ApiCallExecutor executor(ScriptedTransport transport, int maxAttempts, int hubspotPerWindow, Duration window) {
        var props = ConnectorProperties.of(
                new ConnectorProperties.HubSpot("http://hubspot.test", null, null, null, null, null, null, null, null,
                        new ConnectorProperties.HubSpotRateLimit(hubspotPerWindow, window, 5, Duration.ZERO)),
                new ConnectorProperties.Jira("http://jira.test", null, null, null, new ConnectorProperties.JiraRateLimit(50), Duration.ofMillis(300)),
                new ConnectorProperties.Retry(maxAttempts, Duration.ofMillis(10), Duration.ofMillis(40), 0, null));
        return new ApiCallExecutor(transport, meters, props);
    }

    private static ApiRequest hubspotGet() {
        return ApiRequest.builder(ApiName.HUBSPOT, "OBJECT_READ", "GET", "http://hubspot.test", "/crm/v3/objects/deals/1")
                .endpoint("/crm/v3/objects/{type}/{id}").build();
    }

    @Test
    void a429FollowedBy5xxIsRetriedUntilTheCallSucceedsAndEveryAttemptIsCounted() {
        var transport = new ScriptedTransport()
                .then(429, "{\"status\":\"error\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\"TEN_SECONDLY_ROLLING\"}", Map.of("Retry-After", "1"))
                .then(503, "{\"status\":\"error\",\"message\":\"unavailable\"}", Map.of())
                .thenTimeout()
                .then(200, "{\"id\":\"1\"}", Map.of());
        ApiCallExecutor executor = executor(transport, 6, 100, Duration.ofSeconds(10));

        ApiResponse answer = executor.execute(hubspotGet(), new HubSpotErrorTranslator(json));

        assertThat(answer.text()).isEqualTo("{\"id\":\"1\"}");
        assertThat(transport.arrivals).hasSize(4);
        assertThat(executor.callCount(ApiName.HUBSPOT)).isEqualTo(4);
        assertThat(meters.find(ApiCallExecutor.CALLS_METRIC).tag("status", "429").tag("endpoint", "/crm/v3/objects/{type}/{id}").counter().count()).isEqualTo(1);
        assertThat(meters.find(ApiCallExecutor.CALLS_METRIC).tag("status", "io-error").counter().count()).isEqualTo(1);
    }

    @Test
    void retryAfterSecondsFromHubSpotIsHonouredBeforeTheNextAttempt() {
        var transport = new ScriptedTransport()
                .then(429, "{\"errorType\":\"RATE_LIMIT\"}", Map.of("Retry-After", "1"))
                .then(200, "{}", Map.of());
        executor(transport, 3, 100, Duration.ofSeconds(10)).execute(hubspotGet(), new HubSpotErrorTranslator(json));

        long waitedMs = (transport.arrivals.get(1) - transport.arrivals.get(0)) / 1_000_000;
        assertThat(waitedMs).isGreaterThanOrEqualTo(950);
    }

    @Test
    void hubSpotRetryAfterAbove1000IsReadAsMilliseconds() {
        var response = new ApiResponse(429, Map.of("Retry-After", "1500"), new byte[0]);
        var error = (HubSpotApiException) new HubSpotErrorTranslator(json).translate(hubspotGet(), response);
        assertThat(error.retryAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void aDailyLimit429IsNotRetried() {
        var transport = new ScriptedTransport()
                .then(429, "{\"status\":\"error\",\"message\":\"You have reached your daily limit.\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\"DAILY\"}", Map.of());
        assertThatThrownBy(() -> executor(transport, 5, 100, Duration.ofSeconds(10)).execute(hubspotGet(), new HubSpotErrorTranslator(json)))
                .isInstanceOf(HubSpotApiException.class)
                .hasMessageContaining("daily limit");
        assertThat(transport.arrivals).hasSize(1);
    }

    @Test
    void aValidationErrorIsNotRetriedAndCarriesHubSpotsCategoryAndCorrelationId() {
        var transport = new ScriptedTransport().then(400,
                "{\"status\":\"error\",\"message\":\"Property values were not valid\",\"correlationId\":\"aeb5f871-7f07-4993-9211-075dc63e7cbf\",\"category\":\"VALIDATION_ERROR\"}",
                Map.of());
        assertThatThrownBy(() -> executor(transport, 5, 100, Duration.ofSeconds(10)).execute(hubspotGet(), new HubSpotErrorTranslator(json)))
                .isInstanceOfSatisfying(HubSpotApiException.class, e -> {
                    assertThat(e.category()).isEqualTo("VALIDATION_ERROR");
                    assertThat(e.correlationId()).isEqualTo("aeb5f871-7f07-4993-9211-075dc63e7cbf");
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(transport.arrivals).hasSize(1);
    }

    @Test
    void missingScopesAreReadFromTheErrorContext() {
        var response = new ApiResponse(403, Map.of(), ("{\"status\":\"error\",\"message\":\"This app hasn't been granted all required scopes to make this call.\","
                + "\"correlationId\":\"c\",\"category\":\"MISSING_SCOPES\",\"errors\":[{\"message\":\"One or more of the following scopes are required.\","
                + "\"context\":{\"requiredGranularScopes\":[\"crm.objects.deals.read\",\"crm.objects.deals.write\"]}}]}").getBytes());
        var error = (HubSpotApiException) new HubSpotErrorTranslator(json).translate(hubspotGet(), response);
        assertThat(error.isMissingScopes()).isTrue();
        assertThat(error.requiredScopes()).containsExactly("crm.objects.deals.read", "crm.objects.deals.write");
    }

    @Test
    void retriesAreBoundedAndTheLastErrorSurfaces() {
        var transport = new ScriptedTransport();
        for (int i = 0; i < 10; i++) {
            transport.then(502, "<html>bad gateway</html>", Map.of());
        }
        assertThatThrownBy(() -> executor(transport, 3, 100, Duration.ofSeconds(10)).execute(hubspotGet(), new HubSpotErrorTranslator(json)))
                .isInstanceOf(HubSpotApiException.class)
                .hasMessageContaining("502");
        assertThat(transport.arrivals).hasSize(3);
    }

    @Test
    void jiraErrorsKeepErrorMessagesAndFieldErrorsAndRetryAfterIsSeconds() {
        var request = ApiRequest.builder(ApiName.JIRA, "ISSUE_CREATE", "POST", "http://jira.test", "/rest/api/3/issue").build();
        var bad = new JiraErrorTranslator(json).translate(request, new ApiResponse(400, Map.of(),
                "{\"errorMessages\":[],\"errors\":{\"summary\":\"You must specify a summary of the issue.\"}}".getBytes()));
        assertThat(bad).isInstanceOfSatisfying(JiraApiException.class, e -> {
            assertThat(e).hasMessageContaining("summary=You must specify a summary of the issue.");
            assertThat(e.retryable()).isFalse();
        });
        var limited = new JiraErrorTranslator(json).translate(request, new ApiResponse(429, Map.of("Retry-After", "7"),
                "{\"errorMessages\":[\"Rate limit exceeded.\"],\"errors\":{}}".getBytes()));
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void theClientSideLimiterHoldsTheConfiguredRate() {
        var transport = new ScriptedTransport();
        ApiCallExecutor executor = executor(transport, 1, 4, Duration.ofMillis(500));
        for (int i = 0; i < 12; i++) {
            executor.execute(hubspotGet(), new HubSpotErrorTranslator(json));
        }
        // 12 calls at 4 per 500 ms need at least two full refresh periods after the first burst
        long spanMs = (transport.arrivals.get(11) - transport.arrivals.get(0)) / 1_000_000;
        assertThat(spanMs).isGreaterThanOrEqualTo(900);
        // a fixed-window limiter lets at most 2 x 4 calls through within one period: any 9 consecutive calls span
        // at least one full period
        for (int i = 8; i < transport.arrivals.size(); i++) {
            long spanOfNineMs = (transport.arrivals.get(i) - transport.arrivals.get(i - 8)) / 1_000_000;
            assertThat(spanOfNineMs).as("calls %d..%d", i - 8, i).isGreaterThanOrEqualTo(450);
        }
    }

    private static ApiRequest hubspotCreate() {
        return ApiRequest.builder(ApiName.HUBSPOT, "OBJECT_CREATE", "POST", "http://hubspot.test", "/crm/objects/2026-03/notes")
                .endpoint("/crm/objects/2026-03/{objectType}").build();
    }

    @Test
    void aCreateThatGotA5xxIsLookedUpAndNotSentAgainWhenItsMarkerIsThere() {
        var transport = new ScriptedTransport().then(502, "{\"status\":\"error\",\"message\":\"bad gateway\"}", Map.of());
        ApiCallExecutor executor = executor(transport, 6, 100, Duration.ofSeconds(10));
        List<String> lookups = new ArrayList<>();
        String result = executor.writeOnce("OBJECT_CREATE",
                () -> executor.execute(hubspotCreate(), new HubSpotErrorTranslator(json)).text(),
                () -> {
                    lookups.add("looked");
                    return java.util.Optional.of("found by marker");
                });
        assertThat(result).isEqualTo("found by marker");
        assertThat(transport.arrivals).as("sent once: the lookup found it").hasSize(1);
        assertThat(lookups).hasSize(1);
        assertThat(meters.find("connector.api.writes.recovered").counter().count()).isEqualTo(1);
    }

    @Test
    void aCreateThatTimedOutAndIsNotThereIsSentAgainAfterTheLookup() {
        var transport = new ScriptedTransport().thenTimeout().then(201, "{\"id\":\"7\"}", Map.of());
        ApiCallExecutor executor = executor(transport, 6, 100, Duration.ofSeconds(10));
        List<Integer> sentWhenLookedUp = new ArrayList<>();
        String result = executor.writeOnce("OBJECT_CREATE",
                () -> executor.execute(hubspotCreate(), new HubSpotErrorTranslator(json)).text(),
                () -> {
                    sentWhenLookedUp.add(transport.arrivals.size());
                    return java.util.Optional.empty();
                });
        assertThat(result).isEqualTo("{\"id\":\"7\"}");
        assertThat(transport.arrivals).hasSize(2);
        assertThat(sentWhenLookedUp).as("looked up after the timeout, before the second send").containsExactly(1);
    }

    @Test
    void aPostIsNotRetriedBlindlyAfterAnAmbiguousFailureButA429IsRetriedAtOnce() {
        var ambiguous = new ScriptedTransport().then(503, "{\"message\":\"unavailable\"}", Map.of()).then(201, "{}", Map.of());
        ApiCallExecutor executor = executor(ambiguous, 6, 100, Duration.ofSeconds(10));
        assertThatThrownBy(() -> executor.execute(hubspotCreate(), new HubSpotErrorTranslator(json)))
                .isInstanceOf(ApiException.class).satisfies(e -> assertThat(((ApiException) e).ambiguous()).isTrue());
        assertThat(ambiguous.arrivals).as("a POST is not sent again by the retry layer after a 5xx").hasSize(1);

        var limited = new ScriptedTransport().then(429, "{\"errorType\":\"RATE_LIMIT\"}", Map.of()).then(201, "{}", Map.of());
        executor(limited, 6, 100, Duration.ofSeconds(10)).execute(hubspotCreate(), new HubSpotErrorTranslator(json));
        assertThat(limited.arrivals).as("a 429 means it did not happen: sent again").hasSize(2);
    }

    @Test
    void aResumedWriteLooksFirstAndIsNotSentWhenFound() {
        var transport = new ScriptedTransport();
        ApiCallExecutor executor = executor(transport, 6, 100, Duration.ofSeconds(10));
        String result = executor.writeOnce("OBJECT_CREATE", WriteAttempt.RESUMED,
                () -> executor.execute(hubspotCreate(), new HubSpotErrorTranslator(json)).text(), () -> java.util.Optional.of("there"));
        assertThat(result).isEqualTo("there");
        assertThat(transport.arrivals).isEmpty();
    }

    @Test
    void aDaily429StopsHubSpotCallsUntilMidnightWithoutSendingThem() {
        var transport = new ScriptedTransport()
                .then(429, "{\"status\":\"error\",\"message\":\"You have reached your daily limit.\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\"DAILY\"}", Map.of());
        ApiCallExecutor executor = executor(transport, 5, 100, Duration.ofSeconds(10));
        assertThatThrownBy(() -> executor.execute(hubspotGet(), new HubSpotErrorTranslator(json))).isInstanceOf(HubSpotApiException.class);
        assertThatThrownBy(() -> executor.execute(hubspotGet(), new HubSpotErrorTranslator(json)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.rateLimitHit()).isEqualTo(RateLimitHit.DAILY))
                .hasMessageContaining("resume at midnight");
        assertThat(transport.arrivals).as("the second call was not sent").hasSize(1);
    }

    @Test
    void hubSpotsPolicyNameSaysWhichLimitA429Hit() {
        var translator = new HubSpotErrorTranslator(json);
        var search = ApiRequest.builder(ApiName.HUBSPOT, "OBJECTS_SEARCH", "POST", "http://hubspot.test", "/crm/v3/objects/deals/search")
                .rateClass(ApiRequest.RateClass.SEARCH).build();
        assertThat(translator.translate(hubspotGet(), new ApiResponse(429, Map.of(), "{\"policyName\":\"TEN_SECONDLY_ROLLING\"}".getBytes())).rateLimitHit())
                .isEqualTo(RateLimitHit.RATE);
        assertThat(translator.translate(search, new ApiResponse(429, Map.of(), "{\"policyName\":\"SECONDLY\"}".getBytes())).rateLimitHit())
                .isEqualTo(RateLimitHit.SEARCH);
        assertThat(translator.translate(search, new ApiResponse(429, Map.of(), "{}".getBytes())).rateLimitHit())
                .as("no policy named: the search's own limit").isEqualTo(RateLimitHit.SEARCH);
        assertThat(translator.translate(hubspotGet(), new ApiResponse(400, Map.of(), "{}".getBytes())).rateLimitHit()).isNull();
    }

    @Test
    void jirasRateLimitReasonSaysWhetherOneIssueOrTheSiteIsLimitedAndXRateLimitResetStandsInForRetryAfter() {
        var request = ApiRequest.builder(ApiName.JIRA, "ISSUE_EDIT", "PUT", "http://jira.test", "/rest/api/3/issue/SUP-1").writeTarget("SUP-1").build();
        var perIssue = new JiraErrorTranslator(json).translate(request, new ApiResponse(429,
                Map.of("Retry-After", "2", "RateLimit-Reason", "jira-per-issue-on-write"), "{\"errorMessages\":[\"Rate limit exceeded.\"]}".getBytes()));
        assertThat(perIssue.rateLimitHit()).isEqualTo(RateLimitHit.WRITES_TO_ONE_RESOURCE);
        assertThat(perIssue.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        var burst = new JiraErrorTranslator(json).translate(request, new ApiResponse(429, Map.of("RateLimit-Reason", "jira-burst-based"), new byte[0]));
        assertThat(burst.rateLimitHit()).isEqualTo(RateLimitHit.RATE);
        java.time.Instant now = java.time.Instant.parse("2026-12-06T10:15:30Z");
        var reset = JiraErrorTranslator.retryAfter(new ApiResponse(429, Map.of("X-RateLimit-Reset", "2026-12-06T10:17Z"), new byte[0]), now);
        assertThat(reset).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aPerIssue429HoldsBackTheNextWriteToThatIssueForItsRetryAfter() {
        var transport = new ScriptedTransport()
                .then(429, "{\"errorMessages\":[\"Rate limit exceeded.\"]}", Map.of("Retry-After", "1", "RateLimit-Reason", "jira-per-issue-on-write"))
                .then(204, "", Map.of());
        ApiCallExecutor executor = executor(transport, 3, 100, Duration.ofSeconds(10));
        var write = ApiRequest.builder(ApiName.JIRA, "ISSUE_EDIT", "PUT", "http://jira.test", "/rest/api/3/issue/SUP-1")
                .account("jira.test").writeTarget("SUP-1").build();
        executor.execute(write, new JiraErrorTranslator(json));
        long waitedMs = (transport.arrivals.get(1) - transport.arrivals.get(0)) / 1_000_000;
        assertThat(waitedMs).isGreaterThanOrEqualTo(950);
    }
}
