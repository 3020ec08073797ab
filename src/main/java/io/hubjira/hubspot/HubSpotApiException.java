package io.hubjira.hubspot;

import java.time.Duration;
import java.util.List;

import io.hubjira.http.ApiException;
import io.hubjira.http.ApiName;
import io.hubjira.http.RateLimitHit;

/** A HubSpot error answer, with HubSpot's own {@code category}, {@code correlationId} and the scopes it asked for. */
public class HubSpotApiException extends ApiException {

    private final String category;
    private final String subCategory;
    private final String correlationId;
    private final String hubspotMessage;
    private final List<String> requiredScopes;

    public HubSpotApiException(int status, String endpoint, String category, String subCategory, String correlationId,
                               String hubspotMessage, List<String> requiredScopes, boolean retryable, Duration retryAfter) {
        this(status, endpoint, category, subCategory, correlationId, hubspotMessage, requiredScopes, retryable, retryAfter, null);
    }

    public HubSpotApiException(int status, String endpoint, String category, String subCategory, String correlationId,
                               String hubspotMessage, List<String> requiredScopes, boolean retryable, Duration retryAfter,
                               RateLimitHit rateLimitHit) {
        super(ApiName.HUBSPOT, status, endpoint, describe(status, endpoint, category, correlationId, hubspotMessage),
                retryable, retryAfter, null, status >= 500, rateLimitHit);
        this.category = category;
        this.subCategory = subCategory;
        this.correlationId = correlationId;
        this.hubspotMessage = hubspotMessage;
        this.requiredScopes = List.copyOf(requiredScopes);
    }

    private static String describe(int status, String endpoint, String category, String correlationId, String message) {
        return "HubSpot answered " + status + (category == null ? "" : " " + category) + " on " + endpoint
                + (message == null || message.isBlank() ? "" : ": " + message)
                + (correlationId == null ? "" : " (correlationId " + correlationId + ")");
    }

    /** HubSpot's error category, e.g. VALIDATION_ERROR, MISSING_SCOPES, OBJECT_NOT_FOUND, RATE_LIMITS; may be null. */
    public String category() {
        return category;
    }

    public String subCategory() {
        return subCategory;
    }

    public String correlationId() {
        return correlationId;
    }

    public String hubspotMessage() {
        return hubspotMessage;
    }

    /** The scope names HubSpot says the token lacks (403 MISSING_SCOPES), in HubSpot's order. */
    public List<String> requiredScopes() {
        return requiredScopes;
    }

    public boolean isMissingScopes() {
        return "MISSING_SCOPES".equals(category) || (status() == 403 && !requiredScopes.isEmpty());
    }
}
