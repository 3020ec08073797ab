package io.hubjira.item;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.connection.HubSpotReadNeeds;
import org.springframework.stereotype.Component;

/**
 * The HubSpot objects the items bound to a connection read: their own object, notes when comments or attachments sync,
 * and the associated record types they show. Items not bound yet count for every connection (they will be bound to the
 * first one).
 */
@Component
public class ItemReadNeeds implements HubSpotReadNeeds {

    static final List<String> ASSOCIATED_TYPES = List.of("contacts", "companies", "deals", "tickets");

    private final ItemRepository items;

    public ItemReadNeeds(ItemRepository items) {
        this.items = items;
    }

    @Override
    public Map<String, List<String>> objectsNeeded(long connectionId) {
        Map<String, List<String>> neededBy = new LinkedHashMap<>();
        for (SmartConnectedItem item : items.findAll()) {
            if (item.hubspotConnectionId() != 0 && item.hubspotConnectionId() != connectionId) {
                continue;
            }
            ItemDefinition d = item.definition();
            neededBy.computeIfAbsent(d.hubspotObject(), k -> new ArrayList<>()).add(item.name());
            if (d.isCommentsSync() || d.isAttachmentsSync()) {
                neededBy.computeIfAbsent("notes", k -> new ArrayList<>()).add(item.name() + " (comments and attachments)");
            }
            if (d.isAssociatedRecords()) {
                ASSOCIATED_TYPES.stream().filter(t -> !t.equals(d.hubspotObject()))
                        .forEach(t -> neededBy.computeIfAbsent(t, k -> new ArrayList<>()).add(item.name() + " (associated records)"));
            }
        }
        return neededBy;
    }
}
