package io.hubjira.jiratohubspot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.convert.TextFit.FullText;
import io.hubjira.convert.TextFit;
import io.hubjira.convert.ValueMapping;
import io.hubjira.hubspot.BatchOutcome;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.item.FieldMapping;
import io.hubjira.jira.JiraFieldValue;
import io.hubjira.jira.JiraIssue.FieldChange;
import io.hubjira.jira.JiraIssue;
import io.hubjira.jira.JiraWebhookEvent;
import io.hubjira.jira.Jql;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.link.SyncedValueStore.Direction;
import io.hubjira.link.SyncedValueStore;
import io.hubjira.queue.ClaimLostException;
import io.hubjira.queue.InboxEvent;
import io.hubjira.queue.JiraEventQueue;
import io.hubjira.sync.ConnectorLabels;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.StatusMove;
import io.hubjira.sync.StatusSync;
import io.hubjira.sync.StatusWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code jira:issue_updated} → HubSpot, coalesced: all queued field events of an issue are one unit. Their changelog
 * items (matched on fieldId) name the fields that changed; the issues' current values are read once — one reconciled
 * search per 50 issues, so a late, older event can never regress HubSpot and ten edits cost one read — and what
 * changed in fields Jira owns or shares is written with one batch update per object type. A value equal to what the
 * connector last synced is its own echo and is dropped. A status change moves the record's stage; new attachments in
 * the changelogs are handed to the attachment handler. Display-only items never push. An issue whose update fails
 * has its events retried (or dead-lettered) on their own; the other issues go on.
 */
@Component("jiraIssueUpdateHandler")
public class JiraIssueUpdateHandler {

    private static final Logger log = LoggerFactory.getLogger(JiraIssueUpdateHandler.class);

    private final io.hubjira.ops.SyncMetrics metrics;

    private final LinkStore links;
    private final ItemContexts contexts;
    private final ValueMapping values;
    private final SyncedValueStore synced;
    private final StatusSync status;
    private final JiraAttachmentHandler attachments;
    private final JiraInboxWorker inbox;
    private final JiraEventQueue queue;
    private final AuditLog audit;

    public JiraIssueUpdateHandler(LinkStore links, ItemContexts contexts, ValueMapping values,
                                  SyncedValueStore synced, StatusSync status, JiraAttachmentHandler attachments, JiraInboxWorker inbox,
                                  JiraEventQueue queue, AuditLog audit, io.hubjira.ops.SyncMetrics metrics) {
        this.metrics = metrics;
        this.queue = queue;
        this.links = links;
        this.contexts = contexts;
        this.values = values;
        this.synced = synced;
        this.status = status;
        this.attachments = attachments;
        this.inbox = inbox;
        this.audit = audit;
    }

    /** What one issue's queued field events add up to. */
    static final class IssueUnit {
        final InboxBatch.IssueEvents events;
        final Set<String> changed = new LinkedHashSet<>();
        final List<String> newAttachments = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<LinkWrite> writes = new ArrayList<>();
        List<Target> targets = List.of();
        JiraIssue current;
        RuntimeException failure;

        IssueUnit(InboxBatch.IssueEvents events) {
            this.events = events;
        }
    }

    /** The body of jira-issue-updated between its steps: the batch's issues, each with what its events add up to. */
    public static final class CoalescedUpdate {
        final List<IssueUnit> units;

        CoalescedUpdate(List<IssueUnit> units) {
            this.units = units;
        }

        IssueUnit unitOf(RecordLink link) {
            return units.stream().filter(u -> u.targets.stream().anyMatch(t -> t.link().id() == link.id())).findFirst().orElseThrow();
        }
    }

    /** The properties one link's record gets from its issue. */
    private record LinkWrite(IssueUnit unit, ItemContext ctx, RecordLink link, List<FieldMapping> owned, Map<String, String> properties) {}

