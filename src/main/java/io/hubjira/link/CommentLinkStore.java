package io.hubjira.link;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.hubjira.queue.ClaimLostException;
import io.hubjira.queue.HeldClaims;
import io.hubjira.queue.WorkClaims;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * HubSpot note ⇄ Jira comment per link, with a hash of the last synced text (an edit changes the hash). A PENDING row
 * reserves the copy before it is written, claimed by the instance writing it; a PENDING row found free again (its
 * writer stopped or failed) is resumed: the copy is looked for by its marker before it is written.
 */
@Repository
public class CommentLinkStore {

    public enum Origin { HUBSPOT, JIRA }

    public enum State { PENDING, DONE }

    public record CommentLink(long id, long linkId, String noteId, String commentId, Origin origin, State state, String contentHash) {
        public boolean done() {
            return state == State.DONE;
        }
    }

    private final JdbcTemplate jdbc;
    private final WorkClaims claims;

    public CommentLinkStore(JdbcTemplate jdbc, WorkClaims claims) {
        this.jdbc = jdbc;
        this.claims = claims;
    }

    public Optional<CommentLink> byNote(long linkId, String noteId) {
        return one("SELECT * FROM comment_link WHERE link_id = ? AND note_id = ?", linkId, noteId);
    }

    public Optional<CommentLink> byComment(long linkId, String commentId) {
        return one("SELECT * FROM comment_link WHERE link_id = ? AND comment_id = ?", linkId, commentId);
    }

    /** Reserves the Jira comment of a HubSpot note; empty when it is reserved already (another worker, an earlier run). */
    public Optional<CommentLink> reserveForNote(HeldClaims run, long linkId, String noteId) {
        return reserve(linkId, noteId, null, Origin.HUBSPOT) ? held(run, byNote(linkId, noteId)) : Optional.empty();
    }

    /** Reserves the HubSpot note of a Jira comment; empty when it is reserved already. */
    public Optional<CommentLink> reserveForComment(HeldClaims run, long linkId, String commentId) {
        return reserve(linkId, null, commentId, Origin.JIRA) ? held(run, byComment(linkId, commentId)) : Optional.empty();
    }

    private Optional<CommentLink> held(HeldClaims run, Optional<CommentLink> reserved) {
        reserved.ifPresent(c -> claims.holding(run, WorkClaims.Table.COMMENT_LINK, c.id()));
        return reserved;
    }

    private boolean reserve(long linkId, String noteId, String commentId, Origin origin) {
        OffsetDateTime now = now();
        try {
            jdbc.update("""
                    INSERT INTO comment_link (link_id, note_id, comment_id, origin, state, claimed_by, claimed_until, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)""", linkId, noteId, commentId, origin.name(), claims.worker(), claims.leaseEnd(), now, now);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Claims a PENDING reservation nobody is working on (to resume it); false when a live instance holds it. */
    public boolean claim(HeldClaims run, long id) {
        return claims.take(run, WorkClaims.Table.COMMENT_LINK, id);
    }

    /** The copy is written: both ids are known and the reservation is done. */
    public void complete(long id, String noteId, String commentId, String contentHash) {
        Object[] fence = claims.fence(WorkClaims.Table.COMMENT_LINK, id);
        int done = jdbc.update("""
                UPDATE comment_link SET note_id = ?, comment_id = ?, content_hash = ?, state = 'DONE', claimed_by = NULL, claimed_until = NULL,
                  updated_at = ? WHERE id = ?""" + claims.fencedCondition(WorkClaims.Table.COMMENT_LINK), noteId, commentId, contentHash, now(), id,
                fence[0], fence[1]);
        claims.release(WorkClaims.Table.COMMENT_LINK, id);
        if (done == 0) {
            // taken over while this instance stalled: the new owner finds the copy by its marker and completes it
            throw new ClaimLostException("comment_link", id);
        }
    }

    /** Fencing before the copy is written: fails when another instance took the reservation over while this one stalled. */
    public void ensureHeld(long id) {
        claims.ensureHeld(WorkClaims.Table.COMMENT_LINK, id);
    }

    public void updateHash(long commentLinkId, String contentHash) {
        jdbc.update("UPDATE comment_link SET content_hash = ?, updated_at = ? WHERE id = ?", contentHash, now(), commentLinkId);
    }

    /** HubSpot notes whose comment reservation nobody is working on (left by a stop or a failure), per link id. */
    public List<CommentLink> unfinishedFromHubSpot(int max) {
        return jdbc.query("SELECT * FROM comment_link WHERE origin = 'HUBSPOT' AND state = 'PENDING' AND "
                + WorkClaims.Table.COMMENT_LINK.freeCondition() + " ORDER BY id LIMIT ?", (rs, n) -> row(rs), claims.now(), max);
    }

    private Optional<CommentLink> one(String sql, Object... args) {
        return jdbc.query(sql, (rs, n) -> row(rs), args).stream().findFirst();
    }

    private static CommentLink row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new CommentLink(rs.getLong("id"), rs.getLong("link_id"), rs.getString("note_id"), rs.getString("comment_id"),
                Origin.valueOf(rs.getString("origin")), State.valueOf(rs.getString("state")), rs.getString("content_hash"));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
