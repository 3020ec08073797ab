package io.hubjira.intake;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A HubSpot delivery whose v3 signature one or more active connections' keys verified, with where its events may go. */
public record SignedHubSpotDelivery(WebhookDelivery delivery, Portals portals) {

    /**
     * The portals of the connections: those whose key signed the delivery (portal → connection ids), those with an
     * active connection, and all those known; and the first connection of the list.
     */
    public record Portals(Map<Long, List<Long>> signed, Set<Long> active, Set<Long> known, long firstConnectionId) {

        public Portals {
            signed = Map.copyOf(signed);
            active = Set.copyOf(active);
            known = Set.copyOf(known);
        }

        /** The connections an event of this portal goes to: the active ones of the portal whose key signed it. */
        List<Long> connectionsOf(Long portalId) {
            return portalId == null ? List.of() : signed.getOrDefault(portalId, List.of());
        }

        /** Why an event of this portal goes nowhere: the metric's reason. */
        String whyNot(Long portalId) {
            if (portalId == null) {
                return "no_portal";
            }
            return !known.contains(portalId) ? "unknown" : !active.contains(portalId) ? "revoked" : "other_app";
        }

        static String explain(String reason) {
            return switch (reason) {
                case "no_portal" -> "the events name no portalId";
                case "unknown" -> "no HubSpot connection is to that portal";
                case "revoked" -> "every HubSpot connection to that portal is revoked";
                default -> "the delivery is not signed with the client secret of that portal's connections (another app's)";
            };
        }
    }
}
