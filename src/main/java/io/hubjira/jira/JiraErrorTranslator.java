package io.hubjira.jira;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.http.ApiErrorTranslator;
import io.hubjira.http.ApiException;
import io.hubjira.http.ApiRequest;
import io.hubjira.http.ApiResponse;
import io.hubjira.http.RateLimitHit;

/**
 * Reads Jira's {@code {"errorMessages":[…],"errors":{field:message}}} body; Retry-After is in seconds, and a 429's
 * {@code RateLimit-Reason} names the limit it hit.
 */
public class JiraErrorTranslator implements ApiErrorTranslator {

    private static final DateTimeFormatter RESET_FORMAT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T').appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z").toFormatter();

    private final ObjectMapper json;
    private final Clock clock;

    public JiraErrorTranslator(ObjectMapper json) {
        this(json, Clock.systemUTC());
    }

    JiraErrorTranslator(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public ApiException translate(ApiRequest request, ApiResponse response) {
        List<String> messages = new ArrayList<>();
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        JsonNode body = ApiErrorTranslator.errorBody(json, response);
        body.path("errorMessages").forEach(m -> messages.add(m.asText()));
        body.path("errors").fields().forEachRemaining(e -> fieldErrors.put(e.getKey(), e.getValue().asText()));
        if (messages.isEmpty() && body.hasNonNull("message")) {
            messages.add(body.get("message").asText());
        }
        int status = response.status();
        boolean retryable = ApiErrorTranslator.transientStatus(status);
        return new JiraApiException(status, request.endpoint(), messages, fieldErrors, retryable,
                retryable ? retryAfter(response, clock.instant()) : null, status == 429 ? limitHit(response) : null);
    }

    /**
     * Which limit a 429 reports in {@code RateLimit-Reason}: {@code jira-per-issue-on-write} holds back writes to that
     * one issue; {@code jira-burst-based}, the quota-based reasons, or none at all, the site's whole budget.
     */
    static RateLimitHit limitHit(ApiResponse response) {
        String reason = response.header("RateLimit-Reason");
        return reason != null && reason.trim().equalsIgnoreCase("jira-per-issue-on-write") ? RateLimitHit.WRITES_TO_ONE_RESOURCE : RateLimitHit.RATE;
    }

    /**
     * Jira's Retry-After is in seconds (retrying earlier makes the wait longer); without it, the time until
     * {@code X-RateLimit-Reset} (ISO-8601, to the minute); without either, null: the retry policy's own backoff.
     */
    public static Duration retryAfter(ApiResponse response, Instant now) {
        Duration asked = ApiErrorTranslator.numericHeader(response, "Retry-After", ChronoUnit.SECONDS);
        if (asked != null) {
            return asked;
        }
        String reset = response.header("X-RateLimit-Reset");
        if (reset == null || reset.isBlank()) {
            return null;
        }
        try {
            Instant at = OffsetDateTime.parse(reset.trim(), RESET_FORMAT).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : null;
        } catch (DateTimeParseException notIso) {
            return null;
        }
    }
}
