package io.hubjira.console;

import java.util.ArrayList;
import java.util.List;

import io.hubjira.catalog.HubSpotMetadata;
import io.hubjira.catalog.HubSpotObjectCatalog;
import io.hubjira.catalog.JiraMetadata;
import io.hubjira.item.FieldMapping;
import io.hubjira.item.FieldOwner;
import io.hubjira.item.ItemDefinition;
import io.hubjira.item.SmartConnectedItem;
import io.hubjira.item.SyncMode;
import io.hubjira.sync.ItemContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What an operator reads instead of ids: the HubSpot object's and properties' labels, the Jira project's, issue type's
 * and fields' names, the mode in words, each as the item's own portal and site name them. Each falls back to the raw id
 * when the metadata does not know it (not connected, revoked, deleted since), so a row never goes missing for want of
 * a label.
 */
@Component
public class ItemLabels {

    /** A value and what the console shows for it. */
    public record Label(String value, String label) {}

    /** A mapping in words: "Amount → Story points" and who owns it. */
    public record MappingLabel(Label hubspot, Label jira, FieldOwner owner, String arrow, String ownerLabel) {}

    public record Labels(Label mode, Label object, List<Label> projects, Label issueType, List<MappingLabel> mappings) {}

    private static final Logger log = LoggerFactory.getLogger(ItemLabels.class);

    private final ItemContexts contexts;

    public ItemLabels(ItemContexts contexts) {
        this.contexts = contexts;
    }

    /** The item's labels, from the metadata of its own HubSpot connection and Jira connection. */
    public Labels of(SmartConnectedItem item) {
        ItemDefinition d = item.definition();
        HubSpotMetadata hubspot = metadataOrNull(() -> contexts.hubspotScope(item).metadata());
        JiraMetadata jira = metadataOrNull(() -> contexts.jiraScope(item).metadata());
        List<Label> projects = d.jiraProjects().stream().map(key -> project(jira, key)).toList();
        List<MappingLabel> mappings = new ArrayList<>();
        for (FieldMapping m : d.fieldMappings()) {
            mappings.add(new MappingLabel(property(hubspot, d.hubspotObject(), m.hubspotProperty()), jiraField(jira, d, m.jiraField()), m.owner(),
                    m.owner().arrow(), ownerLabel(m.owner())));
        }
        return new Labels(mode(d.mode()), object(hubspot, d.hubspotObject()), projects, issueType(jira, d), mappings);
    }

    private static <M> M metadataOrNull(java.util.function.Supplier<M> scope) {
        try {
            return scope.get();
        } catch (RuntimeException notConnected) {
            return null;
        }
    }

    public static Label mode(SyncMode mode) {
        if (mode == null) {
            return new Label(null, "");
        }
        return new Label(mode.name(), switch (mode) {
            case DISPLAY_ONLY -> "Display only (linked by hand, nothing synced)";
            case ONE_WAY -> "One way: HubSpot → Jira";
            case TWO_WAY -> "Two way: HubSpot ⇄ Jira";
            case CUSTOM -> "Custom: each field chooses";
        });
    }

    public static String ownerLabel(FieldOwner owner) {
        return switch (owner) {
            case HUBSPOT -> "HubSpot → Jira";
            case JIRA -> "Jira → HubSpot";
            case BOTH -> "both ways";
        };
    }

    private static Label object(HubSpotMetadata hubspot, String objectType) {
        String label = hubspot == null ? null : safely(() -> hubspot.object(objectType).map(HubSpotMetadata.ObjectInfo::label).orElse(null));
        if (label == null) {
            label = HubSpotObjectCatalog.find(objectType).map(HubSpotObjectCatalog.CuratedObject::label).orElse(objectType);
        }
        return new Label(objectType, label);
    }

    private static Label property(HubSpotMetadata hubspot, String objectType, String name) {
        String label = hubspot == null ? null : safely(() -> hubspot.property(objectType, name).map(HubSpotMetadata.PropertyInfo::label).orElse(null));
        return new Label(name, label == null || label.isBlank() ? name : label);
    }

    private static Label project(JiraMetadata jira, String key) {
        String name = jira == null ? null : safely(() -> jira.project(key).map(JiraMetadata.ProjectInfo::name).orElse(null));
        return new Label(key, name == null ? key : name + " (" + key + ")");
    }

    private static Label issueType(JiraMetadata jira, ItemDefinition d) {
        if (d.jiraIssueType() == null || d.jiraProjects().isEmpty()) {
            return new Label(d.jiraIssueType(), "any type");
        }
        String name = jira == null ? null : safely(() -> jira.issueTypes(d.jiraProject()).stream().filter(t -> t.id().equals(d.jiraIssueType()) || t.name().equals(d.jiraIssueType()))
                .map(JiraMetadata.IssueTypeInfo::name).findFirst().orElse(null));
        return new Label(d.jiraIssueType(), name == null ? d.jiraIssueType() : name);
    }

    private static Label jiraField(JiraMetadata jira, ItemDefinition d, String fieldId) {
        String name = null;
        if (jira != null && d.jiraIssueType() != null && !d.jiraProjects().isEmpty()) {
            name = safely(() -> jira.createField(d.jiraProject(), d.jiraIssueType(), fieldId).map(JiraMetadata.FieldInfo::name).orElse(null));
        }
        return new Label(fieldId, name == null ? fieldId : name);
    }

    private static String safely(java.util.function.Supplier<String> lookup) {
        try {
            return lookup.get();
        } catch (RuntimeException unavailable) {
            log.debug("label lookup failed, showing the id: {}", unavailable.toString());
            return null;
        }
    }
}
