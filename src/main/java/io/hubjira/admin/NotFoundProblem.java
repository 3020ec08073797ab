package io.hubjira.admin;

/** A named thing (object, project, item, link…) does not exist: 404 with a JSON body naming it. */
public class NotFoundProblem extends RuntimeException {

    private final String code;

    public NotFoundProblem(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
