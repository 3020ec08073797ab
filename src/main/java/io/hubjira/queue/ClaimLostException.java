package io.hubjira.queue;

/**
 * This worker no longer holds the row it was working on: its lease ran out (the instance stalled: paused, cut off, its
 * host stopped) and another worker took the row over (the fencing token moved on), or the claim was given back. The
 * outcome is not recorded; the row's work is resumed by its owner, or by whoever claims it next.
 */
public class ClaimLostException extends RuntimeException {

    public ClaimLostException(String table, long id) {
        super("the claim on " + table + " row " + id + " is no longer this worker's (its lease ran out, e.g. while the instance"
                + " stalled, and another worker took it over or it was released)");
    }
}
