package io.hubjira.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.HubSpotMetadata;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.catalog.JiraMetadata;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.HubSpotConnectionService;
import io.hubjira.connection.JiraConnectionService;
import io.hubjira.failure.NotFoundException;
import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.item.ItemRepository;
import io.hubjira.item.SmartConnectedItem;
import io.hubjira.jira.JiraNotConnectedException;
import org.springframework.stereotype.Component;

/** Builds {@link ItemContext}s from the stored item and the (cached) live metadata. */
@Component
public class ItemContexts {

    private final ItemRepository items;
    private final HubSpotMetadata hubspot;
    private final JiraMetadata jira;
    private final HubSpotConnectionService hubspotConnection;
    private final JiraConnectionService jiraConnection;

    public ItemContexts(ItemRepository items, HubSpotMetadata hubspot, JiraMetadata jira,
                        HubSpotConnectionService hubspotConnection, JiraConnectionService jiraConnection) {
        this.items = items;
        this.hubspot = hubspot;
        this.jira = jira;
        this.hubspotConnection = hubspotConnection;
        this.jiraConnection = jiraConnection;
    }

    public ItemContext forItem(long itemId) {
        SmartConnectedItem item = items.findById(itemId)
                .orElseThrow(() -> new NotFoundException("unknown_item", "There is no Smart Connected Item with id " + itemId + "."));
        return forItem(item);
    }

    public ItemContext forItem(SmartConnectedItem item) {
        HubSpotConnection hub = hubspotConnection.current().orElseThrow(HubSpotNotConnectedException::new);
        String site = jiraConnection.current().orElseThrow(JiraNotConnectedException::new).baseUrl();
        String objectType = item.definition().hubspotObject();
        Map<String, PropertyInfo> properties = new LinkedHashMap<>();
        hubspot.properties(objectType).forEach(p -> properties.put(p.name(), p));
        Map<String, FieldInfo> fields = new LinkedHashMap<>();
        if (item.definition().mode().isSynchronized() && item.definition().jiraIssueType() != null) {
            jira.createFields(item.definition().jiraProject(), item.definition().jiraIssueType()).forEach(f -> fields.put(f.fieldId(), f));
        }
        boolean needsStatus = item.definition().isStatusSync() || item.definition().rule() != null;
        return new ItemContext(item, properties, fields, needsStatus ? hubspot.statusField(objectType) : Optional.empty(),
                hub.portalId(), hub.uiDomain(), site);
    }
}
