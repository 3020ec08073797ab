package io.hubjira.connection;

import java.util.List;

/**
 * A connection attempt that cannot succeed as given. Carries the HTTP status the admin API answers with, a stable
 * machine-readable code, the form field it concerns (or null) and a message written for the admin.
 */
public class ConnectionProblem extends RuntimeException {

    private final int httpStatus;
    private final String code;
    private final String field;
    private final List<String> missingScopes;

    public ConnectionProblem(int httpStatus, String code, String field, String message) {
        this(httpStatus, code, field, message, List.of());
    }

    public ConnectionProblem(int httpStatus, String code, String field, String message, List<String> missingScopes) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
        this.field = field;
        this.missingScopes = List.copyOf(missingScopes);
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

    public List<String> missingScopes() {
        return missingScopes;
    }
}
