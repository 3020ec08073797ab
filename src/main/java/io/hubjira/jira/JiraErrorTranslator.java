package io.hubjira.jira;

import java.time.Duration;
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

/** Reads Jira's {@code {"errorMessages":[…],"errors":{field:message}}} body; Retry-After is in seconds. */
public class JiraErrorTranslator implements ApiErrorTranslator {

    private final ObjectMapper json;

    public JiraErrorTranslator(ObjectMapper json) {
        this.json = json;
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
                retryable ? retryAfterSeconds(response) : null);
    }

    static Duration retryAfterSeconds(ApiResponse response) {
        return ApiErrorTranslator.numericHeader(response, "Retry-After", ChronoUnit.SECONDS);
    }
}
