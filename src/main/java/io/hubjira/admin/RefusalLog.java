package io.hubjira.admin;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refused requests (wrong credentials, throttled logins, cross-site writes) logged once per window and client, not
 * once per request: the first refusal of a kind from a client is logged with its reason, the ones that follow within
 * the window are only counted, and the count is logged when the window closes. A guessing attack thus costs a few log
 * lines per minute instead of one per guess.
 */
final class RefusalLog {

    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

    private final Duration window;
    /** (kind, client) → refusals after the first one in the current window. */
    private final Cache<Key, AtomicInteger> windows;

    private record Key(String kind, String client) {}

    RefusalLog(Duration window) {
        this.window = window;
        this.windows = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(10_000).scheduler(Scheduler.systemScheduler())
                .<Key, AtomicInteger>removalListener((key, more, cause) -> {
                    if (key != null && more != null && more.get() > 0 && cause == RemovalCause.EXPIRED) {
                        log.warn("{} more {} from {} in the last {} s", more.get(), key.kind(), key.client(), window.toSeconds());
                    }
                })
                .build();
    }

    /**
     * Records one refusal; logs it when it is the first of its kind from this client in the window.
     *
     * @param kind   what was refused, plural ("refused logins"), as the window's summary line names it
     * @param reason the first refusal's reason, e.g. "wrong credentials for user 'admin'"
     */
    void refused(String kind, String client, String reason) {
        // a read does not move the window's end (expire after write): the count starts at -1, the first refusal makes it 0
        if (windows.get(new Key(kind, client), key -> new AtomicInteger(-1)).incrementAndGet() == 0) {
            log.warn("Refused a request from {}: {}. Further {} from {} are counted and reported once per {} s", client, reason, kind,
                    client, window.toSeconds());
        }
    }
}
