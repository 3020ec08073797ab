package io.hubjira.failure;

/** The user is known but may not do this (403): Jira does not grant them the permission it takes. */
public class PermissionDeniedException extends RuntimeException {

    private final String code;

    public PermissionDeniedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
