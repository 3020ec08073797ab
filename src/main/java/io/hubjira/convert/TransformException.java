package io.hubjira.convert;

/** A value that cannot be carried across safely; names the field and the value. */
public class TransformException extends RuntimeException {

    public TransformException(String field, String value, String reason) {
        super("Cannot transform '" + value + "' for field '" + field + "': " + reason);
    }
}
