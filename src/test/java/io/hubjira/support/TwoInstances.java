package io.hubjira.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.ConnectorApplication;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.storage.EmbeddedPostgresSupport;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two connector instances in one JVM on one fresh embedded PostgreSQL database, each with its own Spring context, HTTP
 * client, API executor and rate budget: the first also runs the simulators (HubSpot enforcing its Free limits), whose
 * HubSpot webhooks reach the first instance; the second calls the first's simulators. What both share is the
 * database: the HubSpot change queue they both take work from, and the API rate budget.
 */
public final class TwoInstances implements AutoCloseable {

    /** HubSpot's Free limits, in the simulated portal and in both instances' budgets; the simulated Jira has no site limit. */
    public static final List<String> HUBSPOT_FREE_LIMITS = List.of(
            "connector.hubspot.rate-limit.requests-per-window=100", "connector.hubspot.rate-limit.window=10s",
            "connector.hubspot.rate-limit.search-per-second=5", "connector.hubspot.rate-limit.daily=250000",
            "connector.jira.rate-limit.requests-per-second=100",
            "connector.sandbox.hubspot.rate-limit.requests-per-10s=100", "connector.sandbox.hubspot.rate-limit.searches-per-second=5",
            "connector.sandbox.hubspot.rate-limit.daily=250000");

    public final ConfigurableApplicationContext first;
    public final ConfigurableApplicationContext second;
    private final int firstPort;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private TwoInstances(ConfigurableApplicationContext first, ConfigurableApplicationContext second) {
        this.first = first;
        this.second = second;
        this.firstPort = Integer.parseInt(first.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** Starts both on a fresh database; {@code settings} (key=value) apply to both. */
    public static TwoInstances start(String database, List<String> settings) throws Exception {
        String url = EmbeddedPostgresSupport.freshDatabase(database);
        List<String> common = new ArrayList<>(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--server.port=0", "--spring.jmx.enabled=false", "--camel.main.jmx-enabled=false",
                "--connector.hubspot.webhook-secret=test-hubspot-client-secret",
                "--connector.inbox.poll-delay=100ms", "--connector.retry.later-backoff=50ms"));
        settings.forEach(s -> common.add("--" + s));
        List<String> firstArgs = new ArrayList<>(common);
        firstArgs.addAll(List.of("--connector.hubspot.base-url=http://127.0.0.1:${local.server.port}/sandbox/hubspot",
                "--connector.sandbox.hubspot.webhook-url=http://127.0.0.1:${local.server.port}/webhooks/hubspot",
                "--connector.sandbox.hubspot.client-secret=test-hubspot-client-secret",
                "--connector.sandbox.jira.webhook-url=http://127.0.0.1:${local.server.port}/webhooks/jira",
                "--connector.jira.webhook-secret=test-webhook-secret", "--connector.sandbox.jira.webhook-secret=test-webhook-secret",
                "--connector.sandbox.demo-items=false"));
        ConfigurableApplicationContext first = new SpringApplicationBuilder(ConnectorApplication.class).profiles("test", "sandbox")
                .run(firstArgs.toArray(String[]::new));
        try {
            String port = first.getEnvironment().getRequiredProperty("local.server.port");
            List<String> secondArgs = new ArrayList<>(common);
            secondArgs.add("--connector.hubspot.base-url=http://127.0.0.1:" + port + "/sandbox/hubspot");
            ConfigurableApplicationContext second = new SpringApplicationBuilder(ConnectorApplication.class).profiles("test")
                    .run(secondArgs.toArray(String[]::new));
            return new TwoInstances(first, second);
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
    }

    public <T> T bean(Class<T> type) {
        return first.getBean(type);
    }

    public JdbcTemplate jdbc() {
        return first.getBean(JdbcTemplate.class);
    }

    public long calls(ConfigurableApplicationContext instance, ApiName api) {
        return instance.getBean(ApiCallExecutor.class).callCount(api);
    }

    /** The first instance's admin API (both serve the same data). */
    public JsonNode call(String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + firstPort + path))
                .header("Authorization", "Bearer test-admin-token") // a script: the token, since it sends no Origin
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body());
    }

    /** Connects the simulated portal and site (stored in the shared database, so for both instances). */
    public void connectDemoPortalAndSite() throws Exception {
        call("PUT", "/api/connections/hubspot", Map.of("portalId", String.valueOf(SandboxTest.PORTAL), "token", SandboxTest.DEMO_TOKEN));
        call("PUT", "/api/connections/jira", Map.of("baseUrl", "http://127.0.0.1:" + firstPort + "/sandbox/jira",
                "email", "connector@example.com", "apiToken", "sandbox-jira-token"));
    }

    public long createItem(Map<String, Object> definition) throws Exception {
        return call("POST", "/api/items", definition).path("id").asLong();
    }

    /**
     * A backfill both instances share through the HubSpot change queue: {@code records} deals, each with a note carrying a
     * file, created in the simulated portal as fast as it takes them (its webhooks queue them); every deal linked to a
     * new issue and every file attached to it, whether the note reaches the connector before its deal's issue exists
     * (copied by the creation) or after (copied as a new note). Returns once every deal is linked and every file attached
     * (or fails after {@code timeout}).
     */
    public void backfillDealsWithFiles(int records, String label, java.time.Duration timeout) throws Exception {
        var portal = bean(io.hubjira.sandbox.hubspot.HubSpotSandbox.class);
        for (int i = 0; i < records; i++) {
            String deal = portal.create("deals", Map.of("dealname", label + " deal " + i, "amount", String.valueOf(100 + i),
                    "dealtype", "newbusiness", "dealstage", "appointmentscheduled")).id;
            var file = portal.storeFile(label + "-" + i + ".txt", (label + " file " + i).getBytes(StandardCharsets.UTF_8), "PRIVATE", "/" + label);
            portal.addNote("deals", deal, "<p>" + label + " note " + i + "</p>", null, List.of(file.id()));
        }
        await("SELECT COUNT(*) FROM record_link WHERE state = 'LINKED' AND pending_steps IS NULL", records, timeout);
        await("SELECT COUNT(*) FROM attachment_link WHERE state = 'SYNCED'", records, timeout);
    }

    private void await(String sql, int expected, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        Integer now = 0;
        while (System.currentTimeMillis() < deadline) {
            now = jdbc().queryForObject(sql, Integer.class);
            if (now != null && now >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited for " + expected + " from " + sql + "; got " + now + ". Failures: "
                + jdbc().queryForList("SELECT action, outcome, detail FROM audit_event WHERE outcome <> 'OK' LIMIT 5"));
    }

    @Override
    public void close() {
        try {
            second.close();
        } finally {
            first.close();
        }
    }
}
