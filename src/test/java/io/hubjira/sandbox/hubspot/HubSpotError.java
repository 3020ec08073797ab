package io.hubjira.sandbox.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An error the simulated HubSpot answers with, in HubSpot's error body shape. */
public class HubSpotError extends RuntimeException {

    final int status;
    final Map<String, Object> body;

    HubSpotError(int status, String category, String message) {
        this(status, category, message, null);
    }

    HubSpotError(int status, String category, String message, List<Map<String, Object>> errors) {
        super(message);
        this.status = status;
        this.body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("category", category);
        if (errors != null) {
            body.put("errors", errors);
        }
    }

    /** The body as JSON text (for answers written outside Spring MVC). */
    String bodyJson() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{\"status\":\"error\",\"message\":\"" + getMessage() + "\"}";
        }
    }

    static HubSpotError notFound(String message) {
        return new HubSpotError(404, "OBJECT_NOT_FOUND", message);
    }

    static HubSpotError validation(String message) {
        return new HubSpotError(400, "VALIDATION_ERROR", message);
    }

    static HubSpotError missingScopes(List<String> scopes) {
        HubSpotError e = new HubSpotError(403, "MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call. "
                + "Read more about required scopes here: https://developers.hubspot.com/scopes.",
                List.of(Map.of("message", "One or more of the following scopes are required.",
                        "context", Map.of("requiredGranularScopes", scopes))));
        e.body.put("links", Map.of("scopes", "https://developers.hubspot.com/scopes"));
        return e;
    }
}
