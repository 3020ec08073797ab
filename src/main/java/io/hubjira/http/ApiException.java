package io.hubjira.http;

import java.time.Duration;

/**
 * A failed API call. {@link #retryable()} tells the executor whether another attempt can help
 * (429, 5xx, timeouts, connection failures); {@link #retryAfter()} carries the API's own wait hint.
 * Messages never contain credentials.
 */
public class ApiException extends RuntimeException {

    private final ApiName api;
    private final int status;
    private final String endpoint;
    private final boolean retryable;
    private final Duration retryAfter;
    private final boolean ambiguous;
    private final RateLimitHit rateLimitHit;

    public ApiException(ApiName api, int status, String endpoint, String message, boolean retryable, Duration retryAfter, Throwable cause) {
        this(api, status, endpoint, message, retryable, retryAfter, cause, status >= 500);
    }

    public ApiException(ApiName api, int status, String endpoint, String message, boolean retryable, Duration retryAfter, Throwable cause,
                        boolean ambiguous) {
        this(api, status, endpoint, message, retryable, retryAfter, cause, ambiguous, null);
    }

    /** @param rateLimitHit which of the API's limits a 429 reports (null for any other failure) */
    public ApiException(ApiName api, int status, String endpoint, String message, boolean retryable, Duration retryAfter, Throwable cause,
                        boolean ambiguous, RateLimitHit rateLimitHit) {
        super(message, cause);
        this.rateLimitHit = rateLimitHit;
        this.api = api;
        this.status = status;
        this.endpoint = endpoint;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.ambiguous = ambiguous;
    }

    /**
     * Whether the request may have taken effect although the call failed: a 5xx after it was sent, a read timeout, a
     * connection reset after the body was written. A write that failed this way is looked up before it is sent again.
     * A 429, a refused connection or a 4xx means it did not.
     */
    public boolean ambiguous() {
        return ambiguous;
    }

    public ApiName api() {
        return api;
    }

    /** HTTP status, or 0 when no answer arrived (timeout, connection refused). */
    public int status() {
        return status;
    }

    public String endpoint() {
        return endpoint;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Which of the API's limits this 429 reports (HubSpot's policyName, Jira's RateLimit-Reason), or null. */
    public RateLimitHit rateLimitHit() {
        return rateLimitHit;
    }

    /** The wait the API asked for (Retry-After), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
