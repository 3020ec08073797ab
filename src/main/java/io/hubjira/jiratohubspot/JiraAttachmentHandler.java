package io.hubjira.jiratohubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.convert.RichText;
import io.hubjira.http.WriteAttempt;
import io.hubjira.jira.JiraAttachment;
import io.hubjira.jira.JiraWebhookEvent;
import io.hubjira.link.AttachmentLinkStore.AttachmentLink;
import io.hubjira.link.AttachmentLinkStore.State;
import io.hubjira.link.AttachmentLinkStore;
import io.hubjira.link.ConcurrentWriteException;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.ops.LogContext;
import io.hubjira.queue.InboxEvent;
import io.hubjira.queue.ClaimLostException;
import io.hubjira.queue.HeldClaims;
import io.hubjira.queue.WorkClaims;
import io.hubjira.sync.ConnectorNotes;
import io.hubjira.sync.HubSpotNotes;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Jira attachment → HubSpot file (byte-exact) + a connector note carrying it ("Jira attachment sync note"). Files over
 * the size limit are skipped and recorded, and so are attachment ids that are not the linked issue's own. Each
 * attachment once per link. When an attachment event does not name its issue, the issue's own update event (changelog
 * field "attachment") brings it instead.
 */
@Component("jiraAttachmentHandler")
public class JiraAttachmentHandler {

    static final String FOLDER = "/hubspot-jira-connector";
    private static final Logger log = LoggerFactory.getLogger(JiraAttachmentHandler.class);

    private final JqlGate jqlGate;
    private final LinkStore links;
    private final ItemContexts contexts;
    private final HubSpotNotes notes;
    private final AttachmentLinkStore attachmentLinks;
    private final AuditLog audit;
    private final long maxBytes;
    private final WorkClaims claims;

    public JiraAttachmentHandler(LinkStore links, ItemContexts contexts, HubSpotNotes notes,
                                 AttachmentLinkStore attachmentLinks, AuditLog audit,
                                 ConnectorProperties props, JqlGate jqlGate, WorkClaims claims) {
        this.claims = claims;
        this.jqlGate = jqlGate;
        this.links = links;
        this.contexts = contexts;
        this.notes = notes;
        this.attachmentLinks = attachmentLinks;
        this.audit = audit;
        this.maxBytes = props.attachments().maxBytes();
    }

    /** One attachment to copy to one linked record. */
    public record AttachmentCopy(ItemContext ctx, RecordLink link, String attachmentId) {}

    /**
     * The copies an attachment event of a Jira site needs: one per linked record, of an item bound to that site, whose
     * item syncs attachments. An event that does not name its issue needs none: the issue's own update event (changelog
     * field "attachment") brings it.
     */
    public List<AttachmentCopy> plan(InboxEvent inboxEvent, JiraWebhookEvent event) {
        String attachmentId = event.attachment() == null ? null : event.attachment().id();
        if (attachmentId == null || event.issueIdOrKey() == null) {
            return List.of();
        }
        List<AttachmentCopy> copies = new ArrayList<>();
        for (RecordLink link : links.forIssue(inboxEvent.jiraConnectionId(), event.issueIdOrKey())) {
            if (!link.isLinked()) {
                continue;
            }
            ItemContext ctx = contexts.forItem(link.itemId());
            if (ctx.definition().mode().isSynchronized() && ctx.definition().isEnabled() && ctx.definition().isAttachmentsSync()
                    && jqlGate.allows(ctx, link, "attachment")) {
                copies.add(new AttachmentCopy(ctx, link, attachmentId));
            }
        }
        return copies;
    }

    public String copy(AttachmentCopy copy) {
        return copyToHubSpot(copy.ctx(), copy.link(), copy.attachmentId());
    }

    /** The flow's note on the inbox row: what the copies did. */
    public String summary(List<String> outcomes) {
        return outcomes == null || outcomes.isEmpty() ? "no linked item syncs attachments (or the event names no issue)" : String.join("; ", outcomes);
    }

