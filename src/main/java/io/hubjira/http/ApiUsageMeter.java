package io.hubjira.http;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * What this instance sent to each API, second by second over the last two minutes (for the most calls within any 10
 * seconds — HubSpot's burst limit is a rolling 10-second window), and the daily limit and what remains of it as
 * HubSpot's last answer reported ({@code X-HubSpot-RateLimit-Daily}, {@code -Daily-Remaining}; not sent for OAuth
 * calls). The same is kept per API account (a HubSpot portal, a Jira site: the accounts of the rate budget), so each
 * connection's usage can be shown against its own limits. The per-minute sampling route stores the per-API figures for
 * the console's charts.
 */
@Component
public class ApiUsageMeter {

    static final int SECONDS = 120;

    /** One API's calls of a past minute, its busiest 10 seconds, and HubSpot's daily figures when known. */
    public record Minute(long calls, long peak10s, Long dailyLimit, Long dailyRemaining) {}

    /**
     * One account's calls from this instance in the last 10 and 60 seconds, the daily figures HubSpot last reported for
     * it, and when this instance last called it (null: not since it started).
     */
    public record AccountUsage(long last10s, long last60s, Long dailyLimit, Long dailyRemaining, Instant lastCallAt) {}

    private final Clock clock;
    private final Map<ApiName, Ring> perApi = new EnumMap<>(ApiName.class);
    private final Map<ApiName, Daily> dailyPerApi = new EnumMap<>(ApiName.class);
    private final Map<String, Ring> perAccount = new ConcurrentHashMap<>();
    private final Map<String, Daily> dailyPerAccount = new ConcurrentHashMap<>();

    public ApiUsageMeter(Clock clock) {
        this.clock = clock;
        for (ApiName api : ApiName.values()) {
            perApi.put(api, new Ring());
            dailyPerApi.put(api, new Daily());
        }
    }

    /** A request was sent (retries count: HubSpot counts every request). */
    public void sent(ApiName api) {
        sent(api, null);
    }

    /** A request was sent for this account (the account of its rate budget). */
    public void sent(ApiName api, String account) {
        long second = clock.millis() / 1000;
        perApi.get(api).count(second);
        perAccount.computeIfAbsent(key(api, account), k -> new Ring()).count(second);
    }

    /** An answer came: HubSpot's daily figures, when it reports them. */
    public void answered(ApiName api, ApiResponse response) {
        answered(api, null, response);
    }

    /** An answer came for this account: HubSpot's daily figures for it, when it reports them. */
    public void answered(ApiName api, String account, ApiResponse response) {
        if (api != ApiName.HUBSPOT) {
            return;
        }
        Long limit = number(response.header("X-HubSpot-RateLimit-Daily"));
        Long remaining = number(response.header("X-HubSpot-RateLimit-Daily-Remaining"));
        if (limit == null && remaining == null) {
            return;
        }
        dailyPerApi.get(api).update(limit, remaining);
        dailyPerAccount.computeIfAbsent(key(api, account), k -> new Daily()).update(limit, remaining);
    }

    /** The minute before {@code endSecond} (epoch second, exclusive); its busiest 10 seconds may begin in the minute before. */
    public Minute minuteBefore(ApiName api, long endSecond) {
        long[] window = perApi.get(api).window(endSecond, 69);
        long total = 0;
        long peak = 0;
        long running = 0;
        for (int i = 0; i < window.length; i++) {
            running += window[i];
            if (i >= 10) {
                running -= window[i - 10];
            }
            if (i >= 9) {
                total += window[i];
                peak = Math.max(peak, running);
            }
        }
        Daily daily = dailyPerApi.get(api);
        return api == ApiName.HUBSPOT ? new Minute(total, peak, daily.limit, daily.remaining) : new Minute(total, peak, null, null);
    }

    /** This instance's calls to one account up to now, and what HubSpot last said of its day. */
    public AccountUsage account(ApiName api, String account) {
        long endSecond = clock.millis() / 1000 + 1;
        Ring ring = perAccount.get(key(api, account));
        long last10 = 0;
        long last60 = 0;
        Instant lastCall = null;
        if (ring != null) {
            long[] window = ring.window(endSecond, 60);
            for (int i = 0; i < window.length; i++) {
                last60 += window[i];
                if (i >= window.length - 10) {
                    last10 += window[i];
                }
            }
            lastCall = ring.lastSecond == 0 ? null : Instant.ofEpochSecond(ring.lastSecond);
        }
        Daily daily = dailyPerAccount.get(key(api, account));
        return new AccountUsage(last10, last60, daily == null ? null : daily.limit, daily == null ? null : daily.remaining, lastCall);
    }

    private static String key(ApiName api, String account) {
        return api.tag() + ":" + RateBudget.accountKey(account);
    }

    private static Long number(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Calls per second over the last {@link #SECONDS} seconds; each slot remembers its second, so a lap reads zero. */
    private static final class Ring {
        private final long[] counts = new long[SECONDS];
        private final long[] secondOf = new long[SECONDS];
        private long lastSecond;

        synchronized void count(long second) {
            int slot = (int) (second % SECONDS);
            if (secondOf[slot] != second) {
                secondOf[slot] = second;
                counts[slot] = 0;
            }
            counts[slot]++;
            lastSecond = Math.max(lastSecond, second);
        }

        /** The counts of the {@code length} seconds before {@code endSecond} (exclusive), oldest first. */
        synchronized long[] window(long endSecond, int length) {
            long[] window = new long[length];
            for (int i = 0; i < length; i++) {
                long second = endSecond - length + i;
                int slot = (int) Math.floorMod(second, (long) SECONDS);
                window[i] = secondOf[slot] == second ? counts[slot] : 0;
            }
            return window;
        }
    }

    /** HubSpot's daily figures as last reported. */
    private static final class Daily {
        private volatile Long limit;
        private volatile Long remaining;

        void update(Long newLimit, Long newRemaining) {
            if (newLimit != null) {
                limit = newLimit;
            }
            if (newRemaining != null) {
                remaining = newRemaining;
            }
        }
    }
}
