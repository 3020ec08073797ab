package io.hubjira.http;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * What this instance sent to each API, second by second over the last two minutes (for the most calls within any 10
 * seconds — HubSpot's burst limit is a rolling 10-second window), and the daily limit and what remains of it as
 * HubSpot's last answer reported ({@code X-HubSpot-RateLimit-Daily}, {@code -Daily-Remaining}; not sent for OAuth
 * calls). The per-minute sampling route stores it for the console's charts.
 */
@Component
public class ApiUsageMeter {

    static final int SECONDS = 120;

    /** One API's calls of a past minute, its busiest 10 seconds, and HubSpot's daily figures when known. */
    public record Minute(long calls, long peak10s, Long dailyLimit, Long dailyRemaining) {}

    private final Clock clock;
    private final Map<ApiName, long[]> perSecond = new EnumMap<>(ApiName.class);
    private final Map<ApiName, long[]> secondOf = new EnumMap<>(ApiName.class);
    private volatile Long dailyLimit;
    private volatile Long dailyRemaining;

    public ApiUsageMeter(Clock clock) {
        this.clock = clock;
        for (ApiName api : ApiName.values()) {
            perSecond.put(api, new long[SECONDS]);
            secondOf.put(api, new long[SECONDS]);
        }
    }

    /** A request was sent (retries count: HubSpot counts every request). */
    public synchronized void sent(ApiName api) {
        long second = clock.millis() / 1000;
        int slot = (int) (second % SECONDS);
        long[] counts = perSecond.get(api);
        long[] seconds = secondOf.get(api);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot]++;
    }

    /** An answer came: HubSpot's daily figures, when it reports them. */
    public void answered(ApiName api, ApiResponse response) {
        if (api != ApiName.HUBSPOT) {
            return;
        }
        Long limit = number(response.header("X-HubSpot-RateLimit-Daily"));
        Long remaining = number(response.header("X-HubSpot-RateLimit-Daily-Remaining"));
        if (limit != null) {
            dailyLimit = limit;
        }
        if (remaining != null) {
            dailyRemaining = remaining;
        }
    }

    /** The minute before {@code endSecond} (epoch second, exclusive); its busiest 10 seconds may begin in the minute before. */
    public synchronized Minute minuteBefore(ApiName api, long endSecond) {
        long[] counts = perSecond.get(api);
        long[] seconds = secondOf.get(api);
        long[] window = new long[69];
        for (int i = 0; i < window.length; i++) {
            long second = endSecond - window.length + i;
            int slot = (int) Math.floorMod(second, (long) SECONDS);
            window[i] = seconds[slot] == second ? counts[slot] : 0;
        }
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
        return api == ApiName.HUBSPOT ? new Minute(total, peak, dailyLimit, dailyRemaining) : new Minute(total, peak, null, null);
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
}
