package io.hubjira.failure;

/** A named thing (object, project, item, link…) does not exist; the admin API answers 404 naming it. */
public class NotFoundException extends RuntimeException {

    private final String code;

    public NotFoundException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
