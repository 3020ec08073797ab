package io.hubjira.hubspottojira;

import io.hubjira.sync.AuditLog;
import io.hubjira.sync.ConnectorNotes;
import io.hubjira.sync.HubSpotNotes;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.StatusMapper;
import io.hubjira.sync.StatusSync;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.hubjira.http.WriteAttempt;
import io.hubjira.hubspot.Note;
import io.hubjira.hubspot.NoteDraft;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraIssue;
import io.hubjira.jira.JiraOperation;
import io.hubjira.jira.Jql;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.link.RecordLink.Step;
import io.hubjira.sync.AuditLog.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of a creation after its link is saved, each done exactly once and recorded on the link as it is done:
 * STATUS (the status the rule or the status mapping asks for), LINK_NOTE (the HubSpot "Issue link note", batch-created
 * per item) and CONTENT (the record's notes as comments, their files as attachments). A step found pending again — the
 * instance stopped, or the step failed — is resumed by the next poll, a restart or another instance: the status is read
 * before moving, the note and the comments are looked for by their markers before they are written.
 */
@Component
public class CreationSteps {

    private static final Logger log = LoggerFactory.getLogger(CreationSteps.class);

    private final JiraClient jira;
    private final LinkStore links;
    private final ItemContexts contexts;
    private final StatusSync status;
    private final HubSpotNotes notes;
    private final LinkedRecordSync linked;
    private final AuditLog audit;

    public CreationSteps(JiraClient jira, LinkStore links, ItemContexts contexts, StatusSync status, HubSpotNotes notes,
                         LinkedRecordSync linked, AuditLog audit) {
        this.jira = jira;
        this.links = links;
        this.contexts = contexts;
        this.status = status;
        this.notes = notes;
        this.linked = linked;
        this.audit = audit;
    }

    /** Runs the pending steps of the created (or resumed) issues, item by item; one issue's failure stops only its own steps. */
    public List<CreatedIssue> run(List<CreatedIssue> created) {
        Map<Long, List<CreatedIssue>> byItem = created.stream()
                .collect(Collectors.groupingBy(c -> c.request().itemId(), LinkedHashMap::new, Collectors.toList()));
        for (var entry : byItem.entrySet()) {
            ItemContext ctx = contexts.forItem(entry.getKey());
            List<CreatedIssue> failed = new ArrayList<>();
            statusStep(ctx, pending(entry.getValue(), Step.STATUS, failed), failed);
            linkNoteStep(ctx, pending(entry.getValue(), Step.LINK_NOTE, failed), failed);
            contentStep(ctx, pending(entry.getValue(), Step.CONTENT, failed));
        }
        return created;
    }

    private List<CreatedIssue> pending(List<CreatedIssue> created, Step step, List<CreatedIssue> failed) {
        return created.stream().filter(c -> !failed.contains(c) && link(c).hasPending(step)).toList();
    }

    private void statusStep(ItemContext ctx, List<CreatedIssue> created, List<CreatedIssue> failed) {
        if (created.isEmpty()) {
            return;
        }
        Map<CreatedIssue, String> targets = new LinkedHashMap<>();
        for (CreatedIssue c : created) {
            String target = c.request().targetStatus();
            if (target == null && ctx.definition().isStatusSync() && ctx.statusField().isPresent()) {
                target = StatusMapper.jiraStatusFor(ctx.definition().statusMapping(),
                        c.request().record().property(ctx.statusField().get().stageProperty())).orElse(null);
            }
            if (target != null) {
                targets.put(c, target);
            }
        }
        Map<String, String> statuses = targets.isEmpty() ? Map.of() : currentStatuses(List.copyOf(targets.keySet()));
        for (CreatedIssue c : created) {
            try {
                RecordLink link = link(c);
                String target = targets.get(c);
                if (target != null) {
                    String current = statuses.get(c.issueKey());
                    if (current == null) {
                        current = jira.issue(c.issueKey(), List.of("status")).map(JiraIssue::statusName).orElse("");
                    }
                    status.moveIssue(ctx, link, current, target, "CREATE_STATUS");
                }
                status.rememberStage(ctx, link, c.request().record());
                links.stepDone(link.id(), Step.STATUS);
                audit.record(ctx.itemId(), c.request().recordId(), c.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA,
                        c.found() ? "ISSUE_RECOVERED" : "ISSUE_CREATED", List.of(), Outcome.OK,
                        c.found() ? "found by marker after an interrupted creation" : null);
                log.info("Record {} of item '{}' linked to new issue {}", c.request().recordId(), ctx.item().name(), c.issueKey());
            } catch (RuntimeException e) {
                failed.add(c);
                failed(c, Step.STATUS, "the new issue's status could not be set", e);
            }
        }
    }

    /**
     * The status of each issue, read with one search per 50 issues instead of one read per issue; the search reconciles
     * them (Jira's search is otherwise eventually consistent, and these were just created).
     */
    private Map<String, String> currentStatuses(List<CreatedIssue> created) {
        Map<String, String> statuses = new HashMap<>();
        for (int i = 0; i < created.size(); i += JiraOperation.MAX_RECONCILED) {
            List<CreatedIssue> chunk = created.subList(i, Math.min(created.size(), i + JiraOperation.MAX_RECONCILED));
            jira.search(Jql.keysIn(chunk.stream().map(CreatedIssue::issueKey).toList()), List.of("status"), chunk.size(), null,
                    chunk.stream().map(CreatedIssue::issueId).toList()).items()
                    .forEach(issue -> statuses.put(issue.key(), issue.statusName()));
        }
        return statuses;
    }

    /** The issue link notes, batch-created; those of resumed creations are looked for first. */
    private void linkNoteStep(ItemContext ctx, List<CreatedIssue> created, List<CreatedIssue> failed) {
        for (WriteAttempt attempt : WriteAttempt.values()) {
            List<CreatedIssue> group = created.stream().filter(c -> (c.request().resumed() || c.found()) == (attempt == WriteAttempt.RESUMED)).toList();
            if (group.isEmpty()) {
                continue;
            }
            List<NoteDraft> drafts = group.stream().map(c -> linkNote(ctx, c.request().recordId(), c.issueKey())).toList();
            try {
                List<Note> written = notes.createAll(drafts, attempt);
                for (int i = 0; i < group.size(); i++) {
                    links.stepDone(group.get(i).request().linkId(), Step.LINK_NOTE);
                    audit.record(ctx.itemId(), group.get(i).request().recordId(), group.get(i).issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA,
                            "ISSUE_LINK_NOTE", List.of(), Outcome.OK, "note " + written.get(i).id());
                }
            } catch (RuntimeException e) {
                for (CreatedIssue c : group) {
                    failed.add(c);
                    failed(c, Step.LINK_NOTE, "the HubSpot issue link note could not be written", e);
                }
            }
        }
    }

    /**
     * The records' notes as comments and attachments; the notes of all the records are read together (one batch
     * association read, batch note reads of 100), not two calls per record.
     */
    private void contentStep(ItemContext ctx, List<CreatedIssue> created) {
        if (created.isEmpty()) {
            return;
        }
        Map<String, List<Note>> notesByRecord = Map.of();
        if (ctx.definition().isCommentsSync() || ctx.definition().isAttachmentsSync()) {
            try {
                notesByRecord = notes.forRecords(ctx.objectType(), created.stream().map(c -> c.request().recordId()).toList());
            } catch (RuntimeException e) {
                created.forEach(c -> failed(c, Step.CONTENT, "the notes of the new issue's record could not be read", e));
                return;
            }
        }
        for (CreatedIssue c : created) {
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
        links.releaseClaim(c.request().linkId());
        log.warn("{} for record {} ({}): {}; the next poll resumes it", what, c.request().recordId(), c.issueKey(), e.getMessage());
        audit.record(c.request().itemId(), c.request().recordId(), c.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "CREATION_STEP",
                List.of(step.name()), Outcome.FAILED, what + ": " + e.getMessage());
    }
}