    /** Step 1: each issue's field events merged (the fields they changed, the attachments they added) and its links. */
    public CoalescedUpdate merge(InboxBatch batch) {
        List<IssueUnit> units = new ArrayList<>();
        for (InboxBatch.IssueEvents issue : batch.withUpdates()) {
            IssueUnit unit = new IssueUnit(issue);
            for (InboxBatch.Parsed p : issue.updates()) {
                if (JiraWebhookEvent.ISSUE_CREATED.equals(p.payload().type())) {
                    continue; // its changelog is not an edit
                }
                for (FieldChange item : p.payload().changes()) {
                    if (item.fieldId() == null) {
                        continue; // very old deliveries lack fieldId: display names are never trusted
                    }
                    unit.changed.add(item.fieldId());
                    if ("attachment".equals(item.fieldId()) && item.to() != null && !unit.newAttachments.contains(item.to())) {
                        unit.newAttachments.add(item.to());
                    }
                }
            }
            try {
                unit.targets = unit.changed.isEmpty() ? List.of() : targets(unit);
            } catch (RuntimeException e) {
                // this issue's events fail (and are tried again later), never the other issues of the round
                unit.targets = List.of();
                unit.failure = e;
            }
            units.add(unit);
        }
        return new CoalescedUpdate(units);
    }

    /**
     * Step 2: the current state of every issue that needs it, asked of its own site: one reconciled search per 50 issues
     * of a site (read-after-write).
     */
    public CoalescedUpdate readCurrent(CoalescedUpdate update) {
        Map<Long, List<IssueUnit>> bySite = new LinkedHashMap<>();
        update.units.stream().filter(u -> u.targets.stream().anyMatch(t -> !t.owned().isEmpty() || t.statusChanged()))
                .forEach(u -> bySite.computeIfAbsent(u.events.issue().jiraConnectionId(), k -> new ArrayList<>()).add(u));
        bySite.values().forEach(this::readCurrentOfOneSite);
        return update;
    }

    /** Issues of one site: its targets are links of items bound to that site, so any target's scope is the site's. */
    private void readCurrentOfOneSite(List<IssueUnit> toRead) {
        Set<String> fields = new LinkedHashSet<>(List.of("status"));
        Map<String, IssueUnit> byId = new LinkedHashMap<>();
        for (IssueUnit unit : toRead) {
            unit.targets.forEach(t -> t.owned().forEach(m -> fields.add(m.jiraField())));
            byId.put(unit.targets.get(0).link().issueId(), unit);
        }
        try {
            toRead.get(0).targets.get(0).ctx().jira().client().issuesNow(byId.keySet(), fields).forEach(issue -> {
                IssueUnit unit = byId.get(issue.id());
                if (unit != null) {
                    unit.current = issue;
                }
            });
            toRead.stream().filter(u -> u.current == null)
                    .forEach(u -> u.failure = new IllegalStateException("Jira has no issue " + u.events.issueIdOrKey() + " any more"));
            dropTargetsOutsideJql(toRead);
        } catch (RuntimeException e) {
            toRead.forEach(unit -> unit.failure = e);
        }
    }

    /**
     * An item with a JQL filter takes changes only from issues that match it: one search per such item for all of the
     * batch's issues (read-after-write consistent for them); the others' targets of that item are dropped, audited.
     */
    private void dropTargetsOutsideJql(List<IssueUnit> units) {
        Map<Long, List<IssueUnit>> byFilteredItem = new LinkedHashMap<>();
        Map<Long, ItemContext> items = new LinkedHashMap<>();
        for (IssueUnit unit : units) {
            if (unit.current == null) {
                continue;
            }
            for (Target t : unit.targets) {
                if (t.ctx().definition().recordFilter().hasJql()) {
                    byFilteredItem.computeIfAbsent(t.ctx().itemId(), k -> new ArrayList<>()).add(unit);
                    items.put(t.ctx().itemId(), t.ctx());
                }
            }
        }
        byFilteredItem.forEach((itemId, filtered) -> {
            ItemContext ctx = items.get(itemId);
            List<String> ids = filtered.stream().map(u -> u.current.id()).distinct().toList();
            Set<String> matching = new java.util.HashSet<>();
            ctx.jira().client().search(io.hubjira.jira.Jql.idsIn(ids).and(ctx.definition().recordFilter().jql()), List.of("id"), ids.size(), null, ids).items()
                    .forEach(i -> matching.add(i.id()));
            for (IssueUnit unit : filtered) {
                if (matching.contains(unit.current.id())) {
                    continue;
                }
                unit.targets = unit.targets.stream().filter(t -> t.ctx().itemId() != itemId).toList();
                audit.record(itemId, null, unit.current.key(), AuditLog.Direction.JIRA_TO_HUBSPOT, "FILTERED", List.of(), Outcome.SKIPPED,
                        "The issue does not match the item's JQL filter: its changes are not written to HubSpot");
            }
        });
    }

