package io.hubjira.sandbox.hubspot;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * HubSpot's own rate limits, per token: a rolling 10-second window for every call but CRM search, which has its own
 * per-second limit instead. 0 switches a limit off (the test suite does; the sandbox run keeps HubSpot's Free/Starter numbers).
 */
@Component
@Profile("sandbox")
public class HubSpotRateLimits {

    public record Verdict(boolean allowed, String policy, int max, int remaining) {}

    private final Map<String, Deque<Long>> calls = new ConcurrentHashMap<>();
    private final Map<String, Deque<Long>> searches = new ConcurrentHashMap<>();
    private volatile int perTenSeconds;
    private volatile int searchesPerSecond;

    public HubSpotRateLimits(@Value("${connector.sandbox.hubspot.rate-limit.requests-per-10s:0}") int perTenSeconds,
                             @Value("${connector.sandbox.hubspot.rate-limit.searches-per-second:0}") int searchesPerSecond) {
        this.perTenSeconds = perTenSeconds;
        this.searchesPerSecond = searchesPerSecond;
    }

    public void set(int perTenSeconds, int searchesPerSecond) {
        this.perTenSeconds = perTenSeconds;
        this.searchesPerSecond = searchesPerSecond;
        calls.clear();
        searches.clear();
    }

    public Verdict check(String token, boolean search) {
        long now = System.currentTimeMillis();
        if (search) {
            // CRM search has its own per-second limit and is exempt from the ten-second window (x-hubspot-rate-limit-exemptions)
            return searchesPerSecond > 0 ? take(searches.computeIfAbsent(token, k -> new ArrayDeque<>()), now, 1000, searchesPerSecond, "SECONDLY")
                    : new Verdict(true, null, 0, 0);
        }
        if (perTenSeconds > 0) {
            return take(calls.computeIfAbsent(token, k -> new ArrayDeque<>()), now, 10_000, perTenSeconds, "TEN_SECONDLY_ROLLING");
        }
        return new Verdict(true, null, 0, 0);
    }

    public int perTenSeconds() {
        return perTenSeconds;
    }

    private static Verdict take(Deque<Long> window, long now, long span, int max, String policy) {
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= now - span) {
                window.pollFirst();
            }
            if (window.size() >= max) {
                return new Verdict(false, policy, max, 0);
            }
            window.addLast(now);
            return new Verdict(true, policy, max, max - window.size());
        }
    }
}
