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
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.catalog.HubSpotObjectCatalog;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.connection.HubSpotConnectionService;
import io.hubjira.hubspot.HubSpotWebhookEvent;
import io.hubjira.hubspottojira.HubSpotNoteFeed;
import io.hubjira.item.ItemRepository;
import io.hubjira.queue.ChangedRecord;
import io.hubjira.queue.HubSpotChangeQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The steps of the hubspot-webhook flow: HubSpot app webhooks (near real time; the scheduled poll remains the catch-up
 * that guarantees nothing is missed). A delivery is authenticated with the v3 signature (X-HubSpot-Signature-v3 =
 * base64 HMAC-SHA256 over method + URL + body + X-HubSpot-Request-Timestamp, keyed with the app's client secret;
 * older than 5 minutes is refused), parsed (a JSON array of events), and the records it names — creations, property
 * changes and restores of objects some enabled synchronized item watches, in the connected portal — are stored for
 * the HubSpot change queue (route hubspot-changes) before the answer.
 */
@Component("hubspotWebhookIntake")
public class HubSpotWebhookIntake {

    static final Duration MAX_AGE = Duration.ofMinutes(5);
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

    public HubSpotWebhookIntake(ConnectorProperties props, ObjectMapper json, ItemRepository items, HubSpotConnectionService connections, Clock clock,
                                WebhookAnswers answers, HubSpotChangeQueue queue) {
        this.queue = queue;
        this.answers = answers;
        this.props = props;
        this.json = json;
        this.items = items;
        this.connections = connections;
        this.clock = clock;
    }

    /**
     * What the headers alone decide, before a byte of the body is read (called by {@link WebhookCredentialsFirst} and
     * again by the route): no client secret configured, a missing signature or timestamp, a timestamp more than 5
     * minutes away or a signature that is not the base64 of an HMAC-SHA256 is refused at once. The signature itself
     * covers the body, so it is checked once the body was read (bounded).
     */
    void checkHeaders(DeliveryHeaders delivery) {
        String secret = props.hubspot().webhookSecret();
        if (secret == null || secret.isBlank()) {
            throw new WebhookRejected(401, "unauthorized", "HubSpot webhooks are refused: no app client secret is configured (HUBSPOT_WEBHOOK_SECRET).");
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

    /** The route's step: the headers' checks again, then the v3 signature over method, URL, the body read before it and the timestamp. */
    public void authenticate(WebhookDelivery received) {
        DeliveryHeaders delivery = received.headers();
        checkHeaders(delivery);
        String body = received.text();
        String timestamp = delivery.get("X-HubSpot-Request-Timestamp").trim();
        String expected = signatureV3(props.hubspot().webhookSecret(), "POST", calledUrl(delivery), body, timestamp);
        byte[] presented = delivery.get("X-HubSpot-Signature-v3").trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented)) {
            throw new WebhookRejected(401, "unauthorized", "X-HubSpot-Signature-v3 does not match the request signed with the app's client secret.");
        }
    }

    /** The URL HubSpot called: the configured public URL (behind a proxy), else the one this server was reached at. */
    String calledUrl(DeliveryHeaders delivery) {
        String configured = props.hubspot().webhookUrl();
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return delivery.url();
    }

    public static String signatureV3(String clientSecret, String method, String url, String body, String timestamp) {
        return WebhookSignatures.base64HmacSha256(clientSecret, method + url + body + timestamp);
    }

    /** The records the delivery names that an enabled synchronized item watches, once each, in event order. */
    public HubSpotDelivery changedRecords(WebhookDelivery delivery) {
        List<HubSpotWebhookEvent> events;
        try {
            events = HubSpotWebhookEvent.parseDelivery(json.readTree(delivery.body()));
        } catch (HubSpotWebhookEvent.MalformedDelivery e) {
            throw new WebhookRejected(400, "malformed_event", e.getMessage());
        } catch (Exception e) {
            String reason = e.getMessage() == null ? "unreadable" : e.getMessage().split("\n")[0];
            throw new WebhookRejected(400, "malformed_json", "The webhook body is not valid JSON: " + reason);
        }
        Long portal = connections.current().map(c -> c.portalId()).orElse(null);
        Set<String> watched = watchedObjects();
        Set<ChangedRecord> changed = new LinkedHashSet<>();
        for (HubSpotWebhookEvent event : events) {
            if (portal != null && event.portalId() != null && !event.portalId().equals(portal)) {
                log.warn("HubSpot webhook event for portal {} ignored: the connected portal is {}", event.portalId(), portal);
                continue;
            }
            String objectType = objectType(event);
            if (objectType == null || !HANDLED_ACTIONS.contains(event.action()) || !watched.contains(objectType)) {
                log.debug("HubSpot webhook event {} ignored", event.subscriptionType());
                continue;
            }
            changed.add(new ChangedRecord(objectType, String.valueOf(event.objectId())));
        }
        return new HubSpotDelivery(events.size(), new ArrayList<>(changed));
    }

    /**
     * The objects whose events matter: each synchronized item's object, and notes when an item syncs comments or
     * attachments (a note's event is routed to the records it is associated with: notes reach Jira on their own clock).
     */
    private Set<String> watchedObjects() {
        Set<String> objects = new LinkedHashSet<>();
        items.findSyncing().forEach(item -> {
            objects.add(item.definition().hubspotObject());
            if (item.definition().isCommentsSync() || item.definition().isAttachmentsSync()) {
                objects.add(HubSpotNoteFeed.NOTES);
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
        return answers.answer(200, body);
    }

    /** routeConfiguration hubspot-webhook-rejections: the answer to a delivery that was refused or could not be taken. */
    public WebhookAnswer rejected(Exception failure) {
        return answers.rejected(failure, "HubSpot");
    }
}
