package io.hubjira.hubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a HubSpot app webhook delivery (a JSON array of fewer than 100 events). Real deliveries name the type
 * {@code subscriptionType}; HubSpot's legacy documentation says {@code eventType}: both are read. Generic
 * {@code object.*} events carry the object's type id ({@code objectTypeId}, e.g. 0-3 or a custom 2-…).
 */
public record HubSpotWebhookEvent(String subscriptionType, long objectId, String objectTypeId, String propertyName,
                                  String propertyValue, Long portalId, Long occurredAt, String changeSource, Integer attemptNumber) {

    /** The standard singular object names of webhook subscriptions and their CRM object types. */
    private static final Map<String, String> OBJECT_TYPES = Map.of(
            "contact", "contacts", "company", "companies", "deal", "deals", "ticket", "tickets", "product", "products",
            "line_item", "line_items", "note", "notes");

    /** A delivery that is not a JSON array of events, naming what is wrong. */
    public static class MalformedDelivery extends RuntimeException {
        public MalformedDelivery(String message) {
            super(message);
        }
    }

    /** The events of a delivery, in order. */
    public static List<HubSpotWebhookEvent> parseDelivery(JsonNode delivery) {
        if (delivery == null || !delivery.isArray()) {
            throw new MalformedDelivery("The webhook body must be a JSON array of HubSpot events.");
        }
        List<HubSpotWebhookEvent> events = new ArrayList<>();
        int index = 0;
        for (JsonNode event : delivery) {
            String at = "event " + index++;
            if (!event.isObject()) {
                throw new MalformedDelivery("The " + at + " is not a JSON object.");
            }
            String type = event.hasNonNull("subscriptionType") ? event.get("subscriptionType").asText() : event.path("eventType").asText("");
            if (type.isEmpty() || !event.path("objectId").canConvertToLong()) {
                throw new MalformedDelivery("The " + at + " needs a subscriptionType and a numeric objectId.");
            }
            events.add(new HubSpotWebhookEvent(type, event.path("objectId").asLong(), text(event, "objectTypeId"), text(event, "propertyName"),
                    text(event, "propertyValue"), event.hasNonNull("portalId") ? event.get("portalId").asLong() : null,
                    event.hasNonNull("occurredAt") ? event.get("occurredAt").asLong() : null, text(event, "changeSource"),
                    event.hasNonNull("attemptNumber") ? event.get("attemptNumber").asInt() : null));
        }
        return events;
    }

    /** "deal.propertyChange" → "propertyChange". */
    public String action() {
        int dot = subscriptionType.indexOf('.');
        return dot < 0 ? subscriptionType : subscriptionType.substring(dot + 1);
    }

    /**
     * The CRM object type the event is about ("deals", "notes"), or for generic {@code object.*} events its type id
     * ("0-3", "2-123"); null when the subscription names no object.
     */
    public String objectTypeOrTypeId() {
        int dot = subscriptionType.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String object = subscriptionType.substring(0, dot).toLowerCase(Locale.ROOT);
        if (object.equals("object")) {
            return objectTypeId == null || objectTypeId.isBlank() ? null : objectTypeId;
        }
        return OBJECT_TYPES.get(object);
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
