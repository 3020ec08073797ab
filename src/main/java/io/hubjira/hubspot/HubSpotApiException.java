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
    private final List<WriteProblem> problems;

    public HubSpotApiException(int status, String endpoint, String category, String subCategory, String correlationId,
                               String hubspotMessage, List<String> requiredScopes, boolean retryable, Duration retryAfter) {
        this(status, endpoint, category, subCategory, correlationId, hubspotMessage, requiredScopes, List.of(), retryable, retryAfter, null);
    }

    /** {@code problems}: what a refused write broke, as the body names it (they replace HubSpot's message in this one's). */
    public HubSpotApiException(int status, String endpoint, String category, String subCategory, String correlationId,
                               String hubspotMessage, List<String> requiredScopes, List<WriteProblem> problems, boolean retryable,
                               Duration retryAfter, RateLimitHit rateLimitHit) {
        super(ApiName.HUBSPOT, status, endpoint, describe(status, endpoint, category, correlationId, hubspotMessage, problems),
                retryable, retryAfter, null, status >= 500, rateLimitHit);
        this.category = category;
        this.subCategory = subCategory;
        this.correlationId = correlationId;
        this.hubspotMessage = hubspotMessage;
        this.requiredScopes = List.copyOf(requiredScopes);
        this.problems = List.copyOf(problems);
    }

    private static String describe(int status, String endpoint, String category, String correlationId, String message,
                                   List<WriteProblem> problems) {
        String said = problems.isEmpty() ? message : String.join("; ", problems.stream().map(WriteProblem::plain).toList());
        return "HubSpot answered " + status + (category == null ? "" : " " + category) + " on " + endpoint
                + (said == null || said.isBlank() ? "" : ": " + said)
                + (correlationId == null ? "" : " (correlationId " + correlationId + ")");
    }

    /** What a refused write broke (a 400 VALIDATION_ERROR): the portal's rules, values, properties; empty otherwise. */
    public List<WriteProblem> problems() {
        return problems;
    }

    /** The first problem that is a rule a HubSpot admin configured for the portal (2026-09 write validation), if any. */
    public java.util.Optional<WriteProblem> portalRule() {
        return problems.stream().filter(p -> p.kind().portalRule()).findFirst();
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
