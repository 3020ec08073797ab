package io.hubjira.jira;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.hubjira.http.ApiException;
import io.hubjira.http.ApiName;
import io.hubjira.http.RateLimitHit;

/** A Jira error answer; its message carries Jira's {@code errorMessages} and per-field {@code errors}. */
public class JiraApiException extends ApiException {

    public JiraApiException(int status, String endpoint, List<String> errorMessages, Map<String, String> errors,
                            boolean retryable, Duration retryAfter) {
        this(status, endpoint, errorMessages, errors, retryable, retryAfter, null);
    }

    public JiraApiException(int status, String endpoint, List<String> errorMessages, Map<String, String> errors,
                            boolean retryable, Duration retryAfter, RateLimitHit rateLimitHit) {
        super(ApiName.JIRA, status, endpoint, describe(status, endpoint, errorMessages, errors), retryable, retryAfter, null,
                status >= 500, rateLimitHit);
    }

    private static String describe(int status, String endpoint, List<String> messages, Map<String, String> errors) {
        StringBuilder s = new StringBuilder("Jira answered ").append(status).append(" on ").append(endpoint);
        if (!messages.isEmpty()) {
            s.append(": ").append(String.join("; ", messages));
        }
        if (!errors.isEmpty()) {
            s.append(messages.isEmpty() ? ": " : "; ").append(errors);
        }
        return s.toString();
    }
}
