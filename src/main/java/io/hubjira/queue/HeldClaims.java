package io.hubjira.queue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run of work and the claims it holds (see {@link WorkClaims#hold}): a poll of one item, a round of the change
 * queue, one comment or attachment copy, one admin request. The claims are renewed while the run is open; closing it
 * gives back those it still holds. A route carries it in the exchange property it names; Java opens it with
 * try-with-resources.
 */
public final class HeldClaims implements AutoCloseable {

    private final WorkClaims claims;
    private final Set<WorkClaims.Claimed> claimed = ConcurrentHashMap.newKeySet();

    HeldClaims(WorkClaims claims) {
        this.claims = claims;
    }

    void add(WorkClaims.Claimed c) {
        claimed.add(c);
    }

    void remove(WorkClaims.Claimed c) {
        claimed.remove(c);
    }

    Set<WorkClaims.Claimed> claimed() {
        return claimed;
    }

    List<WorkClaims.Claimed> drain() {
        List<WorkClaims.Claimed> left = List.copyOf(claimed);
        claimed.removeAll(left);
        return left;
    }

    @Override
    public void close() {
        claims.close(this);
    }
}
