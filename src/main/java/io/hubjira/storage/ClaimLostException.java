package io.hubjira.storage;

/**
 * This instance no longer holds the row it was working on: its lease ran out while it stalled and another instance
 * took the row over (the fencing token moved on). The outcome is not recorded; the new owner does the work.
 */
public class ClaimLostException extends RuntimeException {

    public ClaimLostException(String table, long id) {
        super("the claim on " + table + " row " + id + " was taken over by another instance while this one stalled");
    }
}
