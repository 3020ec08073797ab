package io.hubjira.intake;

/** A webhook delivery refused with an HTTP status and a reason the sender can read. */
public class WebhookRejected extends RuntimeException {

    private final int status;
    private final String error;

    public WebhookRejected(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
