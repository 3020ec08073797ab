package io.hubjira.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.springframework.boot.actuate.health.Health;

/** Caches a health probe's result so frequent health checks do not spend the API's rate limit. */
final class CachedProbe {

    private final Duration ttl;
    private final Clock clock;
    private volatile Health last;
    private volatile Instant checkedAt = Instant.EPOCH;

    CachedProbe(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    synchronized Health get(Supplier<Health> probe) {
        Instant now = clock.instant();
        if (last == null || checkedAt.plus(ttl).isBefore(now)) {
            last = probe.get();
            checkedAt = now;
        }
        return last;
    }

    void invalidate() {
        last = null;
    }
}
