package io.hubjira.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes {@code benchmarks/RESULTS.md} from the benchmarks' figures: the files the last run wrote to
 * {@code target/benchmarks/} replace their copies in {@code benchmarks/figures/} (checked in, so a run of one benchmark
 * keeps the others' last figures), and the markdown is rendered from every file there, each with the date, the commit
 * and the command it was measured with. Run by the {@code benchmarks} Maven profile after the benchmarks:
 * {@code mvn -B test -Pbenchmarks} (all of them) or {@code mvn -B test -Pbenchmarks -Dtest=BackfillBenchmark} (one).
 */
public final class BenchmarkResults {

    static final String COMMAND = "mvn -B test -Pbenchmarks";

    private BenchmarkResults() {
    }

    /** Arguments: the directory the benchmarks wrote to (target/benchmarks), the checked-in directory (benchmarks). */
    public static void main(String[] args) throws IOException {
        Path measured = Path.of(args[0]);
        Path results = Path.of(args[1]);
        Path figures = results.resolve("figures");
        Files.createDirectories(figures);
        if (Files.isDirectory(measured)) {
            try (Stream<Path> files = Files.list(measured)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    Files.copy(f, figures.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        List<JsonNode> reports = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(figures)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                reports.add(json.readTree(f.toFile()));
            }
        }
        Path out = results.resolve("RESULTS.md");
        Files.writeString(out, render(reports, Instant.now().truncatedTo(ChronoUnit.SECONDS)), StandardCharsets.UTF_8);
        System.out.println("BENCHMARK results written to " + out + " (" + reports.size() + " benchmarks)");
    }

    static String render(List<JsonNode> reports, Instant generated) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Generated ").append(generated).append(" by `").append(COMMAND).append("` (every benchmark; add `-Dtest=<Name>` for one,\n");
        md.append("the others keep their last figures). Do not edit by hand: each benchmark writes `target/benchmarks/<Name>.json`,\n");
        md.append("`io.hubjira.bench.BenchmarkResults` keeps them in `benchmarks/figures/` and renders this file.\n\n");
        md.append("Calls are counted from the simulators' call log — every request HubSpot or Jira answered, 429s, 5xx, retries and\n");
        md.append("file downloads included — never from the connector's own meters. A floor is the least the work can cost under the\n");
        md.append("APIs' limits and batch sizes, computed from them (the formula is given), never from the connector's count.\n");
        for (JsonNode r : reports) {
            md.append("\n## ").append(r.path("benchmark").asText()).append("\n\n");
            md.append(r.path("description").asText()).append("\n\n");
            md.append("Measured ").append(r.path("measuredAt").asText()).append(" at commit `").append(r.path("commit").asText())
                    .append("` with `").append(r.path("command").asText()).append("`.\n");
            for (JsonNode s : r.path("scenarios")) {
                md.append("\n### ").append(s.path("name").asText()).append("\n\n");
                md.append("| figure | value | goal | floor |\n|---|---:|---|---|\n");
                for (JsonNode f : s.path("figures")) {
                    md.append("| ").append(f.path("name").asText()).append(" | ").append(number(f.path("value").asDouble())).append(' ')
                            .append(f.path("unit").asText()).append(" | ").append(f.path("goal").asText("")).append(" | ");
                    if (f.has("floor")) {
                        md.append(number(f.path("floor").asDouble())).append(f.has("floorBasis") ? " = " + f.path("floorBasis").asText() : "");
                    }
                    md.append(" |\n");
                }
                for (JsonNode n : s.path("notes")) {
                    md.append("\n").append(n.asText()).append("\n");
                }
                if (s.has("calls")) {
                    md.append("\nCalls answered, by endpoint:\n\n| API | method | endpoint | calls | by status |\n|---|---|---|---:|---|\n");
                    for (JsonNode c : s.path("calls")) {
                        List<String> statuses = new ArrayList<>();
                        c.path("statuses").fields().forEachRemaining(e -> statuses.add(e.getKey() + " × " + e.getValue().asLong()));
                        md.append("| ").append(c.path("api").asText()).append(" | ").append(c.path("method").asText()).append(" | `")
                                .append(c.path("endpoint").asText()).append("` | ").append(c.path("count").asLong()).append(" | ")
                                .append(String.join(", ", statuses)).append(" |\n");
                    }
                }
            }
        }
        return md.toString();
    }

    /** Whole numbers as they are, small ratios with four decimals, the rest with two. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) < 1 ? "%.4f" : "%.2f", v);
    }
}
