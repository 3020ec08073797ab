package io.hubjira.hubspot;

import java.time.Duration;
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

/**
 * Reads HubSpot's error body (every field optional: {@code category}, {@code correlationId}, {@code message},
 * {@code errors[].context}, {@code errorType}/{@code policyName} on 429s) into a {@link HubSpotApiException}.
 */
public class HubSpotErrorTranslator implements ApiErrorTranslator {

    private final ObjectMapper json;

    public HubSpotErrorTranslator(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ApiException translate(ApiRequest request, ApiResponse response) {
        JsonNode body = parse(response);
        String category = text(body, "category");
        if (category == null && "RATE_LIMIT".equals(text(body, "errorType"))) {
            category = "RATE_LIMITS";
        }
        int status = response.status();
        boolean dailyLimit = "DAILY".equals(text(body, "policyName"));
        boolean retryable = (status == 429 && !dailyLimit) || status == 408 || status >= 500;
        return new HubSpotApiException(status, request.endpoint(), category, text(body, "subCategory"),
                text(body, "correlationId"), text(body, "message"), requiredScopes(body), retryable,
                status == 429 ? retryAfter(response) : null);
    }

    /**
     * HubSpot's Retry-After unit is unconfirmed (a third-party note says milliseconds): a value above 1000 is read
     * as milliseconds, otherwise as seconds; without the header, wait one rate-limit interval.
     */
    static Duration retryAfter(ApiResponse response) {
        String value = response.header("Retry-After");
        if (value != null) {
            try {
                long n = Long.parseLong(value.trim());
                return n > 1000 ? Duration.ofMillis(n) : Duration.ofSeconds(n);
            } catch (NumberFormatException ignored) {
                // an HTTP-date or garbage: fall through to the interval header
            }
        }
        String interval = response.header("X-HubSpot-RateLimit-Interval-Milliseconds");
        if (interval != null) {
            try {
                return Duration.ofMillis(Long.parseLong(interval.trim()));
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return null;
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

    private JsonNode parse(ApiResponse response) {
        try {
            JsonNode node = json.readTree(response.body());
            return node == null ? json.createObjectNode() : node;
        } catch (Exception notJson) {
            return json.createObjectNode().put("message", abbreviate(response.text()));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
