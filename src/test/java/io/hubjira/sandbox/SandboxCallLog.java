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

    public record Call(String api, String method, String path, String query, String body, int status, Instant at) {}

    private static final int MAX = 50_000;
    private final Deque<Call> calls = new ArrayDeque<>();

    public synchronized void record(Call call) {
        calls.addLast(call);
        while (calls.size() > MAX) {
            calls.removeFirst();
        }
    }

    public synchronized List<Call> calls(String api) {
        return calls.stream().filter(c -> api == null || c.api().equals(api)).toList();
    }

    /** Calls of an API with this method whose path matches the regular expression. */
    public synchronized long count(String api, String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return calls.stream().filter(c -> c.api().equals(api) && (method == null || c.method().equals(method))
                && p.matcher(c.path()).matches()).count();
    }

    public synchronized List<Call> matching(String api, String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return new ArrayList<>(calls.stream().filter(c -> c.api().equals(api) && (method == null || c.method().equals(method))
                && p.matcher(c.path()).matches()).toList());
    }

    public synchronized void clear() {
        calls.clear();
    }
}
