package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * Threat: a local user on the host reaches the connector's database. Earlier versions opened H2's AUTO_SERVER (a TCP
 * server on every interface, its address and key in a lock file everyone could read), with user {@code sa} and an
 * empty password, in world-readable files; {@code CREATE ALIAS} then runs Java inside the connector. The packaged jar,
 * started with defaults, listens on its HTTP port alone (read from the process's own sockets: /proc/&lt;pid&gt;/fd
 * matched against /proc/&lt;pid&gt;/net/tcp and tcp6), keeps ./data and ./secrets owner-only (0700) and their files
 * owner-only (0600), files H2 creates later included, and protects the database user with a generated password. An
 * installation of an earlier version (empty password, ./data/master.key, world-readable files, unbound ciphertexts) is
 * upgraded in place and keeps working; an explicit AUTO_SERVER opt-in listens on 127.0.0.1 only.
 */
class PrivateDatabaseIT {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    private Path installation;
    private Process connector;
    private Path log;
    private int port;

    @BeforeEach
    void anEmptyDirectory() throws IOException {
        installation = Files.createTempDirectory("connector-private-db");
        log = installation.resolve("connector.log");
    }

    @AfterEach
    void stop() throws Exception {
        stopConnector();
        FileSystemUtils.deleteRecursively(installation);
    }

