package io.hubjira.link;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** HubSpot note ⇄ Jira comment per link, with a hash of the last synced text (an edit changes the hash). */
@Repository
public class CommentLinkStore {

    public enum Origin { HUBSPOT, JIRA }

    public record CommentLink(long id, long linkId, String noteId, String commentId, Origin origin, String contentHash) {}

    private final JdbcTemplate jdbc;

    public CommentLinkStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CommentLink> byNote(long linkId, String noteId) {
        return one("SELECT * FROM comment_link WHERE link_id = ? AND note_id = ?", linkId, noteId);
    }

    public Optional<CommentLink> byComment(long linkId, String commentId) {
        return one("SELECT * FROM comment_link WHERE link_id = ? AND comment_id = ?", linkId, commentId);
    }

    /** False when the note or the comment is already linked (another worker got there first). */
    public boolean add(long linkId, String noteId, String commentId, Origin origin, String contentHash) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try {
            jdbc.update("INSERT INTO comment_link (link_id, note_id, comment_id, origin, content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    linkId, noteId, commentId, origin.name(), contentHash, now, now);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public void updateHash(long commentLinkId, String contentHash) {
        jdbc.update("UPDATE comment_link SET content_hash = ?, updated_at = ? WHERE id = ?", contentHash, OffsetDateTime.now(ZoneOffset.UTC), commentLinkId);
    }

    private Optional<CommentLink> one(String sql, Object... args) {
        return jdbc.query(sql, (rs, n) -> new CommentLink(rs.getLong("id"), rs.getLong("link_id"), rs.getString("note_id"),
                rs.getString("comment_id"), Origin.valueOf(rs.getString("origin")), rs.getString("content_hash")), args).stream().findFirst();
    }
}
