package io.hubjira.hubspottojira;

import java.util.List;
import java.util.Optional;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.convert.RichText;
import io.hubjira.http.WriteAttempt;
import io.hubjira.hubspot.FileInfo;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.Note;
import io.hubjira.link.AttachmentLinkStore.AttachmentLink;
import io.hubjira.link.AttachmentLinkStore.State;
import io.hubjira.link.AttachmentLinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.queue.ClaimLostException;
import io.hubjira.queue.HeldClaims;
import io.hubjira.queue.WorkClaims;
import io.hubjira.sync.ConnectorNotes;
import io.hubjira.sync.ItemContext;
import org.springframework.stereotype.Component;

/**
 * Files on the record's notes → Jira attachments, byte-exact, each exactly once, plus a connector-managed Jira comment
 * naming each synced file. The copy is reserved before the upload; the attachment's id is kept as soon as Jira has it;
 * a reservation left by a stopped or failed copy resumes where it stood, looking for the attachment (its name, which
 * carries the HubSpot file's id, and its size) and the comment (marker) before writing either. Files over the size limit (10 MB) are skipped and the skip is
 * recorded.
 */
@Component("fileToAttachmentSync")
public class FileToAttachmentSync {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FileToAttachmentSync.class);

    private final AttachmentLinkStore attachments;
    private final RichText richText;
    private final AuditLog audit;
    private final long maxBytes;
    private final WorkClaims claims;

    public FileToAttachmentSync(AttachmentLinkStore attachments, RichText richText,
                                AuditLog audit, ConnectorProperties props, WorkClaims claims) {
        this.claims = claims;
        this.attachments = attachments;
        this.richText = richText;
        this.audit = audit;
        this.maxBytes = props.attachments().maxBytes();
    }

    public int reconcile(ItemContext ctx, RecordLink link, List<Note> recordNotes) {
        int synced = 0;
        for (Note note : recordNotes) {
            for (String fileId : note.attachmentIds()) {
                Optional<AttachmentLink> existing = attachments.byHubSpotFile(link.id(), fileId);
                if (existing.isPresent() && !existing.get().pending()) {
                    continue; // copied or skipped
                }
                // one call: the signed download URL carries the file's name and size
                HubSpotClient.SignedFile file = ctx.hubspot().client().signedFile(fileId);
                try (HeldClaims held = claims.hold()) {
                    Optional<AttachmentLink> reservation;
                    WriteAttempt attempt;
                    if (existing.isEmpty()) {
                        reservation = attachments.reserve(held, link.id(), note.id(), fileId, null, attachmentName(file.file().fileName(), fileId),
                                "HUBSPOT");
                        attempt = WriteAttempt.FIRST;
                    } else {
                        reservation = attachments.claim(held, existing.get().id()) ? existing : Optional.empty();
                        attempt = WriteAttempt.RESUMED;
                    }
                    if (reservation.isEmpty()) {
                        continue; // being copied by another worker
                    }
                    if (copy(ctx, link, reservation.get(), file, attempt)) {
                        synced++;
                    }
                } catch (ClaimLostException takenOver) {
                    log.warn("File {} of record {}: {}; resumed by its owner or the next notes run (found by its name and size)", fileId, link.recordId(),
                            takenOver.getMessage());
                }
            }
        }
        return synced;
    }

    private boolean copy(ItemContext ctx, RecordLink link, AttachmentLink reservation, HubSpotClient.SignedFile signed, WriteAttempt attempt) {
        FileInfo file = signed.file();
        String fileId = file.id();
        String name = file.fileName();
        // the name the attachment carries in Jira, with the HubSpot file's id (kept on the reservation: one made before
        // names carried the id resumes under the plain name it may have been uploaded with)
        String attachmentName = reservation.fileName() == null ? attachmentName(name, fileId) : reservation.fileName();
        long size = file.sizeOr(-1);
        if (size > maxBytes) {
            attachments.finish(reservation.id(), State.SKIPPED, null, size, "larger than " + maxBytes + " bytes (" + size + ")");
            audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "ATTACHMENT_SKIPPED",
                    List.of("file:" + fileId), Outcome.SKIPPED, name + " is " + size + " bytes, over the " + maxBytes + " byte limit");
            return false;
        }
        String attachmentId = reservation.jiraAttachmentId();
        long bytesCopied = reservation.sizeBytes() == null ? -1 : reservation.sizeBytes();
        if (attachmentId == null) {
            byte[] bytes = ctx.hubspot().client().download(signed);
            if (bytes.length > maxBytes) {
                attachments.finish(reservation.id(), State.SKIPPED, null, (long) bytes.length, "larger than " + maxBytes + " bytes");
                return false;
            }
            attachments.ensureHeld(reservation.id());
            attachmentId = ctx.jira().client().attach(link.issueKey(), attachmentName, mimeType(file), bytes, attempt).id();
            bytesCopied = bytes.length;
            attachments.copied(reservation.id(), fileId, attachmentId, bytes.length);
        }
        String marker = ConnectorNotes.hubspotFileMarker(fileId);
        attachments.ensureHeld(reservation.id());
        ctx.jira().client().addComment(link.issueKey(), richText.textToAdf(ConnectorNotes.ATTACHMENT_SYNCED + ": " + name + " (" + bytesCopied + " bytes) "
                + marker), marker, attempt);
        attachments.finish(reservation.id(), State.SYNCED, null, bytesCopied, null);
        audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "ATTACHMENT_SYNCED",
                List.of("file:" + fileId), Outcome.OK, name + " → attachment " + attachmentId);
        return true;
    }

    /**
     * The Jira attachment's name: the file's name with the HubSpot file id before its extension, e.g.
     * {@code plan (HubSpot file 123).pdf}. Together with the size it identifies the copy of that file — two files of
     * one name and size are not taken for each other when a lost upload is looked for.
     */
    static String attachmentName(String fileName, String fileId) {
        String name = fileName == null || fileName.isBlank() ? "file" : fileName;
        String suffix = " " + ConnectorNotes.hubspotFileMarker(fileId);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
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
