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
 * HubSpot file ⇄ Jira attachment per link; a SKIPPED row (e.g. over 10 MB) records why and prevents retrying. A
 * PENDING row reserves the copy of a file before it is uploaded, claimed by the instance copying it; the copy's id is
 * kept as soon as it exists, so a resumed copy does not upload again and goes on with the note or comment naming it.
 */
@Repository
public class AttachmentLinkStore {

    public enum State { PENDING, SYNCED, SKIPPED, FAILED }

    public record AttachmentLink(long id, long linkId, String noteId, String hubspotFileId, String jiraAttachmentId, String fileName,
                                 Long sizeBytes, String origin, State state, String reason) {
        public boolean pending() {
            return state == State.PENDING;
        }
    }

    private final JdbcTemplate jdbc;
    private final WorkClaims claims;

    public AttachmentLinkStore(JdbcTemplate jdbc, WorkClaims claims) {
        this.jdbc = jdbc;
        this.claims = claims;
    }

    public Optional<AttachmentLink> byHubSpotFile(long linkId, String fileId) {
        return one("SELECT * FROM attachment_link WHERE link_id = ? AND hubspot_file_id = ?", linkId, fileId);
    }

    public Optional<AttachmentLink> byJiraAttachment(long linkId, String attachmentId) {
        return one("SELECT * FROM attachment_link WHERE link_id = ? AND jira_attachment_id = ?", linkId, attachmentId);
    }

    /**
     * Reserves the copy of a HubSpot file (carried by {@code noteId}) or of a Jira attachment (one of the two ids is
     * set); empty when it is reserved or recorded already.
     */
    public Optional<AttachmentLink> reserve(HeldClaims run, long linkId, String noteId, String hubspotFileId, String jiraAttachmentId, String fileName,
                                            String origin) {
        OffsetDateTime now = now();
        try {
            jdbc.update("""
                    INSERT INTO attachment_link (link_id, note_id, hubspot_file_id, jira_attachment_id, file_name, origin, state, claimed_by,
                      claimed_until, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)""", linkId, noteId, hubspotFileId, jiraAttachmentId, fileName, origin,
                    claims.worker(), claims.leaseEnd(), now, now);
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        Optional<AttachmentLink> reserved = hubspotFileId != null ? byHubSpotFile(linkId, hubspotFileId) : byJiraAttachment(linkId, jiraAttachmentId);
        reserved.ifPresent(a -> claims.holding(run, WorkClaims.Table.ATTACHMENT_LINK, a.id()));
        return reserved;
    }

    /** Claims a PENDING reservation nobody is working on (to resume it); false when a live instance holds it. */
    public boolean claim(HeldClaims run, long id) {
        return claims.take(run, WorkClaims.Table.ATTACHMENT_LINK, id);
    }

    /** The copy exists (its id on the other side is known); the note or comment naming it may still be missing. */
    public void copied(long id, String hubspotFileId, String jiraAttachmentId, long size) {
        Object[] fence = claims.fence(WorkClaims.Table.ATTACHMENT_LINK, id);
        if (jdbc.update("UPDATE attachment_link SET hubspot_file_id = ?, jira_attachment_id = ?, size_bytes = ?, updated_at = ? WHERE id = ?"
                + claims.fencedCondition(WorkClaims.Table.ATTACHMENT_LINK), hubspotFileId, jiraAttachmentId, size, now(), id, fence[0], fence[1]) == 0) {
            // taken over while this instance stalled: the new owner finds the copy by its name and size
            throw new ClaimLostException("attachment_link", id);
        }
    }

    /** Done: SYNCED, or SKIPPED / FAILED with the reason; the claim is released. */
    public void finish(long id, State state, String noteId, Long size, String reason) {
        Object[] fence = claims.fence(WorkClaims.Table.ATTACHMENT_LINK, id);
        int done = jdbc.update("""
                UPDATE attachment_link SET state = ?, note_id = COALESCE(?, note_id), size_bytes = COALESCE(?, size_bytes), reason = ?,
                  claimed_by = NULL, claimed_until = NULL, updated_at = ? WHERE id = ?""" + claims.fencedCondition(WorkClaims.Table.ATTACHMENT_LINK),
                state.name(), noteId, size, reason, now(), id, fence[0], fence[1]);
        claims.release(WorkClaims.Table.ATTACHMENT_LINK, id);
        if (done == 0) {
            throw new ClaimLostException("attachment_link", id);
        }
    }

    /** Fencing before a remote write of the copy: fails when another instance took the reservation over while this one stalled. */
    public void ensureHeld(long id) {
        claims.ensureHeld(WorkClaims.Table.ATTACHMENT_LINK, id);
    }

    /** HubSpot files whose copy nobody is working on (left by a stop or a failure). */
    public List<AttachmentLink> unfinishedFromHubSpot(int max) {
        return jdbc.query("SELECT * FROM attachment_link WHERE origin = 'HUBSPOT' AND state = 'PENDING' AND "
                + WorkClaims.Table.ATTACHMENT_LINK.freeCondition() + " ORDER BY id LIMIT ?", (rs, n) -> row(rs), claims.now(), max);
    }

    private Optional<AttachmentLink> one(String sql, Object... args) {
        return jdbc.query(sql, (rs, n) -> row(rs), args).stream().findFirst();
    }

    private static AttachmentLink row(java.sql.ResultSet rs) throws java.sql.SQLException {
        long size = rs.getLong("size_bytes");
        Long sizeOrNull = rs.wasNull() ? null : size;
        return new AttachmentLink(rs.getLong("id"), rs.getLong("link_id"), rs.getString("note_id"), rs.getString("hubspot_file_id"),
                rs.getString("jira_attachment_id"), rs.getString("file_name"), sizeOrNull,
                rs.getString("origin"), State.valueOf(rs.getString("state")), rs.getString("reason"));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
