package io.hubjira.sync;

import java.util.List;

import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.ops.LogContext;
import io.hubjira.sync.AuditLog.Outcome;
import io.hubjira.hubspot.Note;
import org.springframework.stereotype.Component;

/** Applies one HubSpot record version to its linked issue: owned fields, status, comments, attachments. */
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

    public LinkedRecordSync(JiraFieldWriter fields, StatusSync status, HubSpotNotes notes, NoteToCommentSync comments,
                            FileToAttachmentSync attachments, LinkStore links, AuditLog audit, java.time.Clock clock) {
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
            if (!written.isEmpty()) {
                audit.record(work.context().itemId(), work.link().recordId(), work.link().issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA,
                        "FIELDS_UPDATED", written, Outcome.OK, null);
            }
        }
        return work;
    }

    /** Step 2: status (the Conditional Sync Rule first, then the status mapping, newest side wins). */
    public RecordWork syncStatus(RecordWork work) {
        try (LogContext ignored = LogContext.of(work.context().itemId(), work.link().recordId(), work.link().issueKey())) {
            status.apply(work.context(), work.link(), work.record());
        }
        return work;
    }

    /** Step 3: comments and attachments; the link remembers when it was last synced. */
    public RecordWork syncNotes(RecordWork work) {
        try (LogContext ignored = LogContext.of(work.context().itemId(), work.link().recordId(), work.link().issueKey())) {
            reconcileCommentsAndAttachments(work.context(), work.link());
            links.markSynced(work.link().id(), clock.instant());
        }
        return work;
    }

    /** Notes → comments and files → attachments, as the item's switches say (one note read serves both). */
    public void reconcileCommentsAndAttachments(ItemContext ctx, RecordLink link) {
        boolean wantComments = ctx.definition().isCommentsSync();
        boolean wantFiles = ctx.definition().isAttachmentsSync();
        if (!wantComments && !wantFiles) {
            return;
        }
        List<Note> recordNotes = notes.forRecord(ctx.objectType(), link.recordId());
        if (wantComments) {
            comments.reconcile(ctx, link, recordNotes);
        }
        if (wantFiles) {
            attachments.reconcile(ctx, link, recordNotes);
        }
    }
}
