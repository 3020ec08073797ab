package io.hubjira.jiratohubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.convert.RichText;
import io.hubjira.convert.TextFit.FullText;
import io.hubjira.convert.TextFit;
import io.hubjira.http.WriteAttempt;
import io.hubjira.hubspot.HubSpotTextLimit;
import io.hubjira.jira.JiraUser;
import io.hubjira.jira.JiraWebhookEvent;
import io.hubjira.link.CommentLinkStore.CommentLink;
import io.hubjira.link.CommentLinkStore;
import io.hubjira.link.ConcurrentWriteException;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.ops.LogContext;
import io.hubjira.queue.ClaimLostException;
import io.hubjira.queue.HeldClaims;
import io.hubjira.queue.InboxEvent;
import io.hubjira.queue.WorkClaims;
import io.hubjira.storage.Hashes;
import io.hubjira.sync.ConnectorNotes;
import io.hubjira.sync.HubSpotNotes;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import org.springframework.stereotype.Component;

/**
 * {@code comment_created} / {@code comment_updated} → a HubSpot note on each linked record whose item syncs comments,
 * in two steps of the jira-comment flow: {@link #plan} reads the comment once (through REST v3 in ADF, so formatting
 * survives; the delivery's wiki markup is the fallback) and says what each record gets; {@link #copy} writes it.
 * {@link #noteFor} is what a Jira comment becomes in HubSpot. The comment ⇄ note link makes an update edit the same
 * note; a new note is reserved before it is written and found by its marker if that write was lost. Comments the
 * connector wrote are never echoed; deletions are not mirrored.
 */
@Component("jiraCommentHandler")
public class JiraCommentHandler {


    /** What a linked record gets for the comment. */
    public enum Action { CREATE, UPDATE, UNCHANGED }

    /** One record's copy of the comment: what to do, and the note's body. */
    public record NoteCopy(ItemContext ctx, RecordLink link, String commentId, String html, String body, Action action,
                           Optional<CommentLink> existing) {}

    private final JqlGate jqlGate;
    private final LinkStore links;
    private final ItemContexts contexts;
    private final HubSpotNotes notes;
    private final CommentLinkStore commentLinks;
    private final RichText richText;
    private final TextFit textFit;
    private final AuditLog audit;
    private final WorkClaims claims;

    public JiraCommentHandler(LinkStore links, ItemContexts contexts, HubSpotNotes notes, CommentLinkStore commentLinks,
                              RichText richText, TextFit textFit, AuditLog audit, JqlGate jqlGate, WorkClaims claims) {
        this.claims = claims;
        this.jqlGate = jqlGate;
        this.links = links;
        this.contexts = contexts;
        this.notes = notes;
        this.commentLinks = commentLinks;
        this.richText = richText;
        this.textFit = textFit;
        this.audit = audit;
    }

    /**
     * The copies a comment of a Jira site needs: one per linked record, of an item bound to that site, whose item syncs
     * comments (none for the connector's own).
     */
    public List<NoteCopy> plan(InboxEvent inboxEvent, JiraWebhookEvent event) {
        JiraWebhookEvent.Comment comment = event.comment();
        if (comment == null || comment.id() == null || ConnectorNotes.isConnectorText(comment.wikiBody())
                || (comment.adfBody() != null && ConnectorNotes.isConnectorText(comment.adfBody().toString()))) {
            return List.of();
        }
        List<NoteCopy> copies = new ArrayList<>();
        String html = null;
        for (RecordLink link : links.forIssue(inboxEvent.jiraConnectionId(), event.issueIdOrKey())) {
            if (!link.isLinked()) {
                continue;
            }
            ItemContext ctx = contexts.forItem(link.itemId());
            if (!ctx.definition().mode().isSynchronized() || !ctx.definition().isEnabled() || !ctx.definition().isCommentsSync()) {
                continue;
            }
            if (!jqlGate.allows(ctx, link, "comment")) {
                continue;
            }
            if (html == null) {
                int room = HubSpotTextLimit.NOTE_BODY.maxLength() - noteFor(link.issueKey(), comment, "").length();
                html = commentHtml(ctx, link.issueKey(), comment.id(), comment.wikiBody(), room, FullText.inJira(ctx.issueUrl(link.issueKey())));
            }
            String body = noteFor(link.issueKey(), comment, html);
            Optional<CommentLink> existing = commentLinks.byComment(link.id(), comment.id());
            Action action = existing.isEmpty() || !existing.get().done() ? Action.CREATE
                    : Hashes.sha256(html).equals(existing.get().contentHash()) ? Action.UNCHANGED : Action.UPDATE;
            copies.add(new NoteCopy(ctx, link, comment.id(), html, body, action, existing));
        }
        return copies;
    }

