package io.hubjira.sync;

import java.util.List;

import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.jira.JiraClient;
import io.hubjira.link.AttachmentLinkStore;
import io.hubjira.link.AttachmentLinkStore.State;
import io.hubjira.link.RecordLink;
import io.hubjira.sync.AuditLog.Outcome;
import io.hubjira.hubspot.FileInfo;
import io.hubjira.hubspot.Note;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Files on the record's notes → Jira attachments, byte-exact, each once (an attachment link prevents re-upload).
 * Files over the size limit (10 MB) are skipped and the skip is recorded. Every synced file gets a connector-managed
 * Jira comment naming it.
 */
@Component("fileToAttachmentSync")
public class FileToAttachmentSync {

    private final HubSpotClient hubspot;
    private final JiraClient jira;
    private final AttachmentLinkStore attachments;
    private final RichText richText;
    private final AuditLog audit;
    private final long maxBytes;

    public FileToAttachmentSync(HubSpotClient hubspot, JiraClient jira, AttachmentLinkStore attachments, RichText richText,
                                AuditLog audit, @Value("${connector.attachments.max-bytes:10485760}") long maxBytes) {
        this.hubspot = hubspot;
        this.jira = jira;
        this.attachments = attachments;
        this.richText = richText;
        this.audit = audit;
        this.maxBytes = maxBytes;
    }

    public int reconcile(ItemContext ctx, RecordLink link, List<Note> recordNotes) {
        int synced = 0;
        for (Note note : recordNotes) {
            for (String fileId : note.attachmentIds()) {
                if (attachments.byHubSpotFile(link.id(), fileId).isPresent()) {
                    continue;
                }
                if (copy(ctx, link, fileId)) {
                    synced++;
                }
            }
        }
        return synced;
    }

    private boolean copy(ItemContext ctx, RecordLink link, String fileId) {
        FileInfo file = hubspot.file(fileId);
        String name = file.fileName();
        long size = file.sizeOr(-1);
        if (size > maxBytes) {
            attachments.add(link.id(), fileId, null, name, size, "HUBSPOT", State.SKIPPED,
                    "larger than " + maxBytes + " bytes (" + size + ")");
            audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "ATTACHMENT_SKIPPED",
                    List.of("file:" + fileId), Outcome.SKIPPED, name + " is " + size + " bytes, over the " + maxBytes + " byte limit");
            return false;
        }
        byte[] bytes = hubspot.fileContent(fileId);
        if (bytes.length > maxBytes) {
            attachments.add(link.id(), fileId, null, name, (long) bytes.length, "HUBSPOT", State.SKIPPED, "larger than " + maxBytes + " bytes");
            return false;
        }
        String attachmentId = jira.attach(link.issueKey(), name, mimeType(file), bytes).id();
        if (!attachments.add(link.id(), fileId, attachmentId, name, (long) bytes.length, "HUBSPOT", State.SYNCED, null)) {
            return false;
        }
        jira.addComment(link.issueKey(), richText.textToAdf(ConnectorNotes.ATTACHMENT_SYNCED + ": " + name + " (" + bytes.length + " bytes)"));
        audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "ATTACHMENT_SYNCED",
                List.of("file:" + fileId), Outcome.OK, name + " → attachment " + attachmentId);
        return true;
    }

    private static String mimeType(FileInfo file) {
        String ext = file.extension() == null ? "" : file.extension().toLowerCase(java.util.Locale.ROOT);
        return switch (ext) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "pdf" -> "application/pdf";
            case "txt" -> "text/plain";
            default -> "application/octet-stream";
        };
    }
}
