package io.hubjira.hubspot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.http.ApiErrorTranslator;
import io.hubjira.http.ApiException;
import io.hubjira.http.ApiRequest;
import io.hubjira.http.ApiResponse;
import io.hubjira.http.RateLimitHit;

/**
 * Reads HubSpot's error body (every field optional: {@code category}, {@code correlationId}, {@code message},
 * {@code errors[].context}, {@code errorType}/{@code policyName} on 429s) into a {@link HubSpotApiException}; a 400
 * refusing a write also names what it broke ({@link WriteProblem}).
 */
public class HubSpotErrorTranslator implements ApiErrorTranslator {

    private final ObjectMapper json;

    public HubSpotErrorTranslator(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ApiException translate(ApiRequest request, ApiResponse response) {
        JsonNode body = ApiErrorTranslator.errorBody(json, response);
        String category = text(body, "category");
        if (category == null && "RATE_LIMIT".equals(text(body, "errorType"))) {
            category = "RATE_LIMITS";
        }
        int status = response.status();
        RateLimitHit hit = status == 429 ? limitHit(request, text(body, "policyName")) : null;
        boolean retryable = ApiErrorTranslator.transientStatus(status) && hit != RateLimitHit.DAILY;
        List<WriteProblem> problems = status == 400 ? WriteProblem.of(json, body) : List.of();
        return new HubSpotApiException(status, request.endpoint(), category, text(body, "subCategory"),
                text(body, "correlationId"), text(body, "message"), requiredScopes(body), problems, retryable,
                status == 429 ? retryAfter(response) : null, hit);
    }

    /**
     * The limit a 429 names in its {@code policyName}: DAILY, TEN_SECONDLY_ROLLING, SECONDLY (search); a 429 that names
     * none counts against the limit the request spends (search or the ten-second window).
     */
    static RateLimitHit limitHit(ApiRequest request, String policyName) {
        if ("DAILY".equals(policyName)) {
            return RateLimitHit.DAILY;
        }
        if ("SECONDLY".equals(policyName) || policyName == null && request.rateClass() == ApiRequest.RateClass.SEARCH) {
            return RateLimitHit.SEARCH;
        }
        return RateLimitHit.RATE;
    }

    /**
     * HubSpot's Retry-After unit is unconfirmed (a third-party note says milliseconds): a value above 1000 is read
     * as milliseconds, otherwise as seconds; without the header, wait one rate-limit interval.
     */
    static Duration retryAfter(ApiResponse response) {
        Duration asked = ApiErrorTranslator.numericHeader(response, "Retry-After", ChronoUnit.SECONDS);
        if (asked != null) {
            return asked.getSeconds() > 1000 ? Duration.ofMillis(asked.getSeconds()) : asked;
        }
        return ApiErrorTranslator.numericHeader(response, "X-HubSpot-RateLimit-Interval-Milliseconds", ChronoUnit.MILLIS);
    }

    private static List<String> requiredScopes(JsonNode body) {
        Set<String> scopes = new LinkedHashSet<>();
        collectScopes(body.path("context"), scopes);
        for (JsonNode error : body.path("errors")) {
            collectScopes(error.path("context"), scopes);
        }
        return new ArrayList<>(scopes);
    }

    private static void collectScopes(JsonNode context, Set<String> into) {
        for (String key : List.of("requiredGranularScopes", "missingScopes", "requiredScopes")) {
            for (JsonNode scope : context.path(key)) {
                into.add(scope.asText());
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
