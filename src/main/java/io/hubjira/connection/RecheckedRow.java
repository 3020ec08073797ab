package io.hubjira.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * This instance's copy of a saved connection row, read again once it is older than
 * {@code connector.sync.connection-recheck}: several instances share the row, and a reconnect or an OAuth refresh made
 * on one of them reaches the others within that time.
 */
final class RecheckedRow<T> {

    private record Copy<T>(T value, Instant readAt) {}

    private final Supplier<Optional<T>> read;
    private final Clock clock;
    private final Duration recheck;
    private volatile Copy<T> copy;

    RecheckedRow(Supplier<Optional<T>> read, Clock clock, Duration recheck) {
        this.read = read;
        this.clock = clock;
        this.recheck = recheck;
    }

    Optional<T> get() {
        Copy<T> c = copy;
        Instant now = clock.instant();
        if (c == null || !now.isBefore(c.readAt().plus(recheck))) {
            c = new Copy<>(read.get().orElse(null), now);
            copy = c;
        }
        return Optional.ofNullable(c.value());
    }

    /** The row as this instance just saved or read it. */
    void set(T value) {
        copy = new Copy<>(value, clock.instant());
    }
}
