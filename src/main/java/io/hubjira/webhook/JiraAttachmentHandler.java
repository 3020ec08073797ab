package io.hubjira.webhook;

import java.util.ArrayList;
import java.util.List;

import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.jira.JiraAttachment;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraWebhookEvent;
import io.hubjira.link.AttachmentLinkStore;
import io.hubjira.link.AttachmentLinkStore.State;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.ops.LogContext;
import io.hubjira.sync.AuditLog;
import io.hubjira.sync.AuditLog.Outcome;
import io.hubjira.sync.ConnectorNotes;
import io.hubjira.sync.HubSpotNotes;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Jira attachment → HubSpot file (byte-exact) + a connector note carrying it ("Jira attachment sync note"). Files over
 * the size limit are skipped and recorded. Each attachment once per link. When an attachment event does not name its
 * issue, the issue's own update event (changelog field "attachment") brings it instead.
 */
@Component("jiraAttachmentHandler")
public class JiraAttachmentHandler {

    static final String FOLDER = "/hubspot-jira-connector";

    private final LinkStore links;
    private final ItemContexts contexts;
    private final JiraClient jira;
    private final HubSpotClient hubspot;
    private final HubSpotNotes notes;
    private final AttachmentLinkStore attachmentLinks;
    private final AuditLog audit;
    private final long maxBytes;

    public JiraAttachmentHandler(LinkStore links, ItemContexts contexts, JiraClient jira, HubSpotClient hubspot, HubSpotNotes notes,
                                 AttachmentLinkStore attachmentLinks, AuditLog audit,
                                 @Value("${connector.attachments.max-bytes:10485760}") long maxBytes) {
        this.links = links;
        this.contexts = contexts;
        this.jira = jira;
        this.hubspot = hubspot;
        this.notes = notes;
        this.attachmentLinks = attachmentLinks;
        this.audit = audit;
        this.maxBytes = maxBytes;
    }

    public String handle(JiraWebhookEvent event) {
        String attachmentId = event.attachment() == null ? null : event.attachment().id();
        if (attachmentId == null) {
            return "attachment event without its attachment";
        }
        if (event.issueIdOrKey() == null) {
            return "attachment " + attachmentId + " without its issue: handled through the issue's update event";
        }
        List<String> notesOut = new ArrayList<>();
        for (RecordLink link : links.forIssue(event.issueIdOrKey())) {
            if (!link.isLinked()) {
                continue;
            }
            ItemContext ctx = contexts.forItem(link.itemId());
            if (ctx.definition().mode().isSynchronized() && ctx.definition().isEnabled() && ctx.definition().isAttachmentsSync()) {
                notesOut.add(copyToHubSpot(ctx, link, attachmentId));
            }
        }
        return notesOut.isEmpty() ? "no linked item syncs attachments" : String.join("; ", notesOut);
    }

    public String copyToHubSpot(ItemContext ctx, RecordLink link, String attachmentId) {
        try (LogContext ignored = LogContext.of(ctx.itemId(), link.recordId(), link.issueKey())) {
            if (attachmentLinks.byJiraAttachment(link.id(), attachmentId).isPresent()) {
                return "attachment " + attachmentId + " already synced";
            }
            JiraAttachment meta = jira.attachment(attachmentId);
            String name = meta.filename() == null || meta.filename().isBlank() ? "attachment-" + attachmentId : meta.filename();
            long size = meta.sizeOr(-1);
            if (size > maxBytes) {
                attachmentLinks.add(link.id(), null, attachmentId, name, size, "JIRA", State.SKIPPED, "larger than " + maxBytes + " bytes (" + size + ")");
                audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "ATTACHMENT_SKIPPED",
                        List.of("attachment:" + attachmentId), Outcome.SKIPPED, name + " is " + size + " bytes, over the " + maxBytes + " byte limit");
                return "attachment " + attachmentId + " skipped (too large)";
            }
            byte[] bytes = jira.attachmentContent(attachmentId);
            // one folder per Jira attachment: a second upload of it answers the first file instead of a copy
            String fileId = hubspot.upload(FOLDER + "/jira-" + attachmentId, name, meta.mimeType(), bytes).id();
            if (!attachmentLinks.add(link.id(), fileId, attachmentId, name, (long) bytes.length, "JIRA", State.SYNCED, null)) {
                return "attachment " + attachmentId + " synced by another worker";
            }
            notes.create(ctx.objectType(), link.recordId(), "<p>" + ConnectorNotes.ATTACHMENT_SYNC_NOTE + "</p><p>" + escape(name)
                    + " from Jira issue " + link.issueKey() + "</p>", List.of(fileId));
            audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "ATTACHMENT_SYNCED",
                    List.of("attachment:" + attachmentId), Outcome.OK, name + " → file " + fileId);
            return "attachment " + attachmentId + " → file " + fileId;
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
