package io.hubjira.failure;

/** A request the API refuses as given (a malformed parameter or header): its status, code, the field and why. */
public class InvalidInputException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public InvalidInputException(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
