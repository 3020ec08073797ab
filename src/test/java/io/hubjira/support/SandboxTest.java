package io.hubjira.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.sandbox.SandboxCallLog;
import io.hubjira.sandbox.SandboxFaults;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.sandbox.jira.JiraWebhookSender;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * End-to-end tests against the built-in simulators over real HTTP: the connector's admin API, its HubSpot and Jira
 * clients and the simulators all run in one application on a random port. One Spring context serves every subclass.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "connector.hubspot.base-url=http://127.0.0.1:${local.server.port}/sandbox/hubspot",
        "connector.hubspot.oauth.authorize-url=http://127.0.0.1:${local.server.port}/sandbox/hubspot/oauth/authorize",
        "connector.sandbox.jira.webhook-url=http://127.0.0.1:${local.server.port}/webhooks/jira",
        "connector.jira.webhook-secret=test-webhook-secret",
        "connector.sandbox.hubspot.webhook-url=http://127.0.0.1:${local.server.port}/webhooks/hubspot",
        "connector.hubspot.webhook-secret=test-hubspot-client-secret",
        "connector.sandbox.hubspot.client-secret=test-hubspot-client-secret",
        "connector.hubspot.webhook-batch-window=200ms",
        "connector.sandbox.jira.webhook-secret=test-webhook-secret",
        "connector.inbox.poll-delay=100ms",
        "connector.retry.later-backoff=50ms",
        "connector.hubspot.rate-limit.requests-per-window=100000",
        "connector.hubspot.rate-limit.search-per-second=1000",
        // portal B is an Enterprise portal: limits of its own (larger than the others', so no test waits on them)
        "connector.hubspot.rate-limit.portals[0].portal-id=" + HubSpotSandbox.PORTAL_B,
        "connector.hubspot.rate-limit.portals[0].requests-per-window=150000",
        "connector.hubspot.rate-limit.portals[0].daily=1000000",
        "connector.jira.rate-limit.requests-per-second=1000",
        "connector.sandbox.demo-items=false",
        "connector.sandbox.hubspot.rate-limit.requests-per-10s=0",
        "connector.sandbox.hubspot.rate-limit.searches-per-second=0",
        "connector.forge.jwks-url=http://127.0.0.1:${local.server.port}/sandbox/forge/.well-known/jwks.json",
        "connector.forge.app-id=" + io.hubjira.sandbox.forge.ForgeSandbox.APP_ID,
        "connector.forge.installation-id=" + io.hubjira.sandbox.forge.ForgeSandbox.INSTALLATION_ID})
@ActiveProfiles({"test", "sandbox"})
public abstract class SandboxTest {

    public static final String DEMO_TOKEN = "pat-na1-00000000-0000-4000-8000-000000000001";
    public static final long PORTAL = 12345678;

    @LocalServerPort
    protected int port;
    @Autowired
    protected ObjectMapper json;
    @Autowired
    protected HubSpotSandbox hubspot;
    @Autowired
    protected JiraSandbox jira;
    @Autowired
    protected JiraWebhookSender webhooks;
    @Autowired
    protected io.hubjira.sandbox.hubspot.HubSpotWebhookSender hubspotWebhooks;
    @Autowired
    protected SandboxFaults faults;
    @Autowired
    protected io.hubjira.sandbox.hubspot.HubSpotRateLimits hubspotLimits;
    @Autowired
    protected SandboxCallLog calls;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected io.hubjira.catalog.HubSpotMetadata hubspotMetadata;
    @Autowired
    protected io.hubjira.catalog.JiraMetadata jiraMetadata;
    @Autowired
    protected io.hubjira.connection.HubSpotConnectionService hubspotConnectionService;
    @Autowired
    protected io.hubjira.connection.JiraConnectionService jiraConnectionService;
    @Autowired
    protected io.hubjira.connection.HubSpotAccessTokens hubspotAccessTokens;
    @Autowired
    protected io.hubjira.connection.JiraSiteCredentials jiraSiteCredentials;