    /** Step 3: what changed in owned fields, per record; one batch update per object type (one per record when a batch fails). */
    public CoalescedUpdate writeChangedFields(CoalescedUpdate update) {
        dropIssuesTakenOver(update);
        Map<IssueUnit, List<Target>> targets = new LinkedHashMap<>();
        update.units.forEach(u -> targets.put(u, u.targets));
        writeProperties(targets);
        return update;
    }

    /** Step 4: where Jira's status changed, the record's stage follows (through status-sync-move). */
    public List<StatusMove> statusMoves(CoalescedUpdate update) {
        dropIssuesTakenOver(update);
        List<StatusMove> moves = new ArrayList<>();
        for (IssueUnit unit : update.units) {
            if (unit.failure != null || unit.current == null) {
                continue;
            }
            for (Target t : unit.targets) {
                String jiraStatus = unit.current.statusName();
                if (!t.statusChanged() || jiraStatus.equalsIgnoreCase(synced.get(t.link().id(), "status:jira").orElse(""))) {
                    continue;
                }
                try {
                    var field = t.ctx().statusField().get();
                    HubSpotRecord record = t.ctx().hubspot().client().read(t.ctx().objectType(), t.link().recordId(), List.of(field.pipelineProperty(), field.stageProperty()))
                            .orElseThrow(() -> new IllegalStateException("HubSpot has no " + t.ctx().objectType() + " record " + t.link().recordId() + " any more"));
                    moves.add(StatusSync.stageFromJira(new StatusWork(t.ctx(), t.link(), record, jiraStatus, false)));
                    unit.notes.add("status " + jiraStatus);
                } catch (RuntimeException e) {
                    unit.failure = e;
                }
            }
        }
        return moves;
    }

    /** Step 5: the attachments the changelogs added, to copy through jira-attachment-copy. */
    public List<JiraAttachmentHandler.AttachmentCopy> attachmentCopies(CoalescedUpdate update) {
        List<JiraAttachmentHandler.AttachmentCopy> copies = new ArrayList<>();
        for (IssueUnit unit : update.units) {
            if (unit.failure == null) {
                unit.targets.stream().filter(t -> t.ctx().definition().isAttachmentsSync())
                        .forEach(t -> unit.newAttachments.forEach(id -> copies.add(new JiraAttachmentHandler.AttachmentCopy(t.ctx(), t.link(), id))));
            }
        }
        return copies;
    }

