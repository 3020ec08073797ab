package io.hubjira.sandbox.jira;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.sandbox.jira.JiraSandbox.Issue;
import io.hubjira.sandbox.jira.JiraSandbox.User;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Delivers the simulated site's webhooks the way Jira Cloud's admin webhooks do: REST v2-format payloads (wiki-markup
 * bodies, /rest/api/2/ self links), X-Atlassian-Webhook-Identifier (stable across retries), X-Atlassian-Webhook-Retry
 * (absent on the first attempt), X-Hub-Signature (HMAC-SHA256 of the body with the secret), retried on 408, 409, 425,
 * 429, 5xx and connection failures (not on other 4xx), in order, one delivery at a time.
 * Choice (unconfirmed in Jira's docs): attachment_created carries no issue; the issue's update event carries the
 * attachment in its changelog.
 */
@Component
@Profile("sandbox")
public class JiraWebhookSender {

    public record Delivery(String identifier, String event, String payload, List<Map<String, String>> attempts, int finalStatus) {}

    private static final Set<Integer> RETRIED = Set.of(408, 409, 425, 429);
    private static final Logger log = LoggerFactory.getLogger(JiraWebhookSender.class);

    private final JiraSandbox state;
    private final Environment env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService queue = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jira-sandbox-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile String url;
    private volatile String secret;
    private volatile boolean enabled = true;
    private volatile int maxRetries;
    private volatile long retryDelayMs;

    public JiraWebhookSender(JiraSandbox state, Environment env,
                             @Value("${connector.sandbox.jira.webhook-retries:5}") int maxRetries,
                             @Value("${connector.sandbox.jira.webhook-retry-delay-ms:200}") long retryDelayMs) {
        this.state = state;
        this.env = env;
        this.maxRetries = maxRetries;
        this.retryDelayMs = retryDelayMs;
        state.attach(this);
    }

    /** Where and how to deliver; a blank URL means the configured default (connector.sandbox.jira.webhook-url). */
    public void configure(String webhookUrl, String webhookSecret) {
        this.url = webhookUrl;
        this.secret = webhookSecret;
    }

    public void setEnabled(boolean on) {
        this.enabled = on;
    }

    public void setRetryDelayMs(long ms) {
        this.retryDelayMs = ms;
    }

    public List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    public void clearDeliveries() {
        deliveries.clear();
    }

    /** Waits until every queued delivery has been attempted (tests). */
    public void drain() {
        try {
            queue.submit(() -> { }).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void fire(String event, Issue issue, ObjectNode extra, ArrayNode changelogItems, String issueEventTypeName, User actor) {
        String target = url != null ? url : env.getProperty("connector.sandbox.jira.webhook-url", "");
        if (!enabled || target == null || target.isBlank()) {
            return;
        }
        // the site's own URL in the payload's self links (another site sets its own)
        String siteBase = env.getProperty("connector.sandbox.jira.site-url", env.getProperty("connector.jira.base-url", "https://example-site.atlassian.net"));
        String body = payload(event, issue, extra, changelogItems, issueEventTypeName, actor, siteBase);
        String key = secret != null ? secret : env.getProperty("connector.sandbox.jira.webhook-secret", env.getProperty("connector.jira.webhook-secret", ""));
        String identifier = UUID.randomUUID().toString();
        queue.submit(() -> deliver(target, key, identifier, event, body));
    }

    private String payload(String event, Issue issue, ObjectNode extra, ArrayNode items, String typeName, User actor, String base) {
        ObjectNode p = state.json.createObjectNode();
        p.put("timestamp", System.currentTimeMillis());
        p.put("webhookEvent", event);
        boolean commentEvent = event.startsWith("comment_");
        boolean attachmentEvent = event.startsWith("attachment_");
        if (typeName != null) {
            p.put("issue_event_type_name", typeName);
        }
        if (!commentEvent && !attachmentEvent) {
            p.set("user", v2User(actor, base));
        }
        if (!attachmentEvent) {
            p.set("issue", v2Issue(issue, base, commentEvent));
        }
        if (items != null) {
            ObjectNode changelog = p.putObject("changelog");
            changelog.put("id", state.nextId());
            changelog.set("items", items);
        }
        if (extra != null) {
            if (extra.has("comment")) {
                ObjectNode c = extra.get("comment").deepCopy();
                c.put("body", AdfToWiki.convert(c.get("body")));
                c.put("self", base + "/rest/api/2/issue/" + issue.id + "/comment/" + c.path("id").asText());
                c.set("author", v2User(state.userById(c.path("author").path("accountId").asText()).orElse(actor), base));
                c.set("updateAuthor", v2User(state.userById(c.path("updateAuthor").path("accountId").asText()).orElse(actor), base));
                p.set("comment", c);
            }
            if (extra.has("attachment")) {
                ObjectNode a = extra.get("attachment").deepCopy();
                a.put("self", base + "/rest/api/2/attachment/" + a.path("id").asText());
                a.put("content", base + "/secure/attachment/" + a.path("id").asText() + "/" + a.path("filename").asText());
                a.set("author", v2User(actor, base));
                p.set("attachment", a);
            }
        }
        return p.toString();
    }

    private ObjectNode v2User(User u, String base) {
        ObjectNode n = state.json.createObjectNode();
        n.put("self", base + "/rest/api/2/user?accountId=" + u.accountId());
        n.put("accountId", u.accountId());
        n.put("displayName", u.displayName());
        n.put("active", true);
        n.put("timeZone", "Etc/UTC");
        n.put("accountType", "atlassian");
        return n;
    }

    private ObjectNode v2Issue(Issue issue, String base, boolean trimmed) {
        ObjectNode n = state.json.createObjectNode();
        n.put("id", issue.id);
        n.put("self", base + "/rest/api/2/" + issue.id);
        n.put("key", issue.key);
        ObjectNode fields = n.putObject("fields");
        fields.put("summary", issue.fields.path("summary").asText());
        ObjectNode status = state.statusJson(JiraSandbox.STATUSES.get(issue.statusId), base.replace("/rest/api/3", "") );
        status.put("self", base + "/rest/api/2/status/" + issue.statusId);
        fields.set("status", status);
        fields.putObject("issuetype").put("id", issue.issueTypeId).put("self", base + "/rest/api/2/issuetype/" + issue.issueTypeId);
        state.project(issue.projectKey).ifPresent(pr -> fields.putObject("project").put("id", pr.id()).put("key", pr.key()).put("name", pr.name())
                .put("self", base + "/rest/api/2/project/" + pr.id()));
        if (!trimmed) {
            issue.fields.fields().forEachRemaining(e -> {
                if (e.getKey().equals("description") || (e.getValue().isObject() && "doc".equals(e.getValue().path("type").asText()))) {
                    fields.put(e.getKey(), AdfToWiki.convert(e.getValue()));
                } else if (!fields.has(e.getKey())) {
                    fields.set(e.getKey(), e.getValue());
                }
            });
            fields.put("created", JiraSandbox.time(issue.created));
            fields.put("updated", JiraSandbox.time(issue.updated));
        }
        return n;
    }

    private void deliver(String target, String key, String identifier, String event, String body) {
        List<Map<String, String>> attempts = new ArrayList<>();
        int status = 0;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .header("X-Atlassian-Webhook-Identifier", identifier)
                    .header("X-Atlassian-Webhook-Flow", "Primary")
                    .header("User-Agent", "Atlassian Webhook HTTP Client")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (attempt > 0) {
                req.header("X-Atlassian-Webhook-Retry", String.valueOf(attempt));
            }
            if (key != null && !key.isBlank()) {
                req.header("X-Hub-Signature", "sha256=" + hmacHex(key, body));
            }
            try {
                status = http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                status = 0;
            }
            attempts.add(Map.of("attempt", String.valueOf(attempt), "status", String.valueOf(status)));
            if (status != 0 && status < 500 && !RETRIED.contains(status)) {
                break;
            }
            try {
                Thread.sleep(retryDelayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        deliveries.add(new Delivery(identifier, event, body, attempts, status));
        if (status < 200 || status >= 300) {
            log.warn("Sandbox Jira webhook {} ({}) not accepted: last status {}", identifier, event, status);
        }
    }

    public static String hmacHex(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void stop() {
        queue.shutdownNow();
    }
}
