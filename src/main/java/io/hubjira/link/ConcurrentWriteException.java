package io.hubjira.link;

/**
 * A write is reserved by another live worker right now: the work asking for it is retried later (when the other
 * worker has finished it, or has stopped and its reservation is free to resume).
 */
public class ConcurrentWriteException extends RuntimeException {

    public ConcurrentWriteException(String message) {
        super(message);
    }
}
