package io.hubjira.sandbox.hubspot;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * HubSpot's own rate limits, per token (one app of one account): a rolling 10-second window for every call but CRM
 * search, which has its own rolling per-second limit instead, and a daily limit that resets at midnight in the
 * account's time zone (US/Eastern, as its account details say). A refused call counts as well: hammering a limit keeps
 * it shut. 0 switches a limit off (the test suite does; the sandbox run keeps HubSpot's Free/Starter numbers).
 * <p>HubSpot limits each account on its own: a portal can be given limits of its own ({@link #setForPortal}), which then
 * apply to every token of that portal together (one account's window and day, in that account's time zone) and to no
 * other portal; portals without their own limits keep the global setting, counted per token as before.
 */
@Component
@Profile("sandbox")
public class HubSpotRateLimits {

    static final ZoneId ACCOUNT_ZONE = ZoneId.of("US/Eastern");

    /** @param dailyMax 0 when the daily limit is off */
    public record Verdict(boolean allowed, String policy, int max, int remaining, long dailyMax, long dailyRemaining) {}

    private final Map<String, Deque<Long>> calls = new ConcurrentHashMap<>();
    private final Map<String, Deque<Long>> searches = new ConcurrentHashMap<>();
    private final Map<String, long[]> dailyCounts = new ConcurrentHashMap<>();
    private volatile int perTenSeconds;
    private volatile int searchesPerSecond;
    private volatile long daily;

    /** One account's own limits (0 switches one off). */
    public record Limits(int perTenSeconds, int searchesPerSecond, long daily) {}

    private final Map<Long, Limits> perPortal = new ConcurrentHashMap<>();
    private final HubSpotSandbox hubspot;

    public HubSpotRateLimits(@Value("${connector.sandbox.hubspot.rate-limit.requests-per-10s:0}") int perTenSeconds,
                             @Value("${connector.sandbox.hubspot.rate-limit.searches-per-second:0}") int searchesPerSecond,
                             @Value("${connector.sandbox.hubspot.rate-limit.daily:0}") long daily,
                             HubSpotSandbox hubspot) {
        this.hubspot = hubspot;
        this.perTenSeconds = perTenSeconds;
        this.searchesPerSecond = searchesPerSecond;
        this.daily = daily;
    }

    public void set(int perTenSeconds, int searchesPerSecond) {
        set(perTenSeconds, searchesPerSecond, 0);
    }

    public void set(int perTenSeconds, int searchesPerSecond, long daily) {
        this.perTenSeconds = perTenSeconds;
        this.searchesPerSecond = searchesPerSecond;
        this.daily = daily;
        calls.clear();
        searches.clear();
        dailyCounts.clear();
    }

    /** This portal alone gets these limits (its counts start afresh); the other portals keep theirs. */
    public void setForPortal(long portalId, int perTenSeconds, int searchesPerSecond, long daily) {
        perPortal.put(portalId, new Limits(perTenSeconds, searchesPerSecond, daily));
        forgetCounts(portalKey(portalId));
    }

    /** The portal goes back to the global limits. */
    public void clearPortal(long portalId) {
        perPortal.remove(portalId);
        forgetCounts(portalKey(portalId));
    }

    /** Every portal back to the global limits. */
    public void clearPortals() {
        perPortal.keySet().forEach(id -> forgetCounts(portalKey(id)));
        perPortal.clear();
    }

    /** The limits of its own this portal has, if any. */
    public java.util.Optional<Limits> portalLimits(long portalId) {
        return java.util.Optional.ofNullable(perPortal.get(portalId));
    }

    private void forgetCounts(String key) {
        calls.remove(key);
        searches.remove(key);
        dailyCounts.remove(key);
    }

    private static String portalKey(long portalId) {
        return "portal:" + portalId;
    }

    /**
     * Counts a call made with this {@code Authorization} header: against its portal's own limits when the portal has
     * some, else against the global limits for this token.
     */
    public Verdict check(String token, boolean search) {
        var portal = hubspot.portalOfAuthorization(token);
        Limits own = portal.map(p -> perPortal.get(p.portalId())).orElse(null);
        if (own != null) {
            ZoneId zone = portal.get().eu() ? ZoneId.of("Europe/Berlin") : ACCOUNT_ZONE;
            return check(portalKey(portal.get().portalId()), own, zone, search);
        }
        return check(token, new Limits(perTenSeconds, searchesPerSecond, daily), ACCOUNT_ZONE, search);
    }

    private Verdict check(String key, Limits limits, ZoneId zone, boolean search) {
        long now = System.currentTimeMillis();
        long dailyRemaining = 0;
        long daily = limits.daily();
        if (daily > 0) {
            long[] today = dailyCounts.computeIfAbsent(key, k -> new long[2]);
            synchronized (today) {
                long day = LocalDate.now(zone).toEpochDay();
                if (today[0] != day) {
                    today[0] = day;
                    today[1] = 0;
                }
                today[1]++;
                if (today[1] > daily) {
                    return new Verdict(false, "DAILY", 0, 0, daily, 0);
                }
                dailyRemaining = daily - today[1];
            }
        }
        Verdict window;
        if (search) {
            // CRM search has its own per-second limit and is exempt from the ten-second window (x-hubspot-rate-limit-exemptions)
            window = limits.searchesPerSecond() > 0
                    ? take(searches.computeIfAbsent(key, k -> new ArrayDeque<>()), now, 1000, limits.searchesPerSecond(), "SECONDLY")
                    : new Verdict(true, null, 0, 0, 0, 0);
        } else if (limits.perTenSeconds() > 0) {
            window = take(calls.computeIfAbsent(key, k -> new ArrayDeque<>()), now, 10_000, limits.perTenSeconds(), "TEN_SECONDLY_ROLLING");
        } else {
            window = new Verdict(true, null, 0, 0, 0, 0);
        }
        return new Verdict(window.allowed(), window.policy(), window.max(), window.remaining(), daily, dailyRemaining);
    }

    public int perTenSeconds() {
        return perTenSeconds;
    }

    private static Verdict take(Deque<Long> window, long now, long span, int max, String policy) {
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= now - span) {
                window.pollFirst();
            }
            boolean allowed = window.size() < max;
            window.addLast(now);
            return new Verdict(allowed, policy, max, Math.max(0, max - window.size()), 0, 0);
        }
    }
}
