package io.hubjira.hubspottojira;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.audit.AuditLog;
import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.convert.TextFit.FullText;
import io.hubjira.convert.TextFit;
import io.hubjira.convert.ValueMapping;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.item.FieldMapping;
import io.hubjira.jira.JiraFieldValue;
import io.hubjira.jira.JiraIssue;
import io.hubjira.link.RecordLink;
import io.hubjira.link.SyncedValueStore.Direction;
import io.hubjira.link.SyncedValueStore;
import io.hubjira.sync.ConnectorLabels;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.RemoteLinks;
import org.springframework.stereotype.Component;

/**
 * Writes HubSpot-owned (and both-owned) mapped fields to a linked issue — only those whose HubSpot value differs
 * from what was last synced, all in one edit call. Jira-owned fields are never written from HubSpot. Where the item
 * has no Jira remote links, the issue's description ends with a line naming the HubSpot record (written with the
 * issue, kept whenever the description is written): a user sees in the issue which record it belongs to, at no call.
 */
@Component("jiraFieldWriter")
public class JiraFieldWriter {

    static final String FIELD_KEY = "field:";

    private final SyncedValueStore synced;
    private final ValueMapping values;
    private final AuditLog audit;
    private final RemoteLinks remoteLinks;

    public JiraFieldWriter(SyncedValueStore synced, ValueMapping values, AuditLog audit, RemoteLinks remoteLinks) {
        this.audit = audit;
        this.remoteLinks = remoteLinks;
        this.synced = synced;
        this.values = values;
    }

    /** The Jira {@code fields} for a new issue: every HubSpot- or both-owned mapping with a value. */
    public Map<String, JiraFieldValue> fieldsForCreate(ItemContext ctx, HubSpotRecord record) {
        Map<String, JiraFieldValue> fields = new LinkedHashMap<>();
        for (FieldMapping m : ctx.definition().fieldMappings()) {
            if (!m.owner().hubSpotWritesJira()) {
                continue;
            }
            String value = record.property(m.hubspotProperty());
            if (value.isEmpty()) {
                continue;
            }
            JiraFieldValue jiraValue = converted(ctx, m, record, value);
            fields.put(m.jiraField(), ConnectorLabels.FIELD.equals(m.jiraField()) ? ConnectorLabels.withoutConnectorLabels(ctx, jiraValue) : jiraValue);
        }
        if (remoteLinks.namesRecordInDescription(ctx) && !fields.containsKey(RemoteLinks.DESCRIPTION)) {
            fields.put(RemoteLinks.DESCRIPTION, remoteLinks.withRecordReference(ctx, record.id(), record, null));
        }
        return fields;
    }

    /**
     * For a link just made between a record and an issue that already exists (bulk connect, the match rule): the
     * mapped values both sides already hold are remembered as synced, so the first sync writes only what differs.
     */
    public void rememberAgreed(ItemContext ctx, RecordLink link, HubSpotRecord record, JiraIssue issue) {
        for (FieldMapping m : ctx.definition().fieldMappings()) {
            FieldInfo field = ctx.jiraFields().get(m.jiraField());
            PropertyInfo property = ctx.properties().get(m.hubspotProperty());
            if (field == null || property == null) {
                continue;
            }
            String value = record.property(m.hubspotProperty());
            try {
                if (values.jiraHolds(values.toJira(value, property, field, m.valueMap(), ctx.people()), issue.fieldValue(m.jiraField(), values.shape(field)), field)) {
                    synced.put(link.id(), FIELD_KEY + m.jiraField(), value, Direction.HUBSPOT_TO_JIRA);
                }
            } catch (io.hubjira.convert.TransformException differentValue) {
                // a value the field cannot take is not the issue's value: the first sync reports it
            }
        }
    }

    /** Remembers the values a new issue was created with, so the next poll writes nothing. */
    public void rememberCreated(ItemContext ctx, RecordLink link, HubSpotRecord record) {
        for (FieldMapping m : ctx.definition().fieldMappings()) {
            if (m.owner().hubSpotWritesJira()) {
                synced.put(link.id(), FIELD_KEY + m.jiraField(), record.property(m.hubspotProperty()), Direction.HUBSPOT_TO_JIRA);
            }
        }
    }

