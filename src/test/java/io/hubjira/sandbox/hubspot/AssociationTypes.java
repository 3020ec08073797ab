package io.hubjira.sandbox.hubspot;

import java.util.HashMap;
import java.util.Map;

/** HubSpot-defined (unlabelled) association type ids, both directions, as HubSpot publishes them. */
final class AssociationTypes {

    private static final Map<String, Integer> IDS = new HashMap<>();

    static {
        put("contacts", "companies", 279, 280);
        put("deals", "contacts", 3, 4);
        put("deals", "companies", 341, 342);
        put("tickets", "contacts", 16, 15);
        put("tickets", "companies", 339, 340);
        put("deals", "tickets", 27, 28);
        put("notes", "contacts", 202, 201);
        put("notes", "companies", 190, 189);
        put("notes", "deals", 214, 213);
        put("notes", "tickets", 228, 227);
    }

    private AssociationTypes() {}

    private static void put(String from, String to, int forward, int back) {
        IDS.put(from + ">" + to, forward);
        IDS.put(to + ">" + from, back);
    }

    static int typeId(String from, String to) {
        return IDS.computeIfAbsent(from + ">" + to, k -> 1000 + Math.abs(k.hashCode() % 8000));
    }

    static int reverse(String from, String to, int typeId) {
        return typeId(to, from);
    }
}