    /**
     * What a Jira comment becomes in HubSpot: a note with the marker line "Comment sync note (Jira comment id)", who
     * wrote it on which issue, then the comment's own formatting.
     */
    public static String noteFor(String issueKey, JiraWebhookEvent.Comment comment, String html) {
        String author = name(comment.updateAuthor()) != null ? name(comment.updateAuthor())
                : name(comment.author()) != null ? name(comment.author()) : "a Jira user";
        return "<p>" + ConnectorNotes.COMMENT_SYNC_NOTE + " " + ConnectorNotes.jiraCommentMarker(comment.id()) + "</p><p><em>Jira comment by "
                + RichText.escapeHtml(author) + " on " + issueKey + "</em></p>" + html;
    }

    /** Writes one record's copy: a new note exactly once, or the linked note edited in place. */
    public String copy(NoteCopy c) {
        try (LogContext ignored = LogContext.of(c.ctx().itemId(), c.link().recordId(), c.link().issueKey())) {
            String hash = Hashes.sha256(c.html());
            switch (c.action()) {
                case UNCHANGED -> {
                    return "comment " + c.commentId() + " unchanged";
                }
                case UPDATE -> {
                    CommentLink existing = c.existing().orElseThrow();
                    notes.update(c.ctx().hubspot(), existing.noteId(), c.body());
                    commentLinks.updateHash(existing.id(), hash);
                    audit.record(c.ctx().itemId(), c.link().recordId(), c.link().issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "NOTE_UPDATED",
                            List.of("comment:" + c.commentId()), Outcome.OK, "note " + existing.noteId());
                    return "comment " + c.commentId() + " updated note " + existing.noteId();
                }
                default -> {
                    return create(c, hash);
                }
            }
        }
    }

    private String create(NoteCopy c, String hash) {
        try (HeldClaims held = claims.hold()) {
            Optional<CommentLink> reservation = c.existing().isEmpty() ? commentLinks.reserveForComment(held, c.link().id(), c.commentId())
                    : commentLinks.claim(held, c.existing().get().id()) ? c.existing() : Optional.empty();
            if (reservation.isEmpty()) {
                // another worker is writing this note: the event comes back once it is done (or free to resume)
                throw new ConcurrentWriteException("the note of comment " + c.commentId() + " is being written by another worker");
            }
            WriteAttempt attempt = c.existing().isEmpty() ? WriteAttempt.FIRST : WriteAttempt.RESUMED;
            commentLinks.ensureHeld(reservation.get().id());
            String noteId = notes.create(c.ctx().hubspot(), c.ctx().objectType(), c.link().recordId(), c.body(), List.of(),
                    ConnectorNotes.jiraCommentMarker(c.commentId()), attempt);
            commentLinks.complete(reservation.get().id(), noteId, c.commentId(), hash);
            audit.record(c.ctx().itemId(), c.link().recordId(), c.link().issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "NOTE_CREATED",
                    List.of("comment:" + c.commentId()), Outcome.OK, "note " + noteId);
            return "comment " + c.commentId() + " → note " + noteId;
        } catch (ClaimLostException takenOver) {
            // tried again later: by then its new owner has recorded the copy, or the copy is free and resumed (found by its marker)
            throw new ConcurrentWriteException("the note of comment " + c.commentId() + ": " + takenOver.getMessage());
        }
    }

    /** The flow's note on the inbox row: what the copies did. */
    public String summary(List<String> outcomes) {
        return outcomes == null || outcomes.isEmpty() ? "no linked item syncs comments (or the connector wrote it)" : String.join("; ", outcomes);
    }

    /**
     * The comment as it is now, in ADF through REST v3 (formatting survives); the delivery's wiki markup when it is gone.
     * At most {@code room} characters of HTML: the comment is capped before it is converted, and what it became is cut
     * with a note that the full comment is in Jira.
     */
    private String commentHtml(ItemContext ctx, String issueKey, String commentId, String wiki, int room, FullText fullText) {
        String html = ctx.jira().client().comment(issueKey, commentId).filter(c -> c.body() != null && c.body().isObject())
                .map(c -> richText.adfToHtml(textFit.adf(c.body(), room, fullText)))
                .orElse(wiki == null ? "" : richText.wikiToHtml(textFit.plain(wiki, room, fullText)));
        return textFit.html(html, room, fullText);
    }

    private static String name(JiraUser user) {
        return user == null || user.displayName() == null || user.displayName().isBlank() ? null : user.displayName();
    }
}
