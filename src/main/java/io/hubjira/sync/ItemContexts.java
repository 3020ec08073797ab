package io.hubjira.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.connection.ConnectionScopes;
import io.hubjira.connection.ConnectionStore;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.HubSpotScope;
import io.hubjira.connection.JiraConnection;
import io.hubjira.connection.JiraScope;
import io.hubjira.failure.NotFoundException;
import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.item.ItemRepository;
import io.hubjira.item.SmartConnectedItem;
import io.hubjira.jira.JiraNotConnectedException;
import io.hubjira.people.PeopleDirectory;
import org.springframework.stereotype.Component;

/** Builds {@link ItemContext}s from the stored item, the scopes of its connections and their (cached) live metadata. */
@Component
public class ItemContexts {

    private final ItemRepository items;
    private final ConnectionScopes scopes;
    private final ConnectionStore connections;
    private final PeopleDirectory people;

    public ItemContexts(ItemRepository items, ConnectionScopes scopes, ConnectionStore connections, PeopleDirectory people) {
        this.items = items;
        this.scopes = scopes;
        this.connections = connections;
        this.people = people;
    }

    public ItemContext forItem(long itemId) {
        SmartConnectedItem item = items.findById(itemId)
                .orElseThrow(() -> new NotFoundException("unknown_item", "There is no Smart Connected Item with id " + itemId + "."));
        return forItem(item);
    }

    /** @throws HubSpotNotConnectedException or {@link JiraNotConnectedException} when a connection of the item is revoked */
    public ItemContext forItem(SmartConnectedItem item) {
        HubSpotScope hub = scopes.hubspot(hubspotConnectionOf(item));
        JiraScope site = scopes.jira(jiraConnectionOf(item));
        String objectType = item.definition().hubspotObject();
        Map<String, PropertyInfo> properties = new LinkedHashMap<>();
        hub.metadata().properties(objectType).forEach(p -> properties.put(p.name(), p));
        Map<String, FieldInfo> fields = new LinkedHashMap<>();
        if (item.definition().mode().isSynchronized() && item.definition().jiraIssueType() != null) {
            site.metadata().createFields(item.definition().jiraProject(), item.definition().jiraIssueType()).forEach(f -> fields.put(f.fieldId(), f));
        }
        boolean needsStatus = item.definition().isStatusSync() || item.definition().rule() != null;
        return new ItemContext(item, properties, fields, needsStatus ? hub.metadata().statusField(objectType) : Optional.empty(), hub, site,
                people.between(hub.connectionId() + "/" + site.connectionId(), hub.client(), site.client()));
    }

    /** The scope of the item's HubSpot connection alone (no metadata read), for what needs only its client or its URLs. */
    public HubSpotScope hubspotScope(SmartConnectedItem item) {
        return scopes.hubspot(hubspotConnectionOf(item));
    }

    /** The scope of the item's Jira connection alone (no metadata read). */
    public JiraScope jiraScope(SmartConnectedItem item) {
        return scopes.jira(jiraConnectionOf(item));
    }

    /** Whether both of the item's connections are active: an item of a revoked (or missing) connection is stopped. */
    public boolean connected(SmartConnectedItem item) {
        try {
            return connections.findHubSpot(hubspotConnectionOf(item)).filter(HubSpotConnection::active).isPresent()
                    && connections.findJira(jiraConnectionOf(item)).filter(JiraConnection::active).isPresent();
        } catch (HubSpotNotConnectedException | JiraNotConnectedException none) {
            return false;
        }
    }

    /** The item's HubSpot connection; an item saved before any connection existed uses the first one. */
    public long hubspotConnectionOf(SmartConnectedItem item) {
        return item.hubspotConnectionId() != 0 ? item.hubspotConnectionId()
                : connections.firstHubSpot().map(HubSpotConnection::id).orElseThrow(HubSpotNotConnectedException::new);
    }

    public long jiraConnectionOf(SmartConnectedItem item) {
        return item.jiraConnectionId() != 0 ? item.jiraConnectionId()
                : connections.firstJira().map(JiraConnection::id).orElseThrow(JiraNotConnectedException::new);
    }
}
