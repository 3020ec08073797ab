package io.hubjira.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.item.FieldMapping;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraIssue;
import io.hubjira.jira.JiraIssue.FieldChange;
import io.hubjira.jira.JiraWebhookEvent;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.link.SyncedValueStore;
import io.hubjira.link.SyncedValueStore.Direction;
import io.hubjira.ops.LogContext;
import io.hubjira.sync.AuditLog;
import io.hubjira.sync.AuditLog.Outcome;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.StatusSync;
import io.hubjira.sync.ValueMapping;
import org.springframework.stereotype.Component;

/**
 * {@code jira:issue_updated} → HubSpot: changelog items (matched on fieldId) of fields Jira owns or shares are written
 * to the linked record, with the issue's current values re-read so a late, older event can never regress HubSpot;
 * a value equal to what the connector last synced is its own echo and is dropped. A status change moves the record's
 * stage. New attachments in the changelog are handed to the attachment handler. Display-only items never push.
 */
@Component("jiraIssueUpdateHandler")
public class JiraIssueUpdateHandler {

    private final LinkStore links;
    private final ItemContexts contexts;
    private final JiraClient jira;
    private final HubSpotClient hubspot;
    private final ValueMapping values;
    private final SyncedValueStore synced;
    private final StatusSync status;
    private final JiraAttachmentHandler attachments;
    private final AuditLog audit;

    public JiraIssueUpdateHandler(LinkStore links, ItemContexts contexts, JiraClient jira, HubSpotClient hubspot, ValueMapping values,
                                  SyncedValueStore synced, StatusSync status, JiraAttachmentHandler attachments, AuditLog audit) {
        this.links = links;
        this.contexts = contexts;
        this.jira = jira;
        this.hubspot = hubspot;
        this.values = values;
        this.synced = synced;
        this.status = status;
        this.attachments = attachments;
        this.audit = audit;
    }

    /** Returns a short note of what happened, stored with the inbox row. */
    public String handle(JiraWebhookEvent event) {
        if (JiraWebhookEvent.ISSUE_CREATED.equals(event.type())) {
            return "issue_created: its changelog is not an edit";
        }
        Set<String> changed = new LinkedHashSet<>();
        List<String> newAttachments = new ArrayList<>();
        for (FieldChange item : event.changes()) {
            if (item.fieldId() == null) {
                continue; // very old deliveries lack fieldId: display names are never trusted
            }
            changed.add(item.fieldId());
            if ("attachment".equals(item.fieldId()) && item.to() != null) {
                newAttachments.add(item.to());
            }
        }
        if (changed.isEmpty()) {
            return "no field changes";
        }
        List<String> notes = new ArrayList<>();
        for (RecordLink link : links.forIssue(event.issueIdOrKey())) {
            if (!link.isLinked()) {
                continue;
            }
            ItemContext ctx = contexts.forItem(link.itemId());
            if (!ctx.definition().mode().isSynchronized() || !ctx.definition().isEnabled()) {
                continue;
            }
            try (LogContext ignored = LogContext.of(ctx.itemId(), link.recordId(), link.issueKey())) {
                notes.add(applyToRecord(ctx, link, changed));
                if (ctx.definition().isAttachmentsSync()) {
                    for (String attachmentId : newAttachments) {
                        attachments.copyToHubSpot(ctx, link, attachmentId);
                    }
                }
            }
        }
        return notes.isEmpty() ? "issue is not linked to a synchronized item" : String.join("; ", notes);
    }

    private String applyToRecord(ItemContext ctx, RecordLink link, Set<String> changed) {
        List<FieldMapping> owned = ctx.definition().fieldMappings().stream()
                .filter(m -> m.owner().jiraWritesHubSpot() && changed.contains(m.jiraField())).toList();
        boolean statusChanged = changed.contains("status") && ctx.definition().isStatusSync() && ctx.statusField().isPresent();
        if (owned.isEmpty() && !statusChanged) {
            return "no fields owned by Jira changed";
        }
        Set<String> read = new LinkedHashSet<>();
        owned.forEach(m -> read.add(m.jiraField()));
        read.add("status");
        JiraIssue current = jira.issue(link.issueKey(), read)
                .orElseThrow(() -> new IllegalStateException("Jira has no issue " + link.issueKey() + " any more"));
        Map<String, String> properties = new LinkedHashMap<>();
        for (FieldMapping m : owned) {
            FieldInfo field = ctx.jiraFields().get(m.jiraField());
            PropertyInfo property = ctx.properties().get(m.hubspotProperty());
            if (field == null || property == null) {
                continue;
            }
            String value = values.toHubSpot(current.field(m.jiraField()).orElse(null), field, property);
            String key = "field:" + m.jiraField();
            if (synced.has(link.id(), key) && value.equals(synced.get(link.id(), key).orElse(""))) {
                continue; // our own write coming back, or nothing new
            }
            properties.put(m.hubspotProperty(), value);
        }
        String note = "";
        if (!properties.isEmpty()) {
            hubspot.update(ctx.objectType(), link.recordId(), properties);
            for (FieldMapping m : owned) {
                if (properties.containsKey(m.hubspotProperty())) {
                    synced.put(link.id(), "field:" + m.jiraField(), properties.get(m.hubspotProperty()), Direction.JIRA_TO_HUBSPOT);
                }
            }
            audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "FIELDS_UPDATED",
                    properties.keySet(), Outcome.OK, null);
            note = "wrote " + properties.keySet();
        }
        if (statusChanged) {
            String jiraStatus = current.statusName();
            if (!jiraStatus.equalsIgnoreCase(synced.get(link.id(), "status:jira").orElse(""))) {
                var field = ctx.statusField().get();
                HubSpotRecord record = hubspot.read(ctx.objectType(), link.recordId(), List.of(field.pipelineProperty(), field.stageProperty()))
                        .orElseThrow(() -> new IllegalStateException("HubSpot has no " + ctx.objectType() + " record " + link.recordId() + " any more"));
                status.writeStageFromJira(ctx, link, record, field, jiraStatus);
                note = note + (note.isEmpty() ? "" : ", ") + "status " + jiraStatus;
            }
        }
        return note.isEmpty() ? "nothing to write (echo or unchanged)" : note;
    }
}