    /** Every test request has a deadline: a server that never answers fails the test instead of hanging the build. */
    protected static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    /** A request to the running connector (path and query), with {@link #HTTP_TIMEOUT}. */
    protected HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(HTTP_TIMEOUT);
    }

    protected String jiraBase() {
        return "http://127.0.0.1:" + port + "/sandbox/jira";
    }

    /** Back to the demo portal and site, no connections, items, links, faults or recorded calls. */
    protected void resetEverything() {
        // HubSpot app webhooks only where a test asks for them (HubSpotWebhookFlowTest); the others sync by poll
        hubspotWebhooks.setEnabled(false);
        hubspotWebhooks.drain();
        hubspotWebhooks.clearTargets();
        hubspotLimits.clearPortals();
        webhooks.drain();
        faults.resetAll();
        hubspot.reset();
        jira.reset();
        webhooks.configure(null, null);
        webhooks.setEnabled(true);
        webhooks.clearDeliveries();
        for (String table : new String[] {"audit_event", "dead_letter", "synced_value", "attachment_link", "comment_link", "webhook_inbox", "webhook_body_digest", "connector_link_note", "inbox_issue_claim", "hubspot_change",
                "poll_watermark", "poll_run", "api_call_sample", "record_link", "sync_rule", "field_mapping", "sync_item", "camel_messageprocessed", "hubspot_portal_rule", "hubspot_connection", "jira_connection"}) {
            jdbc.update("DELETE FROM " + table);
        }
        // each test's first connections are rows 1, as on a fresh installation
        jdbc.update("ALTER TABLE hubspot_connection ALTER COLUMN id RESTART WITH 1");
        jdbc.update("ALTER TABLE jira_connection ALTER COLUMN id RESTART WITH 1");
        hubspotMetadata.refresh();
        jiraMetadata.refresh();
        calls.clear();
    }

    /** The admin API as a script calls it: with the admin token (a script sends no Origin, so the password may not write). */
    protected Answer call(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = request(path)
                    .header("Authorization", "Bearer test-admin-token")
                    .header("Accept", "application/json");
            if (body != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json.writeValueAsString(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body()), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates an item through the admin API (201 expected) and answers its id. */
    protected long createItem(java.util.Map<String, Object> definition) {
        Answer a = call("POST", "/api/items", definition);
        if (a.status() != 201) {
            throw new AssertionError("item not created: " + a.status() + " " + a.text());
        }
        return a.body().path("id").asLong();
    }

    /** A fresh sandbox, connected to the demo portal and site, Jira webhooks off until a test turns them on. */
    protected void freshConnectedSandbox() {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
    }

    protected void connectDemoPortalAndSite() {
        Answer hs = call("PUT", "/api/connections/hubspot", java.util.Map.of("portalId", String.valueOf(PORTAL), "token", DEMO_TOKEN));
        if (hs.status() != 200) {
            throw new IllegalStateException("HubSpot connection failed: " + hs.text());
        }
        Answer j = call("PUT", "/api/connections/jira", java.util.Map.of("baseUrl", jiraBase(), "email", "connector@example.com", "apiToken", "sandbox-jira-token"));
        if (j.status() != 200) {
            throw new IllegalStateException("Jira connection failed: " + j.text());
        }
    }

    /** A two-way item: demo deals → SUP tasks, four mappings, auto-create, status, comments and attachments sync. */
    public static java.util.Map<String, Object> demoDealsItem() {
        java.util.Map<String, Object> item = new java.util.LinkedHashMap<>();
        item.put("name", "Deals to Support");
        item.put("mode", "TWO_WAY");
        item.put("hubspotModule", "CRM");
        item.put("hubspotObject", "deals");
        item.put("jiraProjects", java.util.List.of("SUP"));
        item.put("jiraIssueType", "10001");
        item.put("fieldMappings", new java.util.ArrayList<>(java.util.List.of(
                java.util.Map.of("hubspotProperty", "dealname", "jiraField", "summary"),
                java.util.Map.of("hubspotProperty", "description", "jiraField", "description"),
                java.util.Map.of("hubspotProperty", "amount", "jiraField", "customfield_10012"),
                java.util.Map.of("hubspotProperty", "dealtype", "jiraField", "customfield_10013"))));
        item.put("autoCreate", true);
        item.put("statusSync", true);
        item.put("commentsSync", true);
        item.put("attachmentsSync", true);
        item.put("associatedRecords", true);
        return item;
    }

    /** The demo deals item with these switches: status, comment and attachment sync. */
    public static java.util.Map<String, Object> demoDealsItem(boolean status, boolean comments, boolean attachments) {
        java.util.Map<String, Object> item = demoDealsItem();
        item.put("statusSync", status);
        item.put("commentsSync", comments);
        item.put("attachmentsSync", attachments);
        return item;
    }

    /** Waits (bounded) until the condition holds; fails with the description otherwise. */
    protected static void eventually(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Every webhook the simulated Jira sent has been delivered and the inbox has processed everything. */
    protected void waitForInbox() {
        webhooks.drain();
        eventually("the inbox to be processed", () -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM webhook_inbox WHERE state IN ('NEW', 'PROCESSING')", Integer.class) == 0);
    }

    public record Answer(int status, JsonNode body, String text) {}
}
