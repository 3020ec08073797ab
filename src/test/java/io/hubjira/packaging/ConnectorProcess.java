package io.hubjira.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.storage.EmbeddedPostgresSupport;
import io.hubjira.support.SandboxTest;

/**
 * The production jar started as its own process on a PostgreSQL database against the simulators, as an operator
 * runs it: short claim leases and a fast poll, so takeovers happen in seconds.
 */
final class ConnectorProcess {

    static final String ADMIN_TOKEN = "packaged-test-admin-token";
    static final String JIRA_WEBHOOK_SECRET = "packaged-test-webhook-secret";
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    final Process process;
    final int port;
    final Path log;

    private ConnectorProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar (name: its log file's) and waits until it is ready. */
    static ConnectorProcess start(Path workDirectory, String database, int simulatorPort, String name) throws Exception {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = workDirectory.resolve("connector-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-jar", packagedJar().toString(), "--server.port=" + port)
                .directory(workDirectory.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> !key.equals("PATH") && !key.equals("HOME") && !key.equals("TMPDIR"));
        String simulatorsBase = "http://127.0.0.1:" + simulatorPort + "/sandbox";
        env.put("HUBSPOT_BASE_URL", simulatorsBase + "/hubspot");
        env.put("CONNECTOR_ALLOW_LOOPBACK_BASE_URLS", "true");
        env.put("HUBSPOT_PORTAL_ID", String.valueOf(SandboxTest.PORTAL));
        env.put("HUBSPOT_TOKEN", SandboxTest.DEMO_TOKEN);
        env.put("HUBSPOT_TOKEN_KIND", "PROJECT_APP");
        env.put("JIRA_BASE_URL", simulatorsBase + "/jira");
        env.put("JIRA_EMAIL", "connector@example.com");
        env.put("JIRA_API_TOKEN", "sandbox-jira-token");
        env.put("JIRA_WEBHOOK_SECRET", JIRA_WEBHOOK_SECRET);
        env.put("SPRING_DATASOURCE_URL", EmbeddedPostgresSupport.jdbcUrl(database));
        env.put("SPRING_DATASOURCE_USERNAME", "postgres");
        env.put("SPRING_DATASOURCE_PASSWORD", "");
        env.put("CONNECTOR_MASTER_KEY", "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=");
        env.put("CONNECTOR_ADMIN_PASSWORD", "packaged-test-admin-password");
        env.put("CONNECTOR_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("CONNECTOR_POLL_CRON", "0/3 * * * * ?");
        // short leases, so another instance takes a stopped or stalled one's claims over after 4 s, not 20 s
        env.put("CONNECTOR_CLAIM_LEASE", "4s");
        env.put("CONNECTOR_CLAIMS_HEARTBEAT", "1s");
        // a stopped instance's poll job is recovered by the Quartz cluster within seconds
        env.put("CONNECTOR_CLUSTER_CHECKIN_MS", "2000");
        Process process = builder.start();
        ConnectorProcess connector = new ConnectorProcess(process, port, log);
        awaitTrue("the connector (" + name + ") to start", Duration.ofSeconds(120), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the connector stopped:\n" + connector.logText());
            }
            try {
                return connector.get("/actuator/health/readiness").statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return connector;
    }

    long pid() {
        return process.pid();
    }

    /** Sends a POSIX signal (STOP freezes the process as a stalled host would, CONT resumes it). */
    void signal(String name) throws Exception {
        int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).inheritIO().start().waitFor();
        assertThat(exit).as("kill -" + name + " " + pid()).isZero();
    }

    void kill() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    void createItem(Map<String, Object> item) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/items"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(item))).build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void awaitTrue(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    static Path packagedJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "hubspot-jira-connector-*.jar")) {
            for (Path candidate : jars) {
                return candidate.toAbsolutePath();
            }
        }
        throw new AssertionError("no packaged jar in target/: run mvn verify (the package phase builds it)");
    }
}
