package io.hubjira.failure;

/** The request conflicts with the current state (duplicate name, stale version, already linked…): 409. */
public class ConflictException extends RuntimeException {

    private final String code;

    public ConflictException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