    /**
     * Copies one attachment exactly once: reserved before the upload; the file's id kept as soon as HubSpot has it; a
     * reservation left by a stopped or failed copy resumes where it stood (the upload into the attachment's own folder
     * answers the file already there, the note is looked for by its marker).
     */
    public String copyToHubSpot(ItemContext ctx, RecordLink link, String attachmentId) {
        try (LogContext ignored = LogContext.of(ctx.itemId(), link.recordId(), link.issueKey())) {
            Optional<AttachmentLink> existing = attachmentLinks.byJiraAttachment(link.id(), attachmentId);
            if (existing.isPresent() && !existing.get().pending()) {
                return "attachment " + attachmentId + " already synced";
            }
            String issue = link.issueId() != null ? link.issueId() : link.issueKey();
            Optional<JiraAttachment> found = ctx.jira().client().issueAttachment(issue, attachmentId);
            if (found.isEmpty()) {
                return skipForeignAttachment(ctx, link, attachmentId);
            }
            JiraAttachment meta = found.get();
            String name = meta.filename() == null || meta.filename().isBlank() ? "attachment-" + attachmentId : meta.filename();
            try (HeldClaims held = claims.hold()) {
                Optional<AttachmentLink> reservation = existing.isEmpty() ? attachmentLinks.reserve(held, link.id(), null, null, attachmentId, name, "JIRA")
                        : attachmentLinks.claim(held, existing.get().id()) ? existing : Optional.empty();
                if (reservation.isEmpty()) {
                    throw new ConcurrentWriteException("attachment " + attachmentId + " is being copied by another worker");
                }
                WriteAttempt attempt = existing.isEmpty() ? WriteAttempt.FIRST : WriteAttempt.RESUMED;
                return copy(ctx, link, reservation.get(), meta, name, attempt);
            } catch (ClaimLostException takenOver) {
                // tried again later: by then its new owner has recorded the copy, or the copy is free and resumed (found by its marker)
                throw new ConcurrentWriteException("attachment " + attachmentId + ": " + takenOver.getMessage());
            }
        }
    }

    /**
     * A webhook named an attachment that is not (or no longer) one of the linked issue's: it is not copied, whatever
     * issue it belongs to, so a changelog can never carry another issue's file into this record.
     */
    private String skipForeignAttachment(ItemContext ctx, RecordLink link, String attachmentId) {
        log.warn("Attachment {} named by an event of {} is not one of that issue's attachments: not copied to {} {}", attachmentId,
                link.issueKey(), ctx.objectType(), link.recordId());
        audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "ATTACHMENT_SKIPPED",
                List.of("attachment:" + attachmentId), Outcome.SKIPPED, "attachment " + attachmentId + " is not an attachment of " + link.issueKey()
                        + " (not on the issue, or removed): not copied");
        return "attachment " + attachmentId + " skipped (not an attachment of " + link.issueKey() + ")";
    }

    private String copy(ItemContext ctx, RecordLink link, AttachmentLink reservation, JiraAttachment meta, String name, WriteAttempt attempt) {
        String attachmentId = reservation.jiraAttachmentId();
        long size = meta.sizeOr(-1);
        if (size > maxBytes) {
            attachmentLinks.finish(reservation.id(), State.SKIPPED, null, size, "larger than " + maxBytes + " bytes (" + size + ")");
            audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "ATTACHMENT_SKIPPED",
                    List.of("attachment:" + attachmentId), Outcome.SKIPPED, name + " is " + size + " bytes, over the " + maxBytes + " byte limit");
            return "attachment " + attachmentId + " skipped (too large)";
        }
        String fileId = reservation.hubspotFileId();
        long bytesCopied = reservation.sizeBytes() == null ? -1 : reservation.sizeBytes();
        if (fileId == null) {
            byte[] bytes = ctx.jira().client().attachmentContent(attachmentId);
            attachmentLinks.ensureHeld(reservation.id());
            // one folder per Jira attachment: a second upload of it answers the first file instead of a copy
            fileId = ctx.hubspot().client().upload(FOLDER + "/jira-" + attachmentId, name, meta.mimeType(), bytes, attempt).id();
            bytesCopied = bytes.length;
            attachmentLinks.copied(reservation.id(), fileId, attachmentId, bytes.length);
        }
        String marker = ConnectorNotes.jiraAttachmentMarker(attachmentId);
        attachmentLinks.ensureHeld(reservation.id());
        String noteId = notes.create(ctx.hubspot(), ctx.objectType(), link.recordId(), "<p>" + ConnectorNotes.ATTACHMENT_SYNC_NOTE + " " + marker + "</p><p>"
                + RichText.escapeHtml(name) + " from Jira issue " + link.issueKey() + "</p>", List.of(fileId), marker, attempt);
        attachmentLinks.finish(reservation.id(), State.SYNCED, noteId, bytesCopied, null);
        audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "ATTACHMENT_SYNCED",
                List.of("attachment:" + attachmentId), Outcome.OK, name + " → file " + fileId);
        return "attachment " + attachmentId + " → file " + fileId;
    }

}
