package io.hubjira.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

import io.hubjira.sandbox.jira.JiraRateLimits;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.sandbox.jira.JiraWebhookSender;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second Jira Cloud site for tests that connect several sites: the simulators in a {@link SandboxServer} of their own,
 * so the site has its own base URL (its own port), its own state, its own connector account and API token, and
 * delivers its webhooks to its own URL signed with its own secret. It is seeded as the demo site is (projects SUP,
 * ENG, OPS and their issues), so issue keys and ids collide with the demo site's on purpose. Close it when done, or
 * let a test class hold it as {@code @RegisterExtension static final SimulatedJiraSite siteY = SimulatedJiraSite.perTestClass(...)}:
 * started before the class's tests, reset before each, closed after them.
 */
public final class SimulatedJiraSite implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /**
     * What makes the site another one: its connector account (another Atlassian account: another account id, email and
     * API token), where its webhooks go and the secret they are signed with, and the site URL its payloads link to.
     * The people (Ada, Grace, Alan) keep their account ids, as Atlassian accounts are the same on every site.
     */
    public record Settings(String connectorAccountId, String connectorEmail, String apiToken, String webhookUrl, String webhookSecret,
                           String siteUrl) {

        /** Site Y: the second demo site (webhooks off until a URL is given). */
        public static Settings siteY() {
            return new Settings("557058:00000000-0000-4000-8000-0000000c0de2", "connector.y@example.com", "sandbox-jira-token-y", "",
                    "site-y-webhook-secret", "https://sandbox-site-y.atlassian.net");
        }

        /** These settings with webhooks delivered to this URL (the connector's /webhooks/jira/{connectionId}), signed with this secret. */
        public Settings withWebhook(String url, String secret) {
            return new Settings(connectorAccountId, connectorEmail, apiToken, url, secret, siteUrl);
        }

        Map<String, Object> properties() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("connector.sandbox.jira.account-id", connectorAccountId);
            p.put("connector.sandbox.jira.email", connectorEmail);
            p.put("connector.sandbox.jira.api-token", apiToken);
            p.put("connector.sandbox.jira.webhook-url", webhookUrl == null ? "" : webhookUrl);
            p.put("connector.sandbox.jira.webhook-secret", webhookSecret);
            p.put("connector.sandbox.jira.site-url", siteUrl);
            return p;
        }
    }

    private final Settings settings;
    private volatile ConfigurableApplicationContext context;
    private volatile int port;

    private SimulatedJiraSite(Settings settings) {
        this.settings = settings;
    }

    /** Starts the site on a free port (a few seconds: a small Spring context of its own). */
    public static SimulatedJiraSite start(Settings settings) {
        SimulatedJiraSite site = new SimulatedJiraSite(settings);
        site.open();
        return site;
    }

    /** A site for a test class's extension field: started before its tests, reset before each one, closed after them. */
    public static SimulatedJiraSite perTestClass(Settings settings) {
        return new SimulatedJiraSite(settings);
    }

    private void open() {
        context = SandboxServer.start(settings.properties());
        port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Override
    public void beforeAll(ExtensionContext test) {
        open();
    }

    @Override
    public void beforeEach(ExtensionContext test) {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext test) {
        close();
    }

    public Settings settings() {
        return settings;
    }

    /** The site's base URL as the connector is given it (the REST API is under /rest/api/3). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/sandbox/jira";
    }

    public int port() {
        return port;
    }

    /** The site's state: issues, users, permissions; tests act on it as its users. */
    public JiraSandbox jira() {
        return bean(JiraSandbox.class);
    }

    public JiraWebhookSender webhooks() {
        return bean(JiraWebhookSender.class);
    }

    /** Where the site's webhooks go from now on, and the secret they are signed with (null, null: the settings'). */
    public void deliverWebhooksTo(String url, String secret) {
        webhooks().configure(url, secret);
    }

    /** Faults of this site's API only (api "jira"). */
    public SandboxFaults faults() {
        return bean(SandboxFaults.class);
    }

    /** The calls this site answered (api "jira"). */
    public SandboxCallLog calls() {
        return bean(SandboxCallLog.class);
    }

    public JiraRateLimits rateLimits() {
        return bean(JiraRateLimits.class);
    }

    /** The connector's account id on this site (not the demo site's). */
    public String connectorAccountId() {
        return jira().connectorUser().accountId();
    }

    /** Back to the seeded site: demo issues, webhooks to the settings' URL, no faults, deliveries or recorded calls. */
    public void reset() {
        webhooks().drain();
        faults().resetAll();
        jira().reset();
        webhooks().configure(null, null);
        webhooks().setEnabled(true);
        webhooks().clearDeliveries();
        calls().clear();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
