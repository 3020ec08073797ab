package io.hubjira.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.HubSpotMetadata.StatusField;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.connection.HubSpotScope;
import io.hubjira.connection.JiraScope;
import io.hubjira.people.People;
import io.hubjira.item.FieldMapping;
import io.hubjira.item.ItemDefinition;
import io.hubjira.item.SmartConnectedItem;

/**
 * One item with the live metadata its sync needs (properties, Jira fields, status field) and the scopes of the HubSpot
 * connection and the Jira connection it is bound to: every call made for the item goes through these, so nothing of
 * another portal or site is reached.
 */
public record ItemContext(SmartConnectedItem item, Map<String, PropertyInfo> properties, Map<String, FieldInfo> jiraFields,
                          Optional<StatusField> statusField, HubSpotScope hubspot, JiraScope jira, People people) {

    public long portalId() {
        return hubspot.portalId();
    }

    public String uiDomain() {
        return hubspot.uiDomain();
    }

    public String jiraBaseUrl() {
        return jira.baseUrl();
    }

    public long itemId() {
        return item.id();
    }

    public ItemDefinition definition() {
        return item.definition();
    }

    public String objectType() {
        return item.definition().hubspotObject();
    }

    public String project() {
        return item.definition().jiraProject();
    }

    /** Every HubSpot property a poll must read for this item. */
    public List<String> neededProperties(String primaryDisplayProperty) {
        Set<String> names = new LinkedHashSet<>();
        for (FieldMapping m : definition().fieldMappings()) {
            names.add(m.hubspotProperty());
        }
        statusField.ifPresent(s -> {
            names.add(s.pipelineProperty());
            names.add(s.stageProperty());
        });
        if (definition().rule() != null) {
            names.add(definition().rule().property());
        }
        names.addAll(definition().displayFields());
        definition().recordFilter().groups().forEach(g -> g.conditions().forEach(c -> names.add(c.property())));
        if (primaryDisplayProperty != null) {
            names.add(primaryDisplayProperty);
        }
        return new ArrayList<>(names);
    }

    public String issueUrl(String issueKey) {
        return jira.issueUrl(issueKey);
    }

    public String recordUrl(String recordId) {
        return hubspot.recordUrl(objectType(), recordId);
    }
}
