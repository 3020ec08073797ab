package io.hubjira.hubspottojira;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.convert.RichText;
import io.hubjira.convert.TextFit.FullText;
import io.hubjira.convert.TextFit;
import io.hubjira.http.WriteAttempt;
import io.hubjira.hubspot.Note;
import io.hubjira.jira.JiraTextLimit;
import io.hubjira.link.CommentLinkStore.CommentLink;
import io.hubjira.link.CommentLinkStore.Origin;
import io.hubjira.link.CommentLinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.queue.ClaimLostException;
import io.hubjira.queue.HeldClaims;
import io.hubjira.queue.WorkClaims;
import io.hubjira.storage.Hashes;
import io.hubjira.sync.ConnectorNotes;
import io.hubjira.sync.HubSpotNotes;
import io.hubjira.sync.ItemContext;
import org.springframework.stereotype.Component;

/**
 * HubSpot notes → Jira comments (ADF), each note exactly once; an edited note updates its comment. The comment starts
 * with a line saying it came from HubSpot, naming the note (its marker) and who wrote it. The comment is reserved
 * before it is written; a reservation left by a stopped or failed writer is resumed by first looking for the marker
 * among the issue's comments. Notes the connector wrote itself are never echoed; deletions are not mirrored.
 */
@Component("noteToCommentSync")
public class NoteToCommentSync {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NoteToCommentSync.class);

    private final HubSpotNotes notes;
    private final CommentLinkStore commentLinks;
    private final RichText richText;
    private final TextFit textFit;
    private final AuditLog audit;
    private final WorkClaims claims;

    public NoteToCommentSync(HubSpotNotes notes, CommentLinkStore commentLinks, RichText richText, TextFit textFit,
                             AuditLog audit, WorkClaims claims) {
        this.claims = claims;
        this.notes = notes;
        this.commentLinks = commentLinks;
        this.richText = richText;
        this.textFit = textFit;
        this.audit = audit;
    }

    /** Returns how many comments were created or updated. */
    public int reconcile(ItemContext ctx, RecordLink link, List<Note> recordNotes) {
        int written = 0;
        for (Note note : recordNotes) {
            if (ConnectorNotes.isConnectorText(note.body()) || note.body().isBlank()) {
                continue;
            }
            String hash = Hashes.sha256(note.body());
            Optional<CommentLink> existing = commentLinks.byNote(link.id(), note.id());
            if (existing.isPresent() && existing.get().done()) {
                CommentLink cl = existing.get();
                if (cl.origin() == Origin.HUBSPOT && !hash.equals(cl.contentHash())) {
                    ctx.jira().client().updateComment(link.issueKey(), cl.commentId(), commentBody(ctx, link, note));
                    commentLinks.updateHash(cl.id(), hash);
                    audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "COMMENT_UPDATED",
                            List.of("note:" + note.id()), Outcome.OK, "comment " + cl.commentId());
                    written++;
                }
                continue;
            }
            try (HeldClaims held = claims.hold()) {
                Optional<CommentLink> reservation;
                WriteAttempt attempt;
                if (existing.isEmpty()) {
                    reservation = commentLinks.reserveForNote(held, link.id(), note.id());
                    attempt = WriteAttempt.FIRST;
                } else {
                    reservation = commentLinks.claim(held, existing.get().id()) ? existing : Optional.empty();
                    attempt = WriteAttempt.RESUMED;
                }
                if (reservation.isEmpty()) {
                    continue; // another worker is writing this comment
                }
                commentLinks.ensureHeld(reservation.get().id());
                String commentId = ctx.jira().client().addComment(link.issueKey(), commentBody(ctx, link, note), ConnectorNotes.hubspotNoteMarker(note.id()), attempt).id();
                commentLinks.complete(reservation.get().id(), note.id(), commentId, hash);
                audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "COMMENT_CREATED",
                        List.of("note:" + note.id()), Outcome.OK, "comment " + commentId);
                written++;
            } catch (ClaimLostException takenOver) {
                log.warn("Note {} of record {}: {}; resumed by its owner or the next notes run (found by its marker)", note.id(), link.recordId(),
                        takenOver.getMessage());
            }
        }
        return written;
    }

    /**
     * ADF: a header paragraph naming the source note and its author, then the note's own content, within a comment's
     * limit: a longer note is capped before it is converted, and what it became is cut with a note that the full text
     * is on the HubSpot record.
     */
    JsonNode commentBody(ItemContext ctx, RecordLink link, Note note) {
        String author = notes.ownerName(ctx.hubspot(), note.ownerId());
        JsonNode header = richText.emphasisedLine(ConnectorNotes.FROM_HUBSPOT + " " + ConnectorNotes.hubspotNoteMarker(note.id())
                + " — note by " + (author == null ? "a HubSpot user" : author));
        FullText fullText = FullText.inHubSpot(ctx.recordUrl(link.recordId()));
        int room = JiraTextLimit.COMMENT.maxLength() - textFit.jsonLength(header) - 1;
        return richText.startingWith(header, textFit.adf(richText.htmlToAdf(textFit.html(note.body(), room, fullText)), room, fullText));
    }
}
