package io.hubjira.sandbox;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Fault injection per simulated API: a rate of 429s (with Retry-After), a rate of 5xx, added latency, and a one-shot
 * "fail the next N calls (to paths matching X) with status S". Rates use a seeded random, so runs repeat.
 */
@Component
@Profile("sandbox")
public class SandboxFaults {

    public record Settings(double rate429, String retryAfter, double rate5xx, int status5xx, long latencyMs) {
        public static Settings none() {
            return new Settings(0, "1", 0, 503, 0);
        }
    }

    private static final class FailNext {
        int remaining;
        final int status;
        final Pattern path;

        FailNext(int remaining, int status, String pathRegex) {
            this.remaining = remaining;
            this.status = status;
            this.path = pathRegex == null || pathRegex.isBlank() ? null : Pattern.compile(pathRegex);
        }
    }

    private final Map<String, Settings> settings = new ConcurrentHashMap<>();
    private final Map<String, FailNext> failNext = new ConcurrentHashMap<>();
    private final Random random = new Random(42);

    public Settings settings(String api) {
        return settings.getOrDefault(api, Settings.none());
    }

    public void set(String api, Settings s) {
        settings.put(api, s);
    }

    public void failNext(String api, int count, int status, String pathRegex) {
        failNext.put(api, new FailNext(count, status, pathRegex));
    }

    public void reset(String api) {
        settings.remove(api);
        failNext.remove(api);
    }

    public void resetAll() {
        settings.clear();
        failNext.clear();
    }

    /** The status to fail this call with, or 0 to let it through. */
    public synchronized int decide(String api, String path) {
        FailNext next = failNext.get(api);
        if (next != null && next.remaining > 0 && (next.path == null || next.path.matcher(path).find())) {
            next.remaining--;
            return next.status;
        }
        Settings s = settings(api);
        if (s.rate429() > 0 && random.nextDouble() < s.rate429()) {
            return 429;
        }
        if (s.rate5xx() > 0 && random.nextDouble() < s.rate5xx()) {
            return s.status5xx();
        }
        return 0;
    }
}
