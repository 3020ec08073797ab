package io.hubjira.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code permits} calls in any rolling window, as HubSpot counts them (its 10-second limit and its search
 * limit are rolling windows, not fixed buckets): every call reserves a send time at least one window after the call
 * {@code permits} places before it, then waits for it. Reservations are taken in arrival order, so waiting callers go in
 * turn. A margin widens the window a little, so requests sent exactly a window apart by our clock cannot arrive inside
 * one window by HubSpot's.
 *
 * <p>Written here because the limiters at hand (Resilience4j's, Camel's throttler in a route, token buckets) refill per
 * period or per token rate, which lets a burst at the end of one period and another at the start of the next through:
 * twice the limit within one rolling window.
 */
public final class RollingWindowLimiter {

    private final int permits;
    private final long windowNanos;
    private final Deque<Long> slots = new ArrayDeque<>();

    public RollingWindowLimiter(int permits, Duration window, Duration margin) {
        this.permits = Math.max(1, permits);
        this.windowNanos = window.plus(margin).toNanos();
    }

    /** Waits until this call may be sent. */
    public void acquire() throws InterruptedException {
        long at = reserve(System.nanoTime());
        long wait = at - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** The send time (nanoTime) of a call arriving now. */
    synchronized long reserve(long now) {
        long slot = now;
        if (slots.size() >= permits) {
            slot = Math.max(slot, slots.peekFirst() + windowNanos);
        }
        if (!slots.isEmpty()) {
            slot = Math.max(slot, slots.peekLast());
        }
        slots.addLast(slot);
        while (slots.size() > permits) {
            slots.removeFirst();
        }
        return slot;
    }
}
