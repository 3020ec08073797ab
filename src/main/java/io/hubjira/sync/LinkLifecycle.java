package io.hubjira.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.http.WriteAttempt;
import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.item.Lifecycle;
import io.hubjira.jira.JiraIssue;
import io.hubjira.jira.JiraNotConnectedException;
import io.hubjira.jira.LabelChanges;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import org.springframework.stereotype.Component;

/**
 * When one side of a link goes away, what the item's lifecycle settings ask for (nothing unless set):
 * a HubSpot record archived → its issue moved to a status and/or labelled; a Jira issue deleted → the record unlinked
 * with a HubSpot note saying so. Both audited; both safe to run again (the move reads the status first, the label is
 * added once, the note is looked for by its marker before it is written).
 */
@Component
public class LinkLifecycle {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LinkLifecycle.class);

    private final LinkStore links;
    private final ItemContexts contexts;
    private final StatusSync status;
    private final HubSpotNotes notes;
    private final AuditLog audit;
    private final io.hubjira.link.SyncedValueStore synced;
    private final io.hubjira.item.ItemRepository items;

    static final String ARCHIVED = "lifecycle:archived";

    public LinkLifecycle(LinkStore links, ItemContexts contexts, StatusSync status, HubSpotNotes notes, AuditLog audit,
                         io.hubjira.link.SyncedValueStore synced, io.hubjira.item.ItemRepository items) {
        this.synced = synced;
        this.items = items;
        this.links = links;
        this.contexts = contexts;
        this.status = status;
        this.notes = notes;
        this.audit = audit;
    }

    /** HubSpot no longer returns these records of the item (archived or deleted): their issues, as the item says. */
    public void recordsArchived(ItemContext ctx, List<String> recordIds) {
        Lifecycle lifecycle = ctx.definition().lifecycle();
        for (String recordId : recordIds) {
            Optional<RecordLink> link = links.byRecord(ctx.itemId(), recordId).filter(RecordLink::isLinked);
            if (link.isEmpty()) {
                continue;
            }
            if (lifecycle == null || !lifecycle.handlesArchivedRecords()) {
                audit.record(ctx.itemId(), recordId, link.get().issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "RECORD_ARCHIVED", List.of(),
                        Outcome.SKIPPED, "The HubSpot record was archived; the item's archive handling is off, so its issue is left as it is");
                continue;
            }
            if (synced.has(link.get().id(), ARCHIVED)) {
                continue; // handled when it was archived
            }
            archived(ctx, link.get(), lifecycle);
            synced.put(link.get().id(), ARCHIVED, "true", io.hubjira.link.SyncedValueStore.Direction.HUBSPOT_TO_JIRA);
        }
    }

    /** Records HubSpot returns again (restored): a later archive is handled again. */
    public void recordsPresent(ItemContext ctx, List<String> recordIds) {
        synced.removeForRecords(ctx.itemId(), recordIds, ARCHIVED);
    }

    /**
     * Every linked record of each item with archive handling, read in batches of 100 (route hubspot-archive-check):
     * those HubSpot no longer returns are archived. The check for polling without HubSpot webhooks.
     */
    public void checkArchived() {
        RuntimeException firstFailure = null;
        for (io.hubjira.item.SmartConnectedItem item : items.findSyncing()) {
            Lifecycle lifecycle = item.definition().lifecycle();
            if (lifecycle == null || !lifecycle.handlesArchivedRecords()) {
                continue;
            }
            try {
                checkArchived(item);
            } catch (HubSpotNotConnectedException | JiraNotConnectedException revoked) {
                log.debug("Archive check of item {} skipped: one of its connections is revoked", item.id());
            } catch (RuntimeException e) {
                // one portal's trouble leaves the other items checked; the route's error policy reports the first failure
                log.warn("Archive check of item {} failed ({}); it is checked next time", item.id(), e.getMessage());
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
    }

    private void checkArchived(io.hubjira.item.SmartConnectedItem item) {
        ItemContext ctx = contexts.forItem(item);
        List<String> linked = links.linkedForItem(item.id()).stream().map(RecordLink::recordId).toList();
        for (int from = 0; from < linked.size(); from += 100) {
            List<String> chunk = linked.subList(from, Math.min(linked.size(), from + 100));
            // only what HubSpot answered counts: a record it could not read now (a 207 naming it) is checked next time
            var read = ctx.hubspot().client().batchReadOutcome(ctx.objectType(), chunk, List.of(io.hubjira.hubspot.HubSpotRecord.OBJECT_ID));
            recordsArchived(ctx, List.copyOf(read.notFound()));
            recordsPresent(ctx, List.copyOf(read.done().keySet()));
            if (!read.failed().isEmpty()) {
                log.warn("Archive check of item {}: HubSpot could not read {} record(s) now ({}); they are checked next time",
                        item.id(), read.failed().size(), read.failed().values().iterator().next().getMessage());
            }
        }
    }

    /** The archive handling of one link, audited in one line: what was done, or what could not be (FAILED). */
    private void archived(ItemContext ctx, RecordLink link, Lifecycle lifecycle) {
        List<String> done = new ArrayList<>();
        String failed = null;
        JiraIssue issue = ctx.jira().client().issue(link.issueKey(), List.of("status", "labels", "issuetype"))
                .orElseThrow(() -> new IllegalStateException("Jira has no issue " + link.issueKey() + " any more"));
        if (lifecycle.archivedLabel() != null && !lifecycle.archivedLabel().isBlank() && !issue.labels().contains(lifecycle.archivedLabel().trim())) {
            // added, not set: the issue's other labels (the record's marker among them) stay as they are
            ctx.jira().client().edit(link.issueKey(), java.util.Map.of(), LabelChanges.adding(lifecycle.archivedLabel().trim()));
            done.add("labelled " + lifecycle.archivedLabel().trim());
        }
        if (lifecycle.archivedStatus() != null && !lifecycle.archivedStatus().isBlank() && !issue.statusName().equalsIgnoreCase(lifecycle.archivedStatus())) {
            WorkflowNavigator.Move move = status.move(ctx, link, issue.statusName(), issue.issueTypeId().orElse(null), lifecycle.archivedStatus());
            if (move.outcome() == WorkflowNavigator.Outcome.NO_PATH) {
                failed = "its issue could not be moved to " + lifecycle.archivedStatus() + ": " + move.detail();
            } else {
                done.add("moved to " + lifecycle.archivedStatus() + " (" + issue.statusName() + " → " + String.join(" → ", move.path()) + ")");
            }
        }
        String what = done.isEmpty() && failed == null ? "its issue already was as the item asks"
                : String.join(", ", done) + (failed == null ? "" : (done.isEmpty() ? "" : "; ") + failed);
        audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "RECORD_ARCHIVED", List.of(),
                failed == null ? Outcome.OK : Outcome.FAILED, "The HubSpot record was archived: " + what);
    }

    /**
     * The Jira site of that connection deleted the issue: each link to it of the items bound to the site, as its item
     * says (unlinked with a HubSpot note, or left, audited).
     */
    public void issueDeleted(long jiraConnectionId, String issueId, String issueKey, int attempt) {
        List<RecordLink> affected = new ArrayList<>();
        if (issueId != null) {
            affected.addAll(links.forIssue(jiraConnectionId, issueId));
        }
        if (affected.isEmpty() && issueKey != null) {
            affected.addAll(links.forIssue(jiraConnectionId, issueKey));
        }
        for (RecordLink link : affected) {
            ItemContext ctx = contexts.forItem(link.itemId());
            Lifecycle lifecycle = ctx.definition().lifecycle();
            String key = link.issueKey() != null ? link.issueKey() : issueKey;
            if (lifecycle == null || !lifecycle.unlinksDeletedIssues()) {
                audit.record(ctx.itemId(), link.recordId(), key, AuditLog.Direction.JIRA_TO_HUBSPOT, "ISSUE_DELETED", List.of(), Outcome.SKIPPED,
                        "The Jira issue was deleted; the item's delete handling is off, so the link is kept");
                continue;
            }
            String marker = ConnectorNotes.issueDeletedMarker(key);
            String html = "<p><strong>" + marker + "</strong></p><p>Jira issue " + key + " was deleted in Jira. This record is no longer linked to it"
                    + " (Smart Connected Item '" + ctx.item().name() + "').</p>";
            notes.create(ctx.hubspot(), ctx.objectType(), link.recordId(), html, List.of(), marker, attempt > 1 ? WriteAttempt.RESUMED : WriteAttempt.FIRST);
            links.delete(link.id());
            audit.record(ctx.itemId(), link.recordId(), key, AuditLog.Direction.JIRA_TO_HUBSPOT, "ISSUE_DELETED", List.of(), Outcome.OK,
                    "The Jira issue was deleted: the record is unlinked and has a note saying so");
        }
    }
}
