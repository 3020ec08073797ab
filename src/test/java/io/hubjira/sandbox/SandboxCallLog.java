package io.hubjira.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Every request the simulators answered (bounded), so tests can count calls and prove what was or was not sent. */
@Component
@Profile("sandbox")
public class SandboxCallLog {

    /**
     * One answered call; {@code generation}: which generation of the API's paths it used (2026-03, 2026-09, legacy; Jira:
     * v3); {@code portal}: the HubSpot portal of the call's token (null for Jira, and for a call without a known token).
     */
    public record Call(String api, String method, String path, String query, String body, int status, Instant at, String generation,
                       Long portal) {
        public Call(String api, String method, String path, String query, String body, int status, Instant at) {
            this(api, method, path, query, body, status, at, (Long) null);
        }

        public Call(String api, String method, String path, String query, String body, int status, Instant at, Long portal) {
            this(api, method, path, query, body, status, at,
                    api.equals("hubspot") ? io.hubjira.sandbox.hubspot.HubSpotApiGenerations.generationOf(path) : "v3", portal);
        }

        public Call(String api, String method, String path, String query, String body, int status, Instant at, String generation) {
            this(api, method, path, query, body, status, at, generation, null);
        }
    }

    private static final int MAX = 50_000;
    private static final long LONGEST_WAIT_MS = 5_000;
    private final Deque<Call> calls = new ArrayDeque<>();
    private final java.util.NavigableSet<Long> answering = new java.util.TreeSet<>();
    private long nextTicket;

    /**
     * A call has arrived. The simulator changes its state before the call is recorded, so a test that saw the change
     * could count before the call that made it is in the log; every read of the log first waits for the calls that
     * arrived before it.
     */
    public synchronized long begin() {
        long ticket = nextTicket++;
        answering.add(ticket);
        return ticket;
    }

    /** The call is recorded (or held on purpose by a test): reads of the log no longer wait for it. */
    public synchronized void end(long ticket) {
        if (answering.remove(ticket)) {
            notifyAll();
        }
    }

    private void awaitCallsBefore() {
        long asked = nextTicket;
        long deadline = System.currentTimeMillis() + LONGEST_WAIT_MS;
        while (!answering.isEmpty() && answering.first() < asked) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public synchronized void record(Call call) {
        calls.addLast(call);
        while (calls.size() > MAX) {
            calls.removeFirst();
        }
    }

    public synchronized List<Call> calls(String api) {
        awaitCallsBefore();
        return calls.stream().filter(c -> api == null || c.api().equals(api)).toList();
    }

    /** Calls of an API with this method whose path matches the regular expression. */
    public synchronized long count(String api, String method, String pathRegex) {
        awaitCallsBefore();
        Pattern p = Pattern.compile(pathRegex);
        return calls.stream().filter(c -> c.api().equals(api) && (method == null || c.method().equals(method))
                && p.matcher(c.path()).matches()).count();
    }

    public synchronized List<Call> matching(String api, String method, String pathRegex) {
        awaitCallsBefore();
        Pattern p = Pattern.compile(pathRegex);
        return new ArrayList<>(calls.stream().filter(c -> c.api().equals(api) && (method == null || c.method().equals(method))
                && p.matcher(c.path()).matches()).toList());
    }

    /** The HubSpot calls made with a token of this portal. */
    public synchronized List<Call> hubspotCalls(long portalId) {
        awaitCallsBefore();
        return calls.stream().filter(c -> c.api().equals("hubspot") && c.portal() != null && c.portal() == portalId).toList();
    }

    /** Calls of an API in one generation of its paths. */
    public synchronized long countGeneration(String api, String generation) {
        awaitCallsBefore();
        return calls.stream().filter(c -> c.api().equals(api) && c.generation().equals(generation)).count();
    }

    public synchronized void clear() {
        calls.clear();
    }
}
