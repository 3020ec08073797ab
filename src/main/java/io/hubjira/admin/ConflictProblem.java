package io.hubjira.admin;

/** The request conflicts with the current state (duplicate name, stale version, already linked…): 409. */
public class ConflictProblem extends RuntimeException {

    private final String code;

    public ConflictProblem(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
