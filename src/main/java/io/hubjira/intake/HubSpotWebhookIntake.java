package io.hubjira.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.catalog.HubSpotObjectCatalog;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.HubSpotConnectionService;
import io.hubjira.hubspot.HubSpotWebhookEvent;
import io.hubjira.hubspottojira.HubSpotNoteFeed;
import io.hubjira.item.ItemRepository;
import io.hubjira.queue.ChangedRecord;
import io.hubjira.queue.HubSpotChangeQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The steps of the hubspot-webhook flow: HubSpot app webhooks (near real time; the scheduled poll remains the catch-up
 * that guarantees nothing is missed). One URL serves every portal (a public app is installed in many). A delivery is
 * authenticated with the v3 signature (X-HubSpot-Signature-v3 = base64 HMAC-SHA256 over method + URL + body +
 * X-HubSpot-Request-Timestamp, keyed with the app's client secret; older than 5 minutes is refused) as the webhook
 * secret and URL of some active HubSpot connection sign it. Its events (a JSON array) are routed by {@code portalId} to
 * the active connections of that portal whose secret signed it: the records they name — creations, property changes
 * and restores of objects an enabled synchronized item watches — are stored for the HubSpot change queue (route
 * hubspot-changes) under each such connection, before the answer. An event of a portal no connection may take is
 * logged, counted ({@value #UNROUTED_METRIC}, tag {@code reason}) and dropped, and the delivery still answers 200: HubSpot
 * would otherwise deliver it again for a day.
 */
@Component("hubspotWebhookIntake")
public class HubSpotWebhookIntake {

    static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** Events no connection takes: of a portal not connected, whose connections are revoked, or signed by another app. */
    public static final String UNROUTED_METRIC = "connector.webhooks.hubspot.unknown_portal";
    /** Base64 of the 32 bytes of an HMAC-SHA256: 43 characters and one '='. */
    private static final Pattern SIGNATURE = Pattern.compile("[A-Za-z0-9+/]{43}=");
    private static final Set<String> HANDLED_ACTIONS = Set.of("creation", "propertyChange", "restore", "deletion");
    private static final Logger log = LoggerFactory.getLogger(HubSpotWebhookIntake.class);

    private final ConnectorProperties props;
    private final ObjectMapper json;
    private final ItemRepository items;
    private final HubSpotConnectionService connections;
    private final Clock clock;
    private final WebhookAnswers answers;
    private final HubSpotChangeQueue queue;
    private final MeterRegistry meters;
    private final Map<String, Counter> unrouted = new ConcurrentHashMap<>();

    public HubSpotWebhookIntake(ConnectorProperties props, ObjectMapper json, ItemRepository items, HubSpotConnectionService connections, Clock clock,
                                WebhookAnswers answers, HubSpotChangeQueue queue, MeterRegistry meters) {
        this.queue = queue;
        this.answers = answers;
        this.props = props;
        this.json = json;
        this.items = items;
        this.connections = connections;
        this.clock = clock;
        this.meters = meters;
    }

    /** The app client secret an active connection's webhooks are signed with, and the URL they are signed for. */
    private record WebhookKey(HubSpotConnection connection, String secret, String url) {
        @Override
        public String toString() {
            return "WebhookKey[connection=" + connection.id() + ", secret=****, url=" + url + "]";
        }
    }

    /**
     * The keys of the active connections that have a webhook secret: the connection's own; the first connection's falls
     * back to HUBSPOT_WEBHOOK_SECRET (an installation from before the lists), an OAuth connection's to its app's client
     * secret. The signed URL is the connection's, else HUBSPOT_WEBHOOK_URL, else the URL this server was reached at.
     */
    private List<WebhookKey> keys(DeliveryHeaders delivery, List<HubSpotConnection> all) {
        long first = all.isEmpty() ? 0 : all.get(0).id();
        List<WebhookKey> keys = new ArrayList<>();
        for (HubSpotConnection c : all) {
            if (!c.active()) {
                continue;
            }
            String secret = firstSet(c.webhookSecret(), c.id() == first ? props.hubspot().webhookSecret() : null,
                    c.authType() == HubSpotConnection.AuthType.OAUTH ? c.oauthClientSecret() : null);
            if (secret != null) {
                keys.add(new WebhookKey(c, secret, firstSet(c.webhookUrl(), props.hubspot().webhookUrl(), delivery.url())));
            }
        }
        return keys;
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /**
     * What the headers alone decide, before a byte of the body is read (called by {@link WebhookCredentialsFirst} and
     * again by the route): no active connection with an app client secret, a missing signature or timestamp, a
     * timestamp more than 5 minutes away or a signature that is not the base64 of an HMAC-SHA256 is refused at once. The
     * signature itself covers the body, so it is checked once the body was read (bounded).
     */
    void checkHeaders(DeliveryHeaders delivery) {
        checkHeaders(delivery, keys(delivery, connections.connections()));
    }

    private void checkHeaders(DeliveryHeaders delivery, List<WebhookKey> keys) {
        if (keys.isEmpty()) {
            throw new WebhookRejected(401, "unauthorized", "HubSpot webhooks are refused: no active HubSpot connection has its app's client secret"
                    + " (set it on the connection; the first connection may use HUBSPOT_WEBHOOK_SECRET).");
        }
        String signature = delivery.get("X-HubSpot-Signature-v3");
        String timestamp = delivery.get("X-HubSpot-Request-Timestamp");
        if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
            throw new WebhookRejected(401, "unauthorized", "Send X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp (HubSpot's v3 webhook signature).");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookRejected(401, "unauthorized", "X-HubSpot-Request-Timestamp is not a time in milliseconds.");
        }
        if (Math.abs(clock.millis() - sentAt) > MAX_AGE.toMillis()) {
            throw new WebhookRejected(401, "unauthorized", "X-HubSpot-Request-Timestamp is more than 5 minutes away from now; the delivery is refused as a replay.");
        }
        if (!SIGNATURE.matcher(signature.trim()).matches()) {
            throw new WebhookRejected(401, "unauthorized", "X-HubSpot-Signature-v3 is not the base64 of an HMAC-SHA256 (44 characters).");
        }
    }

    /**
     * The route's step: the headers' checks again, then the v3 signature over method, URL, the body read before it and
     * the timestamp, with each active connection's key. Answers the delivery with the portals its events may reach: the
     * connections whose key signed it.
     */
    public SignedHubSpotDelivery authenticate(WebhookDelivery received) {
        DeliveryHeaders delivery = received.headers();
        List<HubSpotConnection> all = connections.connections();
        List<WebhookKey> keys = keys(delivery, all);
        checkHeaders(delivery, keys);
        String body = received.text();
        String timestamp = delivery.get("X-HubSpot-Request-Timestamp").trim();
        byte[] presented = delivery.get("X-HubSpot-Signature-v3").trim().getBytes(StandardCharsets.UTF_8);
        Map<Long, List<Long>> signedByPortal = new LinkedHashMap<>();
        for (WebhookKey key : keys) {
            String expected = signatureV3(key.secret(), "POST", key.url(), body, timestamp);
            if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented)) {
                signedByPortal.computeIfAbsent(key.connection().portalId(), p -> new ArrayList<>()).add(key.connection().id());
            }
        }
        if (signedByPortal.isEmpty()) {
            throw new WebhookRejected(401, "unauthorized", "X-HubSpot-Signature-v3 does not match the request signed with the client secret of"
                    + " any connected app.");
        }
        Set<Long> active = new LinkedHashSet<>();
        Set<Long> known = new LinkedHashSet<>();
        all.forEach(c -> {
            known.add(c.portalId());
            if (c.active()) {
                active.add(c.portalId());
            }
        });
        return new SignedHubSpotDelivery(received, new SignedHubSpotDelivery.Portals(signedByPortal, active, known, all.get(0).id()));
    }

    public static String signatureV3(String clientSecret, String method, String url, String body, String timestamp) {
        return WebhookSignatures.base64HmacSha256(clientSecret, method + url + body + timestamp);
    }

    /**
     * The records the delivery names that an enabled synchronized item watches, once each per connection, in event
     * order: each event goes to the connections of its portal that may take it. The others are logged and counted.
     */
    public HubSpotDelivery changedRecords(SignedHubSpotDelivery signed) {
        List<HubSpotWebhookEvent> events;
        try {
            events = HubSpotWebhookEvent.parseDelivery(json.readTree(signed.delivery().body()));
        } catch (HubSpotWebhookEvent.MalformedDelivery e) {
            throw new WebhookRejected(400, "malformed_event", e.getMessage());
        } catch (Exception e) {
            String reason = e.getMessage() == null ? "unreadable" : e.getMessage().split("\n")[0];
            throw new WebhookRejected(400, "malformed_json", "The webhook body is not valid JSON: " + reason);
        }
        Map<Long, Set<String>> watched = watchedObjects(signed.portals().firstConnectionId());
        Set<ChangedRecord> changed = new LinkedHashSet<>();
        Map<Unrouted, Integer> dropped = new LinkedHashMap<>();
        for (HubSpotWebhookEvent event : events) {
            List<Long> to = signed.portals().connectionsOf(event.portalId());
            if (to.isEmpty()) {
                dropped.merge(new Unrouted(signed.portals().whyNot(event.portalId()), event.portalId()), 1, Integer::sum);
                continue;
            }
            String objectType = objectType(event);
            if (objectType == null || !HANDLED_ACTIONS.contains(event.action())) {
                log.debug("HubSpot webhook event {} ignored", event.subscriptionType());
                continue;
            }
            to.stream().filter(connectionId -> watched.getOrDefault(connectionId, Set.of()).contains(objectType))
                    .forEach(connectionId -> changed.add(new ChangedRecord(connectionId, objectType, String.valueOf(event.objectId()))));
        }
        dropped.forEach(this::unrouted);
        return new HubSpotDelivery(events.size(), new ArrayList<>(changed), dropped.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** Events of a portal no connection takes, and why (the metric's reason). */
    private record Unrouted(String reason, Long portalId) {}

    /** How many events of a portal no connection takes: a warning, and the metric by reason. */
    private void unrouted(Unrouted what, int count) {
        log.warn("HubSpot webhook: {} event(s) of portal {} dropped: {}", count, what.portalId(), SignedHubSpotDelivery.Portals.explain(what.reason()));
        unrouted.computeIfAbsent(what.reason(), r -> Counter.builder(UNROUTED_METRIC)
                .description("HubSpot webhook events no connection takes (answered 200 so HubSpot does not deliver them again)")
                .tag("reason", r).register(meters)).increment(count);
    }

    /**
     * The objects whose events matter, per HubSpot connection: the object of each synchronized item bound to it (an item
     * saved before any connection existed is the first one's), and notes when such an item syncs comments or
     * attachments (a note's event is routed to the records it is associated with: notes reach Jira on their own clock).
     */
    private Map<Long, Set<String>> watchedObjects(long firstConnectionId) {
        Map<Long, Set<String>> objects = new LinkedHashMap<>();
        items.findSyncing().forEach(item -> {
            Set<String> ofConnection = objects.computeIfAbsent(item.hubspotConnectionId() == 0 ? firstConnectionId : item.hubspotConnectionId(),
                    id -> new LinkedHashSet<>());
            ofConnection.add(item.definition().hubspotObject());
            if (item.definition().isCommentsSync() || item.definition().isAttachmentsSync()) {
                ofConnection.add(HubSpotNoteFeed.NOTES);
            }
        });
        return objects;
    }

    /** The object type as items name it: "deals", or a custom object's type id; generic events name a type id. */
    static String objectType(HubSpotWebhookEvent event) {
        String type = event.objectTypeOrTypeId();
        return type == null ? null : HubSpotObjectCatalog.find(type).map(HubSpotObjectCatalog.CuratedObject::name).orElse(type);
    }

    /** Stores the records before the answer; 503 when the database cannot take them, so HubSpot delivers again. */
    public void store(HubSpotDelivery delivery) {
        if (delivery.records().isEmpty()) {
            return;
        }
        try {
            queue.add(delivery.records());
        } catch (DataAccessException e) {
            log.error("HubSpot webhook records could not be stored: {}", e.getMessage());
            throw new WebhookRejected(503, "storage_unavailable", "The changed records could not be stored; HubSpot will retry.");
        }
    }

    public WebhookAnswer accepted(HubSpotDelivery delivery) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "accepted");
        body.put("events", delivery.events());
        body.put("records", delivery.records().size());
        if (delivery.unrouted() > 0) {
            body.put("unroutedEvents", delivery.unrouted());
        }
        return answers.answer(200, body);
    }

    /** routeConfiguration hubspot-webhook-rejections: the answer to a delivery that was refused or could not be taken. */
    public WebhookAnswer rejected(Exception failure) {
        return answers.rejected(failure, "HubSpot");
    }
}
