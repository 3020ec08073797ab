package io.hubjira.sync;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.jira.JiraClient;
import io.hubjira.link.AttachmentLinkStore;
import io.hubjira.link.AttachmentLinkStore.State;
import io.hubjira.link.RecordLink;
import io.hubjira.sync.AuditLog.Outcome;
import io.hubjira.sync.HubSpotNotes.Note;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
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
        JsonNode file = hubspot.get("/files/v3/files/" + fileId, "/files/v3/files/{fileId}", Map.of());
        String name = fileName(file);
        long size = file.path("size").asLong(-1);
        if (size > maxBytes) {
            attachments.add(link.id(), fileId, null, name, size, "HUBSPOT", State.SKIPPED,
                    "larger than " + maxBytes + " bytes (" + size + ")");
            audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "ATTACHMENT_SKIPPED",
                    List.of("file:" + fileId), Outcome.SKIPPED, name + " is " + size + " bytes, over the " + maxBytes + " byte limit");
            return false;
        }
        JsonNode signed = hubspot.get("/files/v3/files/" + fileId + "/signed-url", "/files/v3/files/{fileId}/signed-url", Map.of());
        byte[] bytes = hubspot.download(signed.path("url").asText(), "signed file URL");
        if (bytes.length > maxBytes) {
            attachments.add(link.id(), fileId, null, name, (long) bytes.length, "HUBSPOT", State.SKIPPED, "larger than " + maxBytes + " bytes");
            return false;
        }
        var entity = MultipartEntityBuilder.create()
                .addBinaryBody("file", bytes, contentType(file), name)
                .build();
        JsonNode uploaded = jira.uploadAttachments(link.issueKey(), entity);
        String attachmentId = uploaded.path(0).path("id").asText();
        if (!attachments.add(link.id(), fileId, attachmentId, name, (long) bytes.length, "HUBSPOT", State.SYNCED, null)) {
            return false;
        }
        jira.post("/rest/api/3/issue/" + link.issueKey() + "/comment", "/rest/api/3/issue/{key}/comment",
                Map.of("body", richText.textToAdf(ConnectorNotes.ATTACHMENT_SYNCED + ": " + name + " (" + bytes.length + " bytes)")));
        audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "ATTACHMENT_SYNCED",
                List.of("file:" + fileId), Outcome.OK, name + " → attachment " + attachmentId);
        return true;
    }

    private static String fileName(JsonNode file) {
        String name = file.path("name").asText("file");
        String extension = file.path("extension").asText("");
        return extension.isEmpty() || name.endsWith("." + extension) ? name : name + "." + extension;
    }

    private static ContentType contentType(JsonNode file) {
        String ext = file.path("extension").asText("").toLowerCase();
        return switch (ext) {
            case "png" -> ContentType.IMAGE_PNG;
            case "jpg", "jpeg" -> ContentType.IMAGE_JPEG;
            case "gif" -> ContentType.IMAGE_GIF;
            case "pdf" -> ContentType.create("application/pdf");
            case "txt" -> ContentType.TEXT_PLAIN;
            default -> ContentType.APPLICATION_OCTET_STREAM;
        };
    }
}