    /** A status move or an attachment copy of one issue failed: that issue's events are retried (or dead-lettered). */
    public void partFailed(CoalescedUpdate update, Object part, Exception e) {
        RecordLink link = part instanceof StatusMove m ? m.work().link() : part instanceof JiraAttachmentHandler.AttachmentCopy c ? c.link() : null;
        if (link != null) {
            IssueUnit unit = update.unitOf(link);
            if (unit.failure == null) {
                unit.failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
    }

    /** Step 6: each issue's events end DONE with what happened, or retried (or dead-lettered) with its failure. */
    public void finish(CoalescedUpdate update) {
        update.units.forEach(this::finish);
    }

    /**
     * Fencing before the writes: an issue this instance no longer holds (it stalled past its lease and another instance
     * took the issue over) is written nothing more here; its events are left to the new owner.
     */
    private void dropIssuesTakenOver(CoalescedUpdate update) {
        List<IssueUnit> open = update.units.stream().filter(u -> u.failure == null && !u.events.updates().isEmpty()).toList();
        if (open.isEmpty()) {
            return;
        }
        Set<InboxEvent> lost = queue.lost(open.stream().map(u -> u.events.updates().get(0).event()).toList());
        for (IssueUnit unit : open) {
            InboxEvent first = unit.events.updates().get(0).event();
            if (lost.contains(first)) {
                unit.failure = JiraEventQueue.lostClaim(first);
            }
        }
    }

    /** A link of a synchronized item the issue's changes matter to. */
    private record Target(ItemContext ctx, RecordLink link, List<FieldMapping> owned, boolean statusChanged) {}

    private List<Target> targets(IssueUnit unit) {
        List<Target> out = new ArrayList<>();
        for (RecordLink link : links.forIssue(unit.events.issue().jiraConnectionId(), unit.events.issueIdOrKey())) {
            if (!link.isLinked()) {
                continue;
            }
            ItemContext ctx = contexts.forItem(link.itemId());
            if (!ctx.definition().mode().isSynchronized() || !ctx.definition().isEnabled()) {
                continue;
            }
            List<FieldMapping> owned = ctx.definition().fieldMappings().stream()
                    .filter(m -> m.owner().jiraWritesHubSpot() && unit.changed.contains(m.jiraField())).toList();
            boolean statusChanged = unit.changed.contains("status") && ctx.definition().isStatusSync() && ctx.statusField().isPresent();
            boolean attachmentsChanged = !unit.newAttachments.isEmpty() && ctx.definition().isAttachmentsSync();
            if (owned.isEmpty() && !statusChanged && !attachmentsChanged) {
                unit.notes.add("no fields owned by Jira changed");
                continue;
            }
            out.add(new Target(ctx, link, owned, statusChanged));
        }
        if (out.isEmpty() && unit.notes.isEmpty()) {
            unit.notes.add("issue is not linked to a synchronized item");
        }
        return out;
    }

    /** The records of one object type in the portal of one HubSpot connection: what one batch update writes. */
    private record PortalObject(long hubspotConnectionId, String objectType) {}

    /**
     * What changed in owned fields, per record; one batch update per object type of each portal, through that portal's
     * connection (one update per record when a batch fails).
     */
    private void writeProperties(Map<IssueUnit, List<Target>> targets) {
        Map<PortalObject, List<LinkWrite>> byObject = new LinkedHashMap<>();
        targets.forEach((unit, ts) -> {
            if (unit.failure != null || unit.current == null) {
                return;
            }
            for (Target t : ts) {
                Map<String, String> properties = changedProperties(t, unit.current);
                if (!properties.isEmpty()) {
                    LinkWrite w = new LinkWrite(unit, t.ctx(), t.link(), t.owned(), properties);
                    unit.writes.add(w);
                    byObject.computeIfAbsent(new PortalObject(t.ctx().hubspot().connectionId(), t.ctx().objectType()), k -> new ArrayList<>()).add(w);
                }
            }
        });
        byObject.forEach((portalObject, writes) -> {
            String objectType = portalObject.objectType();
            var hubspot = writes.get(0).ctx().hubspot().client();
            Map<String, Map<String, String>> changes = new LinkedHashMap<>();
            writes.forEach(w -> changes.merge(w.link().recordId(), new LinkedHashMap<>(w.properties()), (a, b) -> {
                a.putAll(b);
                return a;
            }));
            try {
                BatchOutcome<String, ?> outcome = hubspot.batchUpdate(objectType, changes);
                for (LinkWrite w : writes) {
                    HubSpotApiException refused = outcome.failed().get(w.link().recordId());
                    if (refused == null) {
                        written(w);
                    } else if (w.unit().failure == null) {
                        // HubSpot wrote the batch's other records: only this issue's events are tried again (or dead-lettered)
                        w.unit().failure = refused;
                    }
                }
            } catch (RuntimeException batchFailed) {
                log.warn("HubSpot batch update of {} {} failed ({}); writing them one by one", changes.size(), objectType, batchFailed.getMessage());
                for (LinkWrite w : writes) {
                    if (w.unit().failure != null) {
                        continue;
                    }
                    try {
                        hubspot.update(objectType, w.link().recordId(), w.properties());
                        written(w);
                    } catch (RuntimeException e) {
                        w.unit().failure = e;
                    }
                }
            }
        });
    }

    private Map<String, String> changedProperties(Target t, JiraIssue current) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (FieldMapping m : t.owned()) {
            FieldInfo field = t.ctx().jiraFields().get(m.jiraField());
            PropertyInfo property = t.ctx().properties().get(m.hubspotProperty());
            if (field == null || property == null) {
                continue;
            }
            JiraFieldValue jiraValue = current.fieldValue(m.jiraField(), values.shape(field));
            if (ConnectorLabels.FIELD.equals(m.jiraField())) {
                // the connector's own labels (record markers, the archive label) are never copied into HubSpot
                jiraValue = ConnectorLabels.withoutConnectorLabels(t.ctx(), jiraValue);
            }
            String value = values.toHubSpot(jiraValue, field, property, m.valueMap(), FullText.inJira(t.ctx().issueUrl(current.key())), t.ctx().people());
            if (values.unmatchedUser(field, value, jiraValue)) {
                audit.record(t.ctx().itemId(), t.link().recordId(), current.key(), AuditLog.Direction.JIRA_TO_HUBSPOT, "USER_NOT_MATCHED",
                        List.of(m.hubspotProperty()), Outcome.SKIPPED, "No HubSpot owner has the email of Jira user " + (jiraValue instanceof JiraFieldValue.User user ? user.accountId() : "")
                                + ": " + m.hubspotProperty() + " is left empty (map the user in the mapping's value map to choose one)");
            }
            if (TextFit.isCutCopyFrom(value, "HubSpot")) {
                continue; // Jira holds the connector's cut copy of HubSpot's text: never written back over the full text
            }
            String key = "field:" + m.jiraField();
            if (synced.has(t.link().id(), key) && value.equals(synced.get(t.link().id(), key).orElse(""))) {
                log.debug("{} of {} not written to HubSpot {} {}: equals the value last synced (our own write coming back, or nothing new)",
                        m.jiraField(), current.key(), t.ctx().objectType(), t.link().recordId());
                continue;
            }
            properties.put(m.hubspotProperty(), value);
        }
        return properties;
    }

    private void written(LinkWrite w) {
        for (FieldMapping m : w.owned()) {
            if (w.properties().containsKey(m.hubspotProperty())) {
                synced.put(w.link().id(), "field:" + m.jiraField(), w.properties().get(m.hubspotProperty()), Direction.JIRA_TO_HUBSPOT);
            }
        }
        log.debug("wrote {} of {} to HubSpot {} {}", w.properties().keySet(), w.link().issueKey(), w.ctx().objectType(), w.link().recordId());
        metrics.fieldsChanged(AuditLog.Direction.JIRA_TO_HUBSPOT, w.ctx().itemId(), w.properties().size());
        audit.record(w.ctx().itemId(), w.link().recordId(), w.link().issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "FIELDS_UPDATED",
                w.properties().keySet(), Outcome.OK, null);
        w.unit().notes.add("wrote " + w.properties().keySet());
    }

    private void finish(IssueUnit unit) {
        if (unit.failure instanceof ClaimLostException) {
            return; // the instance that took the issue over settles its events
        }
        if (unit.failure != null) {
            unit.events.updates().forEach(p -> inbox.tryLaterOrDeadLetter(p.event(), unit.failure));
            return;
        }
        String note = unit.notes.isEmpty() ? (unit.changed.isEmpty() ? "no field changes" : "nothing to write (echo or unchanged)")
                : String.join("; ", unit.notes);
        if (unit.events.updates().size() > 1) {
            note = unit.events.updates().size() + " events as one: " + note;
        }
        inbox.doneAll(unit.events.updates(), note);
    }
}