    @Test
    void startedWithDefaultsItListensOnItsHttpPortAloneAndKeepsItsFilesOwnerOnly() throws Exception {
        start(Map.of());

        List<Listener> listeners = listeners(connector.pid());
        System.out.println("LISTENERS with defaults (pid " + connector.pid() + "): " + listeners);
        assertThat(listeners).extracting(Listener::port).containsOnly(port);

        assertThat(mode(installation.resolve("data"))).isEqualTo("rwx------");
        assertThat(mode(installation.resolve("secrets"))).isEqualTo("rwx------");
        assertThat(installation.resolve("data/connector.mv.db")).exists();
        assertThat(installation.resolve("data/h2-password")).exists();
        assertThat(installation.resolve("secrets/master.key")).exists();
        assertThat(installation.resolve("data/master.key")).as("the key lives apart from the database").doesNotExist();
        assertEveryFileOwnerOnly(installation.resolve("data"));
        assertEveryFileOwnerOnly(installation.resolve("secrets"));

        // a file H2 creates later (trace, lock, temporary) is narrowed as it appears, whatever the umask gave it
        Path later = installation.resolve("data/connector.42.temp.db");
        Files.createFile(later, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        long created = System.nanoTime();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!mode(later).equals("rw-------") && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(mode(later)).isEqualTo("rw-------");
        System.out.println("NARROWED a new database file to 0600 within " + (System.nanoTime() - created) / 1_000_000 + " ms");

        String password = Files.readString(installation.resolve("data/h2-password")).trim();
        String output = Files.readString(log);
        assertThat(output).contains("generated a password for the H2 database user into " + installation.resolve("data/h2-password").toRealPath())
                .doesNotContain(password);
        stopConnector();
        assertThatThrownBy(() -> open("")).as("no empty password").isInstanceOf(SQLException.class);
        try (Connection ok = open(password)) {
            assertThat(ok.isValid(1)).isTrue();
        }
    }

    @Test
    void anInstallationOfAnEarlierVersionIsUpgradedInPlaceAndKeepsWorking() throws Exception {
        Path data = Files.createDirectories(installation.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(data.resolve("master.key"), Base64.getEncoder().encodeToString(key) + "\n");
        Files.writeString(data.resolve("admin-password"), "earlier-admin-password\n");
        String url = "jdbc:h2:file:" + data.resolve("connector") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("8").load().migrate();
        try (Connection old = DriverManager.getConnection(url, "sa", "")) {
            old.createStatement().execute("INSERT INTO hubspot_connection (id, auth_type, token_kind, portal_id, access_token_enc, connected_at, "
                    + "updated_at) VALUES (1, 'STATIC_TOKEN', 'PROJECT_APP', 12345678, '" + CiphertextBindingTest.unbound("pat-na1-00000000-0000-4000-8000-0000000000e0", key)
                    + "', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            old.createStatement().execute("INSERT INTO jira_connection (id, base_url, account_email, api_token_enc, account_id, connected_at, "
                    + "updated_at) VALUES (1, 'https://your-site.atlassian.net', 'bot@example.com', '"
                    + CiphertextBindingTest.unbound("earlier-jira-token", key) + "', 'acc-1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(data)) {
            for (Path file : files) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }

        start(Map.of());

        String output = Files.readString(log);
        assertThat(output).contains("had the empty password of earlier versions")
                .contains("Moved the master key from " + data.toRealPath().resolve("master.key"))
                .contains("Re-encrypted 2 stored secret(s) of an earlier version");
        String admin = "Basic " + Base64.getEncoder().encodeToString("admin:earlier-admin-password".getBytes(StandardCharsets.UTF_8));
        JsonNode connections = json.readTree(get("/api/connections", admin).body());
        assertThat(connections.path("jira").path("connected").asBoolean()).as(connections.toString()).isTrue();
        assertThat(connections.path("jira").path("baseUrl").asText()).isEqualTo("https://your-site.atlassian.net");
        assertThat(connections.path("hubspot").path("portalId").asLong()).isEqualTo(12345678);
        assertThat(mode(data)).isEqualTo("rwx------");
        assertEveryFileOwnerOnly(data);
        assertThat(Base64.getDecoder().decode(Files.readString(installation.resolve("secrets/master.key")).trim())).isEqualTo(key);
        assertThat(data.resolve("master.key")).doesNotExist();

        stopConnector();
        assertThatThrownBy(() -> open("")).as("the empty password no longer opens it").isInstanceOf(SQLException.class);
        try (Connection upgraded = open(Files.readString(data.resolve("h2-password")).trim())) {
            var tokens = upgraded.createStatement().executeQuery("SELECT api_token_enc FROM jira_connection");
            tokens.next();
            assertThat(tokens.getString(1)).startsWith("v2:jira_connection.api_token_enc:");
        }
    }

    @Test
    void anExplicitAutoServerOptInListensOnLoopbackOnly() throws Exception {
        start(Map.of("SPRING_DATASOURCE_URL", "jdbc:h2:file:./data/connector;AUTO_SERVER=TRUE"));

        List<Listener> listeners = listeners(connector.pid());
        System.out.println("LISTENERS with AUTO_SERVER (pid " + connector.pid() + "): " + listeners);
        List<Listener> others = listeners.stream().filter(l -> l.port() != port).toList();
        assertThat(others).as("H2's server is running").isNotEmpty();
        assertThat(others).allSatisfy(l -> assertThat(l.address().isLoopbackAddress()).as(l.toString()).isTrue());
        assertThat(Files.readString(log)).contains("asks H2 for AUTO_SERVER");
        assertEveryFileOwnerOnly(installation.resolve("data"));
    }

    // ---- the packaged jar ----------------------------------------------------------------------------------------------

    private void start(Map<String, String> settings) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", packagedJar().toString(), "--server.port=" + port)
                .directory(installation.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME") && !name.equals("TMPDIR"));
        builder.environment().putAll(settings);
        connector = builder.start();
        long deadline = System.currentTimeMillis() + 180_000;
        while (true) {
            try {
                if (get("/actuator/health/liveness", null).statusCode() == 200) {
                    return;
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

    private void stopConnector() throws InterruptedException {
        if (connector != null) {
            connector.destroy();
            connector.waitFor();
            connector = null;
        }
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Connection open(String password) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + installation.resolve("data/connector")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE", "sa", password);
    }

    private static Path packagedJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "hubspot-jira-connector-*.jar")) {
            for (Path candidate : jars) {
                return candidate.toAbsolutePath();
            }
        }
        throw new AssertionError("no packaged jar in target/: run mvn verify (the package phase builds it)");
    }

    // ---- what the host shows -----------------------------------------------------------------------------------------------

    private static void assertEveryFileOwnerOnly(Path folder) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
            }
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    record Listener(InetAddress address, int port) {
        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }

    /** The TCP sockets in LISTEN state that the process itself holds (its descriptors' socket inodes). */
    static List<Listener> listeners(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor that went away while listing
                }
            }
        }
        List<Listener> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    listening.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        return listening;
    }

    /** /proc/net/tcp* addresses: 32-bit words in host (little-endian) order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] raw = HexFormat.of().parseHex(hex);
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 2; i++) {
                byte b = raw[word + i];
                raw[word + i] = raw[word + 3 - i];
                raw[word + 3 - i] = b;
            }
        }
        return InetAddress.getByAddress(raw);
    }
}
