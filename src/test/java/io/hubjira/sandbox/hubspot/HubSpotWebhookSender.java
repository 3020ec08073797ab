package io.hubjira.sandbox.hubspot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * App webhooks of the simulated portal: when connector.sandbox.hubspot.webhook-url is set (the sandbox run points it at
 * this connector), every record creation and property change, by the API or by a simulated user, is POSTed as HubSpot
 * does — a JSON array of events (subscriptionType, objectId, propertyName, propertyValue, occurredAt, attemptNumber…),
 * fewer than 100, those that happened while the previous delivery was in flight together — signed with the v3
 * signature (X-HubSpot-Signature-v3 = base64 HMAC-SHA256 of method + URI + body + X-HubSpot-Request-Timestamp, keyed
 * with the app's client secret).
 * <p>Several portals: each portal's changes are sent with its own {@code portalId}, to its own target when a test gave it
 * one ({@link #configure(long, String, String)}: a private app per portal has its own secret), else to the configured
 * URL signed with the configured app secret (one public app installed in every portal). Events of different targets
 * never share a delivery. Tests can also send events of any portal, signed with any secret, at once
 * ({@link #deliverNow}).
 */
@Component
@Profile("sandbox")
public class HubSpotWebhookSender {

    private final Environment env;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService queue = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hubspot-sandbox-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong eventIds = new AtomicLong(1000);
    /** HubSpot sends fewer than 100 events per request. */
    static final int MAX_EVENTS_PER_DELIVERY = 99;
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<Integer> statuses = new ArrayList<>();

    private volatile boolean enabled = true;

    public HubSpotWebhookSender(Environment env, ObjectMapper json, HubSpotSandbox hubspot) {
        this.env = env;
        this.json = json;
        hubspot.onChanges(portal -> new HubSpotSandbox.Changes() {
            @Override
            public void created(String type, String id) {
                send(List.of(creation(portal.portalId(), type, id)));
            }

            @Override
            public void changed(String type, String id, Map<String, String> values) {
                List<Map<String, Object>> events = new ArrayList<>();
                values.forEach((name, value) -> events.add(propertyChange(portal.portalId(), type, id, name, value)));
                send(events);
            }

            @Override
            public void deleted(String type, String id) {
                send(List.of(deletion(portal.portalId(), type, id)));
            }
        });
    }

    /** Where a portal's deliveries go and the secret they are signed with. */
    public record Target(String url, String appSecret) {}

    private final Map<Long, Target> targets = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * This portal's deliveries go to {@code url} signed with {@code appSecret} (a blank URL or null secret: the
     * configured default for that part). {@code configure(portal, null, null)} gives the portal the defaults again.
     */
    public void configure(long portalId, String url, String appSecret) {
        if ((url == null || url.isBlank()) && appSecret == null) {
            targets.remove(portalId);
        } else {
            targets.put(portalId, new Target(url, appSecret));
        }
    }

    /** Every portal back to the configured URL and secret. */
    public void clearTargets() {
        targets.clear();
    }

    /** Where this portal's deliveries go now, and with which secret. */
    public Target target(long portalId) {
        Target own = targets.get(portalId);
        String url = own != null && own.url() != null && !own.url().isBlank() ? own.url()
                : env.getProperty("connector.sandbox.hubspot.webhook-url", "");
        String secret = own != null && own.appSecret() != null ? own.appSecret()
                : env.getProperty("connector.sandbox.hubspot.client-secret", "sandbox-client-secret");
        return new Target(url, secret);
    }

    /** Tests switch deliveries off and on; the sandbox run sends them whenever a URL is configured. */
    public void setEnabled(boolean on) {
        this.enabled = on;
    }

    /** HubSpot's subscription names are singular for the classic objects, "object.*" for the others. */
    static String prefix(String type) {
        return switch (type) {
            case "contacts" -> "contact";
            case "companies" -> "company";
            case "deals" -> "deal";
            case "tickets" -> "ticket";
            case "products" -> "product";
            case "line_items" -> "line_item";
            default -> "object";
        };
    }

    /** The object type id HubSpot puts on generic ("object.*") events. */
    static String objectTypeId(String type) {
        return switch (type) {
            case "notes" -> "0-46";
            case "calls" -> "0-48";
            case "emails" -> "0-49";
            case "meetings" -> "0-47";
            case "tasks" -> "0-27";
            default -> type.matches("\\d+-\\d+") ? type : HubSpotSandbox.CUSTOM_TYPE_ID;
        };
    }

    /** A creation event of this portal's record, as HubSpot sends it. */
    public Map<String, Object> creation(long portalId, String type, String id) {
        return event(type, prefix(type) + ".creation", id, null, null, portalId);
    }

    /** A property change event of this portal's record, as HubSpot sends it. */
    public Map<String, Object> propertyChange(long portalId, String type, String id, String property, String value) {
        return event(type, prefix(type) + ".propertyChange", id, property, value, portalId);
    }

    /** A deletion event of this portal's record, as HubSpot sends it. */
    public Map<String, Object> deletion(long portalId, String type, String id) {
        return event(type, prefix(type) + ".deletion", id, null, null, portalId);
    }

    private Map<String, Object> event(String type, String subscriptionType, String id, String property, String value, long portalId) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (subscriptionType.startsWith("object.")) {
            e.put("objectTypeId", objectTypeId(type));
        }
        e.put("eventId", eventIds.incrementAndGet());
        e.put("subscriptionId", 4242);
        e.put("portalId", portalId);
        e.put("appId", 1234567);
        e.put("occurredAt", System.currentTimeMillis());
        e.put("subscriptionType", subscriptionType);
        e.put("attemptNumber", 0);
        e.put("objectId", Long.parseLong(id));
        if (property != null) {
            e.put("propertyName", property);
            e.put("propertyValue", value);
        }
        e.put("changeSource", "CRM_UI");
        if (property == null) {
            e.put("changeFlag", "NEW");
        }
        return e;
    }

    private void send(List<Map<String, Object>> events) {
        if (!enabled || events.isEmpty()) {
            return;
        }
        for (Map<String, Object> e : events) {
            Target target = target(((Number) e.get("portalId")).longValue());
            if (!target.url().isBlank()) {
                pending.add(new Pending(target, e));
            }
        }
        queue.submit(this::deliverPending);
    }

    private record Pending(Target target, Map<String, Object> event) {}

    /**
     * As HubSpot does, the events that piled up while the previous delivery was in flight go together, fewer than 100 per
     * request, in the order they happened; events for another target (another portal's app) start a delivery of their own.
     */
    private void deliverPending() {
        while (!pending.isEmpty()) {
            Pending first = pending.poll();
            if (first == null) {
                return;
            }
            List<Map<String, Object>> events = new ArrayList<>(List.of(first.event()));
            Pending next;
            while (events.size() < MAX_EVENTS_PER_DELIVERY && (next = pending.peek()) != null && next.target().equals(first.target())) {
                events.add(pending.poll().event());
            }
            int status = post(first.target(), events);
            synchronized (statuses) {
                statuses.add(status);
            }
        }
    }

    /**
     * Sends these events now, in one delivery, to this URL signed (v3) with this app secret, whatever the switch and the
     * portals' targets say; answers the connector's status (0: no answer). For events no portal change made: a portal the
     * connector does not know, a record id of another portal, a wrong secret.
     */
    public int deliverNow(String url, String appSecret, List<Map<String, Object>> events) {
        return post(new Target(url, appSecret), events);
    }

    /** As {@link #deliverNow(String, String, List)}, to this portal's target with its secret. */
    public int deliverNow(long portalId, List<Map<String, Object>> events) {
        return post(target(portalId), events);
    }

    private int post(Target target, List<Map<String, Object>> events) {
        try {
            String body = json.writeValueAsString(events);
            String timestamp = String.valueOf(System.currentTimeMillis());
            HttpRequest request = HttpRequest.newBuilder(URI.create(target.url())).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("X-HubSpot-Request-Timestamp", timestamp)
                    .header("X-HubSpot-Signature-Version", "v3")
                    .header("X-HubSpot-Signature-v3", signatureV3(target.appSecret(), "POST", target.url(), body, timestamp))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Waits until queued deliveries were attempted (tests). */
    public void drain() {
        try {
            queue.submit(() -> { }).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String signatureV3(String clientSecret, String method, String uri, String body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((method + uri + body + timestamp).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void stop() {
        queue.shutdownNow();
    }
}
