package io.hubjira.http;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a non-2xx answer into the API's typed exception (HubSpot category/correlationId, Jira errorMessages/errors).
 * The parts both APIs share live here: which statuses a retry can fix, reading an error body that may not be JSON,
 * and a numeric Retry-After.
 */
@FunctionalInterface
public interface ApiErrorTranslator {

    ApiException translate(ApiRequest request, ApiResponse response);

    /** Statuses a later attempt can fix: 408, 429 and 5xx (each API may narrow 429, e.g. HubSpot's daily limit). */
    static boolean transientStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** The error body as JSON; a body that is not JSON becomes {@code {"message": <its first 300 characters>}}. */
    static JsonNode errorBody(ObjectMapper json, ApiResponse response) {
        try {
            JsonNode node = json.readTree(response.body());
            return node == null ? json.createObjectNode() : node;
        } catch (Exception notJson) {
            String text = response.text().strip();
            return text.isEmpty() ? json.createObjectNode() : json.createObjectNode().put("message", text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    /** A numeric header in the given unit, or null when absent or not a number (e.g. an HTTP-date Retry-After). */
    static Duration numericHeader(ApiResponse response, String name, ChronoUnit unit) {
        String value = response.header(name);
        if (value == null) {
            return null;
        }
        try {
            return Duration.of(Long.parseLong(value.trim()), unit);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
