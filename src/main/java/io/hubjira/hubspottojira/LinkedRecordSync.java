package io.hubjira.hubspottojira;

import java.util.List;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.audit.DeadLetters;
import io.hubjira.hubspot.Note;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.ops.LogContext;
import io.hubjira.ops.SyncMetrics;
import io.hubjira.sync.HubSpotNotes;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.RemoteLinks;
import io.hubjira.sync.StatusMove;
import io.hubjira.sync.StatusSync;
import io.hubjira.sync.StatusWork;
import org.springframework.stereotype.Component;

/** Applies one HubSpot record version to its linked issue (owned fields, status), and notes to comments and attachments. */
@Component("linkedRecordSync")
public class LinkedRecordSync {

    private final JiraFieldWriter fields;
    private final StatusSync status;
    private final HubSpotNotes notes;
    private final NoteToCommentSync comments;
    private final FileToAttachmentSync attachments;
    private final LinkStore links;
    private final AuditLog audit;
    private final java.time.Clock clock;
    private final DeadLetters deadLetters;
    private final SyncMetrics metrics;
    private final RemoteLinks remoteLinks;

    public LinkedRecordSync(JiraFieldWriter fields, StatusSync status, HubSpotNotes notes, NoteToCommentSync comments,
                            FileToAttachmentSync attachments, LinkStore links, AuditLog audit, java.time.Clock clock,
                            DeadLetters deadLetters, SyncMetrics metrics, RemoteLinks remoteLinks) {
        this.remoteLinks = remoteLinks;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.fields = fields;
        this.status = status;
        this.notes = notes;
        this.comments = comments;
        this.attachments = attachments;
        this.links = links;
        this.audit = audit;
        this.clock = clock;
    }

    /** Step 1 of a linked record: the owned fields. */
    public RecordWork writeFields(RecordWork work) {
        try (LogContext ignored = LogContext.of(work.context().itemId(), work.link().recordId(), work.link().issueKey())) {
            List<String> written = fields.apply(work.context(), work.link(), work.record());
            remoteLinks.refresh(work.context(), work.link(), work.record());
            if (!written.isEmpty()) {
                metrics.fieldsChanged(AuditLog.Direction.HUBSPOT_TO_JIRA, work.context().itemId(), written.size());
                audit.record(work.context().itemId(), work.link().recordId(), work.link().issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA,
                        "FIELDS_UPDATED", written, Outcome.OK, null);
            }
        }
        return work;
    }

    /** Step 2: the status, through status-sync (the rule first, then the status mapping, newest side wins). */
    public StatusWork statusWork(RecordWork work) {
        return new StatusWork(work.context(), work.link(), work.record(), null, false);
    }

    /**
     * Step 3: the link remembers when it was last synced. Comments and attachments are not read here: notes are found
     * on their own clock (the notes feed and note webhooks), never by waiting for their record to change.
     */
    public StatusMove markSynced(StatusMove move) {
        RecordLink link = move.work().link();
        links.markSynced(link.id(), clock.instant());
        deadLetters.resolve(DeadLetters.recordSubject(link.itemId(), link.recordId()), "a later sync to " + link.issueKey() + " succeeded");
        return move;
    }

    /** All notes of the record → comments and files → attachments, as the item's switches say (a link's first sync, a refresh). */
    public void reconcileCommentsAndAttachments(ItemContext ctx, RecordLink link) {
        if (!ctx.definition().isCommentsSync() && !ctx.definition().isAttachmentsSync()) {
            return;
        }
        reconcileNotes(ctx, link, notes.forRecord(ctx.hubspot(), ctx.objectType(), link.recordId()));
    }

    /** These notes of the record (new or edited ones) → comments and attachments, as the item's switches say. */
    public void reconcileNotes(ItemContext ctx, RecordLink link, List<Note> recordNotes) {
        try (LogContext ignored = LogContext.of(ctx.itemId(), link.recordId(), link.issueKey())) {
            if (ctx.definition().isCommentsSync()) {
                comments.reconcile(ctx, link, recordNotes);
            }
            if (ctx.definition().isAttachmentsSync()) {
                attachments.reconcile(ctx, link, recordNotes);
            }
        }
    }
}
