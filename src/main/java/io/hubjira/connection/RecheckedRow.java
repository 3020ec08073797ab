package io.hubjira.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * This instance's copy of a saved connection row, read again once it is older than
 * {@code connector.sync.connection-recheck}: several instances share the row, and a reconnect or an OAuth refresh made
 * on one of them reaches the others within that time. When the row read names another account (another portal, another
 * site), {@code accountChanged} hears of it, so this instance drops what it cached of the earlier one.
 */
final class RecheckedRow<T> {

    private record Copy<T>(T value, Instant readAt) {}

    private final Supplier<Optional<T>> read;
    private final Function<T, Object> account;
    private final Consumer<T> accountChanged;
    private final Clock clock;
    private final Duration recheck;
    private final AtomicReference<Copy<T>> copy = new AtomicReference<>();

    RecheckedRow(Supplier<Optional<T>> read, Function<T, Object> account, Consumer<T> accountChanged, Clock clock, Duration recheck) {
        this.read = read;
        this.account = account;
        this.accountChanged = accountChanged;
        this.clock = clock;
        this.recheck = recheck;
    }

    Optional<T> get() {
        Copy<T> seen = copy.get();
        Instant now = clock.instant();
        if (seen == null || !now.isBefore(seen.readAt().plus(recheck))) {
            Copy<T> fresh = new Copy<>(read.get().orElse(null), now);
            // a save or refresh of this instance made while the row was read wins over what was read
            if (!copy.compareAndSet(seen, fresh)) {
                return Optional.ofNullable(copy.get().value());
            }
            if (seen != null && !Objects.equals(accountOf(seen.value()), accountOf(fresh.value()))) {
                accountChanged.accept(fresh.value());
            }
            return Optional.ofNullable(fresh.value());
        }
        return Optional.ofNullable(seen.value());
    }

    private Object accountOf(T value) {
        return value == null ? null : account.apply(value);
    }

    /** The row as this instance just saved or read it. */
    void set(T value) {
        copy.set(new Copy<>(value, clock.instant()));
    }
}
