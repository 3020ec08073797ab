package io.hubjira.sandbox;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Fault injection per simulated API (and per HubSpot portal, {@link #hubspotPortal(long)}): a rate of 429s (with Retry-After), a rate of 5xx, added latency, a one-shot
 * "fail the next N calls (to paths matching X) with status S" (the call changes nothing), and lost responses per method
 * and path (the call takes effect, then the client gets a 5xx or its answer too late). Rates use a seeded random, so
 * runs repeat.
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
        int skip;
        int remaining;
        final int status;
        final Pattern path;
        final String method;
        Runnable meanwhile;

        FailNext(int remaining, int status, String pathRegex, String method) {
            this.remaining = remaining;
            this.status = status;
            this.path = pathRegex == null || pathRegex.isBlank() ? null : Pattern.compile(pathRegex);
            this.method = method;
        }
    }

    /**
     * A lost response: the call reaches the simulator and takes effect, then the client gets a 5xx ({@code status}) or
     * the answer only after {@code delayMs} (past the client's read timeout). For the next {@code remaining} calls of
     * this method whose path matches.
     */
    public static final class LostResponse {
        int remaining;
        final String method;
        final Pattern path;
        public final int status;
        public final long delayMs;

        LostResponse(int remaining, String method, String pathRegex, int status, long delayMs) {
            this.remaining = remaining;
            this.method = method;
            this.path = Pattern.compile(pathRegex);
            this.status = status;
            this.delayMs = delayMs;
        }

        public boolean late() {
            return delayMs > 0;
        }
    }

    /**
     * A held call, for crash tests: the next call of this method whose path matches is held — taken into effect first
     * ({@code afterWrite}) or not — until {@link #releaseHolds()}; meanwhile the test kills the caller.
     */
    public static final class Hold {
        final String method;
        final Pattern path;
        public final boolean afterWrite;
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        volatile boolean holding;
        boolean used;
        int skip;

        Hold(String method, String pathRegex, boolean afterWrite, int skip) {
            this.method = method;
            this.path = Pattern.compile(pathRegex);
            this.afterWrite = afterWrite;
            this.skip = skip;
        }

        /** Blocks the calling request thread until the test lets go (at most a minute). */
        public void hold() {
            holding = true;
            try {
                release.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final Map<String, Hold> holds = new ConcurrentHashMap<>();

    /** Holds the matching call that follows {@code skip} matching calls let through. */
    public void holdNext(String api, String method, String pathRegex, boolean afterWrite, int skip) {
        holds.put(api, new Hold(method, pathRegex, afterWrite, skip));
    }

    /** The hold this call falls under, if it is the first matching one. */
    public synchronized java.util.Optional<Hold> holds(String api, String method, String path) {
        Hold h = holds.get(api);
        if (h != null && !h.used && h.method.equalsIgnoreCase(method) && h.path.matcher(path).find()) {
            if (h.skip > 0) {
                h.skip--;
                return java.util.Optional.empty();
            }
            h.used = true;
            return java.util.Optional.of(h);
        }
        return java.util.Optional.empty();
    }

    /** Whether a call is being held right now. */
    public boolean holding() {
        return holds.values().stream().anyMatch(h -> h.holding);
    }

    public void releaseHolds() {
        holds.values().forEach(h -> h.release.countDown());
        holds.clear();
    }

    private final Map<String, java.util.List<LostResponse>> lost = new ConcurrentHashMap<>();
    private final Map<String, Settings> settings = new ConcurrentHashMap<>();
    private final Map<String, FailNext> failNext = new ConcurrentHashMap<>();
    private final Random random = new Random(42);

    /**
     * The key that scopes faults to one HubSpot portal (HubSpot's limits and outages are per account): every method
     * here taking an {@code api} takes it, e.g. {@code set(hubspotPortal(A), new Settings(1, "1", 0, 503, 0))} answers
     * 429 to portal A's calls only. Checked after the API-wide faults, on calls whose token is of that portal.
     */
    public static String hubspotPortal(long portalId) {
        return "hubspot@" + portalId;
    }

    public Settings settings(String api) {
        return settings.getOrDefault(api, Settings.none());
    }

    public void set(String api, Settings s) {
        settings.put(api, s);
    }

    public void failNext(String api, int count, int status, String pathRegex) {
        failNext.put(api, new FailNext(count, status, pathRegex, null));
    }

    /** As {@link #failNext(String, String, int, int, String)}, after letting the first {@code skip} such calls through. */
    public void failAfter(String api, String method, int skip, int count, int status, String pathRegex) {
        FailNext next = new FailNext(count, status, pathRegex, method);
        next.skip = skip;
        failNext.put(api, next);
    }

    /**
     * As {@link #failNext(String, String, int, int, String)}, and each time it fails a call {@code meanwhile} runs first:
     * what someone else does while the caller does not know whether its call took effect.
     */
    public void failNextMeanwhile(String api, String method, int count, int status, String pathRegex, Runnable meanwhile) {
        FailNext next = new FailNext(count, status, pathRegex, method);
        next.meanwhile = meanwhile;
        failNext.put(api, next);
    }

    /** As {@link #failNext(String, int, int, String)}, for calls of one HTTP method only. */
    public void failNext(String api, String method, int count, int status, String pathRegex) {
        failNext.put(api, new FailNext(count, status, pathRegex, method));
    }

    /** The next {@code count} calls of {@code method} to paths matching {@code pathRegex} take effect, then answer {@code status}. */
    public void loseResponses(String api, String method, String pathRegex, int count, int status) {
        lost.computeIfAbsent(api, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(new LostResponse(count, method, pathRegex, status, 0));
    }

    /** The next {@code count} such calls take effect and answer only after {@code delayMs} (the client has timed out by then). */
    public void answerLate(String api, String method, String pathRegex, int count, long delayMs) {
        lost.computeIfAbsent(api, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(new LostResponse(count, method, pathRegex, 0, delayMs));
    }

    /** Whether this call's answer is to be lost (counting it), and how. */
    public synchronized java.util.Optional<LostResponse> loses(String api, String method, String path) {
        for (LostResponse l : lost.getOrDefault(api, java.util.List.of())) {
            if (l.remaining > 0 && l.method.equalsIgnoreCase(method) && l.path.matcher(path).find()) {
                l.remaining--;
                return java.util.Optional.of(l);
            }
        }
        return java.util.Optional.empty();
    }

    /** How many lost responses are still to come (a test checks its faults were all used). */
    public synchronized int lostResponsesLeft(String api) {
        return lost.getOrDefault(api, java.util.List.of()).stream().mapToInt(l -> l.remaining).sum();
    }

    /**
     * An input of a batch call that fails on its own while the others succeed — HubSpot then answers 207 with an
     * {@code errors[]} entry for it, Jira's bulk create an {@code errors[]} element with its {@code failedElementNumber}.
     */
    public record BatchInputFault(int status, String category, String message) {}

    private static final class BatchInputFaults {
        final Pattern input;
        int remaining;
        final BatchInputFault fault;

        BatchInputFaults(Pattern input, int remaining, BatchInputFault fault) {
            this.input = input;
            this.remaining = remaining;
            this.fault = fault;
        }
    }

    private final Map<String, java.util.List<BatchInputFaults>> batchInputs = new ConcurrentHashMap<>();

    /**
     * The next {@code count} inputs of batch calls whose JSON (the id of a read or update, the properties of a create,
     * the fields of a Jira bulk-create element) matches {@code inputRegex} fail on their own with this status, HubSpot
     * error category and message; each later call of such an input succeeds.
     */
    public void failBatchInputs(String api, String inputRegex, int count, int status, String category, String message) {
        batchInputs.computeIfAbsent(api, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(new BatchInputFaults(Pattern.compile(inputRegex), count, new BatchInputFault(status, category, message)));
    }

    /** Whether this input of a batch call fails on its own (counting it), and how. */
    public synchronized java.util.Optional<BatchInputFault> batchInputFails(String api, String inputJson) {
        for (BatchInputFaults f : batchInputs.getOrDefault(api, java.util.List.of())) {
            if (f.remaining > 0 && f.input.matcher(inputJson).find()) {
                f.remaining--;
                return java.util.Optional.of(f.fault);
            }
        }
        return java.util.Optional.empty();
    }

    /** A batch answer's results in an order of their own: neither API promises the inputs' order. */
    public synchronized <T> java.util.List<T> shuffled(java.util.List<T> results) {
        java.util.List<T> copy = new java.util.ArrayList<>(results);
        java.util.Collections.shuffle(copy, random);
        return copy;
    }

    public void reset(String api) {
        settings.remove(api);
        failNext.remove(api);
        lost.remove(api);
        batchInputs.remove(api);
    }

    public void resetAll() {
        settings.clear();
        failNext.clear();
        lost.clear();
        batchInputs.clear();
        releaseHolds();
    }

    /** The status to fail this call with, or 0 to let it through. */
    public synchronized int decide(String api, String method, String path) {
        FailNext next = failNext.get(api);
        if (next != null && next.remaining > 0 && (next.path == null || next.path.matcher(path).find())
                && (next.method == null || next.method.equalsIgnoreCase(method))) {
            if (next.skip > 0) {
                next.skip--;
                return 0;
            }
            next.remaining--;
            if (next.meanwhile != null) {
                next.meanwhile.run();
            }
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