    /** Updates the linked issue; returns the Jira fields written (empty when nothing changed). */
    public List<String> apply(ItemContext ctx, RecordLink link, HubSpotRecord record) {
        Map<String, String> newSynced = new LinkedHashMap<>();
        Map<String, JiraFieldValue> changed = changes(ctx, link, record, newSynced);
        if (changed.isEmpty()) {
            return List.of();
        }
        // a labels mapping adds and removes its own labels: the connector's markers and anyone else's labels stay
        JiraFieldValue labels = changed.remove(ConnectorLabels.FIELD);
        if (labels == null) {
            ctx.jira().client().edit(link.issueKey(), changed);
        } else {
            ctx.jira().client().edit(link.issueKey(), changed, ConnectorLabels.changes(ctx, previousLabels(ctx, link), labels));
        }
        if (labels != null) {
            changed.put(ConnectorLabels.FIELD, labels);
        }
        newSynced.forEach((key, value) -> synced.put(link.id(), key, value, Direction.HUBSPOT_TO_JIRA));
        return new ArrayList<>(changed.keySet());
    }

    /** The labels the mapping wrote last time (its last synced HubSpot value, converted as then). */
    private JiraFieldValue previousLabels(ItemContext ctx, RecordLink link) {
        for (FieldMapping m : ctx.definition().fieldMappings()) {
            if (ConnectorLabels.FIELD.equals(m.jiraField())) {
                String last = synced.get(link.id(), FIELD_KEY + m.jiraField()).orElse("");
                return last.isEmpty() ? null : values.toJira(last, property(ctx, m), field(ctx, m), m.valueMap(), ctx.people());
            }
        }
        return null;
    }

    /** What {@link #apply} would write to the issue (Jira field → value), writing nothing: for a dry run. */
    public Map<String, JiraFieldValue> plannedChanges(ItemContext ctx, RecordLink link, HubSpotRecord record) {
        return changes(ctx, link, record, new LinkedHashMap<>());
    }

    private Map<String, JiraFieldValue> changes(ItemContext ctx, RecordLink link, HubSpotRecord record, Map<String, String> newSynced) {
        Map<String, JiraFieldValue> changed = new LinkedHashMap<>();
        for (FieldMapping m : ctx.definition().fieldMappings()) {
            if (!m.owner().hubSpotWritesJira()) {
                continue;
            }
            String key = FIELD_KEY + m.jiraField();
            String value = record.property(m.hubspotProperty());
            if (synced.has(link.id(), key) && value.equals(nullToEmpty(synced.get(link.id(), key).orElse(null)))) {
                continue;
            }
            if (TextFit.isCutCopyFrom(value, "Jira")) {
                continue; // HubSpot holds the connector's cut copy of Jira's text: never written back over the full text
            }
            changed.put(m.jiraField(), converted(ctx, m, record, value));
            newSynced.put(key, value);
        }
        return changed;
    }

    /** The Jira value, through the mapping's value map; a HubSpot owner without a Jira user leaves the field empty, audited. */
    private JiraFieldValue converted(ItemContext ctx, FieldMapping m, HubSpotRecord record, String value) {
        JiraFieldValue jiraValue = values.toJira(value, property(ctx, m), field(ctx, m), m.valueMap(), FullText.inHubSpot(ctx.recordUrl(record.id())), ctx.people());
        if (RemoteLinks.DESCRIPTION.equals(m.jiraField()) && remoteLinks.namesRecordInDescription(ctx)) {
            jiraValue = remoteLinks.withRecordReference(ctx, record.id(), record, jiraValue);
        }
        if (values.unmatchedUser(field(ctx, m), value, jiraValue)) {
            audit.record(ctx.itemId(), record.id(), null, AuditLog.Direction.HUBSPOT_TO_JIRA, "USER_NOT_MATCHED", List.of(m.jiraField()),
                    AuditLog.Outcome.SKIPPED, "No Jira user has the email of HubSpot owner " + value + ": " + m.jiraField()
                            + " is left empty (map the owner in the mapping's value map to choose one)");
        }
        return jiraValue;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static PropertyInfo property(ItemContext ctx, FieldMapping m) {
        PropertyInfo p = ctx.properties().get(m.hubspotProperty());
        if (p == null) {
            throw new IllegalStateException("HubSpot property '" + m.hubspotProperty() + "' of item '" + ctx.item().name() + "' no longer exists");
        }
        return p;
    }

    private static FieldInfo field(ItemContext ctx, FieldMapping m) {
        FieldInfo f = ctx.jiraFields().get(m.jiraField());
        if (f == null) {
            throw new IllegalStateException("Jira field '" + m.jiraField() + "' of item '" + ctx.item().name() + "' is no longer on the create screen");
        }
        return f;
    }
}
