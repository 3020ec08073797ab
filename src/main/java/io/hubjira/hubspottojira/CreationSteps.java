package io.hubjira.hubspottojira;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.http.WriteAttempt;
import io.hubjira.hubspot.BatchOutcome;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.Note;
import io.hubjira.hubspot.NoteDraft;
import io.hubjira.link.ConnectorLinkNotes;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink.Step;
import io.hubjira.link.RecordLink;
import io.hubjira.queue.ClaimLostException;
import io.hubjira.sync.ConnectorNotes;
import io.hubjira.sync.HubSpotNotes;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.RemoteLinks;
import io.hubjira.sync.StatusMove;
import io.hubjira.sync.StatusSync;
import io.hubjira.sync.StatusWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of a creation after its link is saved, each done exactly once and recorded on the link as it is done:
 * STATUS (the status the rule or the status mapping asks for), LINK_NOTE (the HubSpot "Issue link note", batch-created
 * per item), REMOTE_LINK (the Jira remote link to the record where the item asks for one, the issue key where it names a HubSpot property) and CONTENT (the record's notes as comments, their files as attachments). A step found pending again — the
 * instance stopped, or the step failed — is resumed by the next poll, a restart or another instance: the status is read
 * before moving, the note and the comments are looked for by their markers before they are written.
 */
@Component
public class CreationSteps {

    private static final Logger log = LoggerFactory.getLogger(CreationSteps.class);

    private final LinkStore links;
    private final ItemContexts contexts;
    private final StatusSync status;
    private final HubSpotNotes notes;
    private final LinkedRecordSync linked;
    private final AuditLog audit;
    private final RemoteLinks remoteLinks;
    private final ConnectorLinkNotes linkNotes;

    public CreationSteps(LinkStore links, ItemContexts contexts, StatusSync status, HubSpotNotes notes,
                         LinkedRecordSync linked, AuditLog audit, RemoteLinks remoteLinks, ConnectorLinkNotes linkNotes) {
        this.remoteLinks = remoteLinks;
        this.linkNotes = linkNotes;
        this.links = links;
        this.contexts = contexts;
        this.status = status;
        this.notes = notes;
        this.linked = linked;
        this.audit = audit;
    }

    /**
     * The STATUS step of the creations that still lack it, as work for status-sync: the issues' current
     * statuses, as the creation read them back, or read together (one bulk fetch per 100 issues) for the issues
     * that move; an issue that stays in the status Jira gave it needs no read.
     */
    public List<StatusWork> statusWork(List<CreatedIssue> created) {
        List<CreatedIssue> pending = stillHeld(created.stream().filter(c -> link(c).hasPending(Step.STATUS)).toList(), new ArrayList<>());
        Map<String, String> statuses = new HashMap<>();
        pending.stream().filter(c -> c.status() != null).forEach(c -> statuses.put(c.issueKey(), c.status()));
        List<CreatedIssue> unknown = pending.stream().filter(c -> c.status() == null)
                .filter(c -> status.creationTarget(contexts.forItem(c.request().itemId()), c.request().record()).isPresent()).toList();
        // each item's issues are read on its own site
        unknown.stream().collect(java.util.stream.Collectors.groupingBy(c -> c.request().itemId(), java.util.LinkedHashMap::new,
                        java.util.stream.Collectors.toList()))
                .forEach((itemId, issues) -> statuses.putAll(currentStatuses(contexts.forItem(itemId), issues)));
        return pending.stream().map(c -> new StatusWork(contexts.forItem(c.request().itemId()), link(c), c.request().record(),
                statuses.get(c.issueKey()), true)).toList();
    }

    /** The STATUS step of one creation is done (status-sync moved or kept its status). */
    public StatusMove statusDone(StatusMove move) {
        StatusWork w = move.work();
        links.stepDone(w.link().id(), Step.STATUS);
        return move;
    }

    /** The STATUS step of one creation failed: it stays pending for the next poll. */
    public void statusFailed(StatusWork work, Exception e) {
        if (e instanceof ClaimLostException) {
            log.warn("the new issue {}'s status: {}; its new owner takes the step", work.link().issueKey(), e.getMessage());
            return;
        }
        links.releaseClaim(work.link().id());
        log.warn("the new issue {}'s status could not be set: {}; the next poll resumes it", work.link().issueKey(), e.getMessage());
        audit.record(work.ctx().itemId(), work.link().recordId(), work.link().issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA,
                "CREATION_STEP", List.of(Step.STATUS.name()), Outcome.FAILED, e.getMessage());
    }

    /**
     * The LINK_NOTE and CONTENT steps of the creations (and manual links) that still lack them, item by item: issue link
     * notes batch-created, then the records' notes (read together) as comments and attachments. A creation whose step
     * fails keeps it pending for the next poll; the others go on.
     */
    public List<CreatedIssue> linkNotesAndContent(List<CreatedIssue> created) {
        Map<Long, List<CreatedIssue>> byItem = created.stream()
                .collect(Collectors.groupingBy(c -> c.request().itemId(), LinkedHashMap::new, Collectors.toList()));
        for (var entry : byItem.entrySet()) {
            ItemContext ctx = contexts.forItem(entry.getKey());
            List<CreatedIssue> failed = new ArrayList<>();
            // the steps run in order: a creation whose status is still pending goes no further now
            entry.getValue().stream().filter(c -> link(c).hasPending(Step.STATUS)).forEach(failed::add);
            Set<String> linkNoteIds = new HashSet<>();
            linkNoteStep(ctx, pending(entry.getValue(), Step.LINK_NOTE, failed), failed, linkNoteIds);
            remoteLinkStep(ctx, pending(entry.getValue(), Step.REMOTE_LINK, failed), failed);
            contentStep(ctx, pending(entry.getValue(), Step.CONTENT, failed), linkNoteIds);
        }
        return created;
    }

    private List<CreatedIssue> pending(List<CreatedIssue> created, Step step, List<CreatedIssue> failed) {
        return stillHeld(created.stream().filter(c -> !failed.contains(c) && link(c).hasPending(step)).toList(), failed);
    }

    /**
     * Fencing before a step's remote writes: the creations whose link another instance took over while this one stalled
     * go no further here (added to {@code stopped}); their new owner takes the step, finding by marker what was written.
     */
    private List<CreatedIssue> stillHeld(List<CreatedIssue> todo, List<CreatedIssue> stopped) {
        if (todo.isEmpty()) {
            return todo;
        }
        Set<Long> lost = links.lostClaims(todo.stream().map(c -> c.request().linkId()).toList());
        if (lost.isEmpty()) {
            return todo;
        }
        todo.stream().filter(c -> lost.contains(c.request().linkId())).forEach(stopped::add);
        return todo.stream().filter(c -> !lost.contains(c.request().linkId())).toList();
    }

    /** The status of each issue, read together (the client reconciles them: these were just created). */
    private Map<String, String> currentStatuses(ItemContext ctx, List<CreatedIssue> created) {
        Map<String, String> statuses = new HashMap<>();
        ctx.jira().client().issuesNow(created.stream().map(CreatedIssue::issueId).toList(), List.of("status"))
                .forEach(issue -> statuses.put(issue.key(), issue.statusName()));
        return statuses;
    }

    /** The issue link notes, batch-created (their ids added to {@code written}); those of resumed creations are looked for first. */
    private void linkNoteStep(ItemContext ctx, List<CreatedIssue> created, List<CreatedIssue> failed, Set<String> writtenIds) {
        for (WriteAttempt attempt : WriteAttempt.values()) {
            List<CreatedIssue> group = created.stream().filter(c -> (c.request().resumed() || c.found()) == (attempt == WriteAttempt.RESUMED)).toList();
            if (group.isEmpty()) {
                continue;
            }
            List<NoteDraft> drafts = group.stream().map(c -> linkNote(ctx, c.request().recordId(), c.issueKey())).toList();
            try {
                BatchOutcome<Integer, Note> written = notes.createAll(ctx.hubspot(), drafts, attempt);
                rememberOwn(ctx, written.done().values());
                for (int i = 0; i < group.size(); i++) {
                    CreatedIssue c = group.get(i);
                    HubSpotApiException refused = written.failed().get(i);
                    if (refused != null) {
                        // HubSpot created the other notes of the batch: only this one is tried again (by marker first)
                        failed.add(c);
                        failed(c, Step.LINK_NOTE, "HubSpot did not create the issue link note", refused);
                        continue;
                    }
                    links.stepDone(c.request().linkId(), Step.LINK_NOTE);
                    writtenIds.add(written.done().get(i).id());
                    audit.record(ctx.itemId(), c.request().recordId(), c.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA,
                            "ISSUE_LINK_NOTE", List.of(), Outcome.OK, "note " + written.done().get(i).id());
                }
            } catch (RuntimeException e) {
                for (CreatedIssue c : group) {
                    failed.add(c);
                    failed(c, Step.LINK_NOTE, "the HubSpot issue link note could not be written", e);
                }
            }
        }
    }

    /** The link notes' ids, so their creation webhooks are not read back; failing to remember them costs reads, nothing else. */
    private void rememberOwn(ItemContext ctx, java.util.Collection<Note> written) {
        try {
            linkNotes.remember(ctx.hubspot().connectionId(), written.stream().map(Note::id).filter(java.util.Objects::nonNull).toList());
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(CreationSteps.class).warn("Issue link notes not remembered as the connector's own: {}",
                    e.getMessage());
        }
    }

    /** The remote links of the new issues (one upsert each, keyed by global id so a resumed step updates), then the issue keys into HubSpot. */
    private void remoteLinkStep(ItemContext ctx, List<CreatedIssue> created, List<CreatedIssue> failed) {
        List<RecordLink> done = new ArrayList<>();
        for (CreatedIssue c : created) {
            try {
                RecordLink link = link(c);
                remoteLinks.refresh(ctx, link, c.request().record());
                done.add(link);
            } catch (RuntimeException e) {
                failed.add(c);
                failed(c, Step.REMOTE_LINK, "the Jira remote link to the HubSpot record could not be written", e);
            }
        }
        try {
            Map<String, HubSpotApiException> refused = remoteLinks.writeIssueKeys(ctx, done);
            for (CreatedIssue c : created) {
                HubSpotApiException e = refused.get(c.request().recordId());
                if (e != null && !failed.contains(c)) {
                    failed.add(c);
                    failed(c, Step.REMOTE_LINK, "the issue key could not be written to HubSpot property " + ctx.definition().issueKeyProperty(), e);
                }
            }
            done.stream().filter(l -> !refused.containsKey(l.recordId())).forEach(l -> links.stepDone(l.id(), Step.REMOTE_LINK));
        } catch (RuntimeException e) {
            for (CreatedIssue c : created) {
                if (!failed.contains(c)) {
                    failed.add(c);
                    failed(c, Step.REMOTE_LINK, "the issue key could not be written to HubSpot property " + ctx.definition().issueKeyProperty(), e);
                }
            }
        }
    }

    /**
     * The records' notes as comments and attachments; the notes of all the records are read together (one batch
     * association read, batch note reads of 100), not two calls per record.
     */
    private void contentStep(ItemContext ctx, List<CreatedIssue> created, Set<String> linkNoteIds) {
        if (created.isEmpty()) {
            return;
        }
        Map<String, List<Note>> notesByRecord = Map.of();
        Map<String, HubSpotApiException> unread = Map.of();
        if (ctx.definition().isCommentsSync() || ctx.definition().isAttachmentsSync()) {
            try {
                // the link notes just written are the connector's own: never copied, so not read either
                HubSpotNotes.RecordsNotes read = notes.forEachRecord(ctx.hubspot(), ctx.objectType(), created.stream().map(c -> c.request().recordId()).toList(),
                        linkNoteIds);
                notesByRecord = read.notes();
                unread = read.failed();
            } catch (RuntimeException e) {
                created.forEach(c -> failed(c, Step.CONTENT, "the notes of the new issue's record could not be read", e));
                return;
            }
        }
        for (CreatedIssue c : created) {
            if (unread.containsKey(c.request().recordId())) {
                failed(c, Step.CONTENT, "the notes of the new issue's record could not be read", unread.get(c.request().recordId()));
                continue;
            }
            try {
                linked.reconcileNotes(ctx, link(c), notesByRecord.getOrDefault(c.request().recordId(), List.of()));
                links.stepDone(c.request().linkId(), Step.CONTENT);
            } catch (RuntimeException e) {
                failed(c, Step.CONTENT, "comments and attachments of the new issue failed", e);
            }
        }
    }

    /** The "Issue link note" of a record linked to an issue, with its marker. */
    public static NoteDraft linkNote(ItemContext ctx, String recordId, String issueKey) {
        String url = ctx.issueUrl(issueKey);
        String marker = ConnectorNotes.issueLinkMarker(issueKey);
        String html = "<p>" + marker + "</p><p>Linked to Jira issue <a href=\"" + url + "\">" + issueKey + "</a>: " + url + "</p>";
        return new NoteDraft(ctx.objectType(), recordId, html, List.of(), java.time.Instant.now(), marker);
    }

    private RecordLink link(CreatedIssue c) {
        return links.byId(c.request().linkId()).orElseThrow(() -> new IllegalStateException("link " + c.request().linkId() + " is gone"));
    }

    /**
     * The issue exists and is linked; the step that failed stays pending with its claim released, so the next poll
     * resumes it (not a dead letter: nothing needs replaying by hand). The failure is logged and audited.
     */
    private void failed(CreatedIssue c, Step step, String what, RuntimeException e) {
        if (e instanceof ClaimLostException) {
            log.warn("{} for record {} ({}): {}; its new owner takes the step", what, c.request().recordId(), c.issueKey(), e.getMessage());
            return;
        }
        links.releaseClaim(c.request().linkId());
        log.warn("{} for record {} ({}): {}; the next poll resumes it", what, c.request().recordId(), c.issueKey(), e.getMessage());
        audit.record(c.request().itemId(), c.request().recordId(), c.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "CREATION_STEP",
                List.of(step.name()), Outcome.FAILED, what + ": " + e.getMessage());
    }
}
