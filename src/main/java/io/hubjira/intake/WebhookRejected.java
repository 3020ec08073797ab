package io.hubjira.intake;

import java.util.Map;

import io.hubjira.admin.Problems;
import org.springframework.http.ProblemDetail;

/** A webhook delivery refused with an HTTP status and a reason the sender can read (and what else its answer names). */
public class WebhookRejected extends RuntimeException {

    private final int status;
    private final String error;
    private final Map<String, Object> properties;

    public WebhookRejected(int status, String error, String message) {
        this(status, error, message, Map.of());
    }

    public WebhookRejected(int status, String error, String message, Map<String, Object> properties) {
        super(message);
        this.status = status;
        this.error = error;
        this.properties = Map.copyOf(properties);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The refusal as a problem document: its code, the reason, and what else it names (e.g. the URL to send to instead). */
    ProblemDetail problem() {
        ProblemDetail problem = Problems.of(status, error, getMessage());
        properties.forEach(problem::setProperty);
        return problem;
    }
}
