package io.hubjira.connection;

import java.util.List;

import io.hubjira.http.ApiBaseUrls;

/**
 * A connection attempt that cannot succeed as given. Carries the HTTP status the admin API answers with, a stable
 * machine-readable code, the form field (or setting) it concerns (or null), the rule it breaks where one applies, and a
 * message written for the admin.
 */
public class ConnectionProblem extends RuntimeException {

    private final int httpStatus;
    private final String code;
    private final String field;
    private final String rule;
    private final List<String> missingScopes;

    public ConnectionProblem(int httpStatus, String code, String field, String message) {
        this(httpStatus, code, field, message, List.of());
    }

    public ConnectionProblem(int httpStatus, String code, String field, String message, List<String> missingScopes) {
        this(httpStatus, code, field, null, message, missingScopes);
    }

    private ConnectionProblem(int httpStatus, String code, String field, String rule, String message, List<String> missingScopes) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
        this.field = field;
        this.rule = rule;
        this.missingScopes = List.copyOf(missingScopes);
    }

    /** A refused base URL: 400 when it is missing, else 422, naming the field and the rule. */
    public static ConnectionProblem of(ApiBaseUrls.Refused refused) {
        boolean missing = refused.rule() == ApiBaseUrls.Rule.REQUIRED;
        return new ConnectionProblem(missing ? 400 : 422, missing ? "base_url_required" : "invalid_base_url", refused.field(),
                refused.rule().code(), refused.getMessage(), List.of());
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** The rule the input breaks (e.g. {@code https_required}), or null. */
    public String rule() {
        return rule;
    }

    public List<String> missingScopes() {
        return missingScopes;
    }

    /** One line for the log: status, code, field and rule, then the message. */
    public String summary() {
        return httpStatus + " " + code + (field == null ? "" : ", field " + field) + (rule == null ? "" : ", rule " + rule) + ": " + getMessage();
    }
}
