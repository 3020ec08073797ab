package io.hubjira.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.sandbox.SandboxCallLog;

/**
 * The figures of one benchmark run, written to {@code target/benchmarks/<Benchmark>.json}; {@link BenchmarkResults}
 * turns those files into {@code benchmarks/RESULTS.md}. Benchmarks assert nothing: they measure and report.
 * <p>
 * A benchmark reports one or more scenarios; each has figures (a value with its unit, and where the work has one a
 * goal and a floor — the floor computed from the APIs' limits and the minimum calls the work needs, with the formula
 * that gives it) and the calls the simulators answered, by API, method and endpoint, every status included (429s,
 * 5xx and their retries, file downloads): what a user pays for, counted where it is paid, not by the connector.
 */
public final class BenchmarkReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern ISSUE_KEY = Pattern.compile("[A-Z][A-Z0-9_]*-\\d+");
    private static final Pattern ID = Pattern.compile("\\d+|\\d-\\d+|[0-9a-fA-F-]{32,36}");

    private final String benchmark;
    private final String description;
    private final List<Scenario> scenarios = new ArrayList<>();

    private BenchmarkReport(String benchmark, String description) {
        this.benchmark = benchmark;
        this.description = description;
    }

    /** A report named after the benchmark class, with what the benchmark does in one or two sentences. */
    public static BenchmarkReport of(Class<?> benchmark, String description) {
        return new BenchmarkReport(benchmark.getSimpleName(), description);
    }

    public Scenario scenario(String name) {
        Scenario s = new Scenario(name);
        scenarios.add(s);
        return s;
    }

    /** Writes {@code target/benchmarks/<Benchmark>.json} (and prints every figure on a line starting with BENCHMARK). */
    public Path write() {
        ObjectNode root = JSON.createObjectNode();
        root.put("benchmark", benchmark);
        root.put("description", description);
        root.put("measuredAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("commit", commit());
        root.put("command", command());
        ArrayNode list = root.putArray("scenarios");
        for (Scenario s : scenarios) {
            list.add(s.toJson());
            s.print();
        }
        Path file = Path.of("target", "benchmarks", benchmark + ".json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("BENCHMARK figures written to " + file);
        return file;
    }

    /** The command that reproduces this run: the benchmark profile, this benchmark, and the bench.* settings given. */
    private String command() {
        StringBuilder c = new StringBuilder("mvn -B test -Pbenchmarks -Dtest=").append(benchmark);
        new TreeMap<>(System.getProperties()).forEach((k, v) -> {
            if (k.toString().startsWith("bench.")) {
                c.append(" -D").append(k).append('=').append(v);
            }
        });
        return c.toString();
    }

    /** The commit measured, marked when the work tree had uncommitted changes to tracked files. */
    static String commit() {
        String head = git("rev-parse", "--short=12", "HEAD");
        if (head.isEmpty()) {
            return "unknown";
        }
        return git("status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + " (with uncommitted changes)";
    }

    private static String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A path with its ids and issue keys replaced by placeholders, so calls group by endpoint. */
    static String endpoint(String path) {
        if (path.startsWith("/_signed/")) {
            return "/_signed/{file} (signed-URL download)";
        }
        StringBuilder b = new StringBuilder();
        String previous = "";
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            boolean version = previous.equals("api"); // Jira's /rest/api/3
            b.append('/').append(version ? segment : ISSUE_KEY.matcher(segment).matches() ? "{issueKey}" : ID.matcher(segment).matches() ? "{id}" : segment);
            previous = segment;
        }
        return b.isEmpty() ? "/" : b.toString();
    }

    /** One measured case of a benchmark. */
    public static final class Scenario {

        private final String name;
        private final List<ObjectNode> figures = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<String, Map<String, Long>> callsByEndpoint = new TreeMap<>();
        private final Map<String, Long> callsByApi = new TreeMap<>();
        private boolean callsCounted;

        private Scenario(String name) {
            this.name = name;
        }

        public Scenario figure(String figure, double value, String unit) {
            return figure(figure, value, unit, null, null, null);
        }

        /**
         * A figure with its goal (as the issue or README states it, e.g. "≤ 0.05") and floor: the least the work can
         * cost under the APIs' limits, and {@code floorBasis} the formula that gives it. Goal, floor and basis may be null.
         */
        public Scenario figure(String figure, double value, String unit, String goal, Double floor, String floorBasis) {
            ObjectNode f = JSON.createObjectNode();
            f.put("name", figure);
            f.put("value", value);
            f.put("unit", unit);
            if (goal != null) {
                f.put("goal", goal);
            }
            if (floor != null) {
                f.put("floor", floor);
            }
            if (floorBasis != null) {
                f.put("floorBasis", floorBasis);
            }
            figures.add(f);
            return this;
        }

        public Scenario note(String text) {
            notes.add(text);
            return this;
        }

        /** The calls the simulators answered during the scenario, counted by API, method and endpoint, per status. */
        public Scenario calls(Collection<SandboxCallLog.Call> calls) {
            callsCounted = true;
            for (SandboxCallLog.Call c : calls) {
                String key = c.api() + " " + c.method() + " " + endpoint(c.path());
                callsByEndpoint.computeIfAbsent(key, k -> new TreeMap<>()).merge(String.valueOf(c.status()), 1L, Long::sum);
                callsByApi.merge(c.api(), 1L, Long::sum);
            }
            return this;
        }

        /** All calls of one API ("hubspot", "jira") counted so far by {@link #calls}. */
        public long callsOf(String api) {
            return callsByApi.getOrDefault(api, 0L);
        }

        /** The calls counted so far of one API, method and endpoint (as {@link BenchmarkReport#endpoint} writes it). */
        public long callsTo(String api, String method, String endpoint) {
            return callsByEndpoint.getOrDefault(api + " " + method + " " + endpoint, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }

        private ObjectNode toJson() {
            ObjectNode s = JSON.createObjectNode();
            s.put("name", name);
            ArrayNode f = s.putArray("figures");
            figures.forEach(f::add);
            if (!notes.isEmpty()) {
                ArrayNode n = s.putArray("notes");
                notes.forEach(n::add);
            }
            if (callsCounted) {
                ArrayNode calls = s.putArray("calls");
                callsByEndpoint.forEach((key, statuses) -> {
                    String[] parts = key.split(" ", 3);
                    ObjectNode c = calls.addObject();
                    c.put("api", parts[0]);
                    c.put("method", parts[1]);
                    c.put("endpoint", parts[2]);
                    c.put("count", statuses.values().stream().mapToLong(Long::longValue).sum());
                    ObjectNode byStatus = c.putObject("statuses");
                    statuses.forEach(byStatus::put);
                });
            }
            return s;
        }

        private void print() {
            for (ObjectNode f : figures) {
                System.out.printf("BENCHMARK %s: %s = %s %s%s%s%n", name, f.path("name").asText(), BenchmarkResults.number(f.path("value").asDouble()),
                        f.path("unit").asText(), f.has("goal") ? " (goal " + f.path("goal").asText() + ")" : "",
                        f.has("floor") ? " (floor " + BenchmarkResults.number(f.path("floor").asDouble()) + ": " + f.path("floorBasis").asText() + ")" : "");
            }
            callsByEndpoint.forEach((key, statuses) -> System.out.printf("BENCHMARK %s: calls %s %s%n", name, key, statuses));
        }
    }
}
