package io.hubjira.jiratohubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraWebhookEvent;
import io.hubjira.link.CommentLinkStore;
import io.hubjira.http.WriteAttempt;
import io.hubjira.link.CommentLinkStore.CommentLink;
import io.hubjira.link.ConcurrentWriteException;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.ops.LogContext;
import io.hubjira.sync.AuditLog;
import io.hubjira.sync.AuditLog.Outcome;
import io.hubjira.sync.ConnectorNotes;
import io.hubjira.sync.Hashes;
import io.hubjira.sync.HubSpotNotes;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.RichText;
import org.springframework.stereotype.Component;

/**
 * {@code comment_created} / {@code comment_updated} → a HubSpot note with the marker "Comment sync note", naming the
 * author, associated with the linked record; the comment ⇄ note link makes an update edit the same note. The
 * comment is re-read through REST v3 (ADF) so formatting survives (webhook bodies carry wiki markup); the delivery's
 * wiki markup is the fallback. Comments the connector wrote are never echoed; deletions are not mirrored.
 */
@Component("jiraCommentHandler")
public class JiraCommentHandler {

    private final LinkStore links;
    private final ItemContexts contexts;
    private final JiraClient jira;
    private final HubSpotNotes notes;
    private final CommentLinkStore commentLinks;
    private final RichText richText;
    private final AuditLog audit;

    public JiraCommentHandler(LinkStore links, ItemContexts contexts, JiraClient jira, HubSpotNotes notes, CommentLinkStore commentLinks,
                              RichText richText, AuditLog audit) {
        this.links = links;
        this.contexts = contexts;
        this.jira = jira;
        this.notes = notes;
        this.commentLinks = commentLinks;
        this.richText = richText;
        this.audit = audit;
    }

    public String handle(JiraWebhookEvent event) {
        JiraWebhookEvent.Comment comment = event.comment();
        if (comment == null || comment.id() == null) {
            return "comment event without its comment";
        }
        String commentId = comment.id();
        String wiki = comment.wikiBody();
        if (ConnectorNotes.isConnectorText(wiki) || (comment.adfBody() != null && ConnectorNotes.isConnectorText(comment.adfBody().toString()))) {
            return "comment " + commentId + " was written by the connector";
        }
        List<String> out = new ArrayList<>();
        String html = null;
        for (RecordLink link : links.forIssue(event.issueIdOrKey())) {
            if (!link.isLinked()) {
                continue;
            }
            ItemContext ctx = contexts.forItem(link.itemId());
            if (!ctx.definition().mode().isSynchronized() || !ctx.definition().isEnabled() || !ctx.definition().isCommentsSync()) {
                continue;
            }
            try (LogContext ignored = LogContext.of(ctx.itemId(), link.recordId(), link.issueKey())) {
                if (html == null) {
                    html = commentHtml(link.issueKey(), commentId, wiki);
                }
                String author = name(comment.updateAuthor()) != null ? name(comment.updateAuthor())
                        : name(comment.author()) != null ? name(comment.author()) : "a Jira user";
                String marker = ConnectorNotes.jiraCommentMarker(commentId);
                String body = "<p>" + ConnectorNotes.COMMENT_SYNC_NOTE + " " + marker + "</p><p><em>Jira comment by "
                        + JiraAttachmentHandler.escape(author) + " on " + link.issueKey() + "</em></p>" + html;
                String hash = Hashes.sha256(html);
                Optional<CommentLink> existing = commentLinks.byComment(link.id(), commentId);
                if (existing.isPresent() && existing.get().done()) {
                    if (!hash.equals(existing.get().contentHash())) {
                        notes.update(existing.get().noteId(), body);
                        commentLinks.updateHash(existing.get().id(), hash);
                        audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "NOTE_UPDATED",
                                List.of("comment:" + commentId), Outcome.OK, "note " + existing.get().noteId());
                        out.add("comment " + commentId + " updated note " + existing.get().noteId());
                    } else {
                        out.add("comment " + commentId + " unchanged");
                    }
                    continue;
                }
                Optional<CommentLink> reservation = existing.isEmpty() ? commentLinks.reserveForComment(link.id(), commentId)
                        : commentLinks.claim(existing.get().id()) ? existing : Optional.empty();
                if (reservation.isEmpty()) {
                    // another worker is writing this note: this event must come back once it is done (or free to resume)
                    throw new ConcurrentWriteException("the note of comment " + commentId + " is being written by another worker");
                }
                WriteAttempt attempt = existing.isEmpty() ? WriteAttempt.FIRST : WriteAttempt.RESUMED;
                try {
                    String noteId = notes.create(ctx.objectType(), link.recordId(), body, List.of(), marker, attempt);
                    commentLinks.complete(reservation.get().id(), noteId, commentId, hash);
                    audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "NOTE_CREATED",
                            List.of("comment:" + commentId), Outcome.OK, "note " + noteId);
                    out.add("comment " + commentId + " → note " + noteId);
                } catch (RuntimeException e) {
                    commentLinks.release(reservation.get().id());
                    throw e;
                }
            }
        }
        return out.isEmpty() ? "no linked item syncs comments" : String.join("; ", out);
    }

    /** The comment as it is now, in ADF through REST v3 (formatting survives); the delivery's wiki markup when it is gone. */
    private String commentHtml(String issueKey, String commentId, String wiki) {
        return jira.comment(issueKey, commentId).filter(c -> c.body() != null && c.body().isObject())
                .map(c -> richText.adfToHtml(c.body()))
                .orElse(wiki == null ? "" : richText.wikiToHtml(wiki));
    }

    private static String name(io.hubjira.jira.JiraUser user) {
        return user == null || user.displayName() == null || user.displayName().isBlank() ? null : user.displayName();
    }
}
