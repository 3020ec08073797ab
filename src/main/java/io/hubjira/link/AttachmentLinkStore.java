package io.hubjira.link;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** HubSpot file ⇄ Jira attachment per link; a SKIPPED row (e.g. over 10 MB) records why and prevents retrying. */
@Repository
public class AttachmentLinkStore {

    public enum State { SYNCED, SKIPPED, FAILED }

    public record AttachmentLink(long id, long linkId, String hubspotFileId, String jiraAttachmentId, String fileName,
                                 Long sizeBytes, String origin, State state, String reason) {}

    private final JdbcTemplate jdbc;

    public AttachmentLinkStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<AttachmentLink> byHubSpotFile(long linkId, String fileId) {
        return one("SELECT * FROM attachment_link WHERE link_id = ? AND hubspot_file_id = ?", linkId, fileId);
    }

    public Optional<AttachmentLink> byJiraAttachment(long linkId, String attachmentId) {
        return one("SELECT * FROM attachment_link WHERE link_id = ? AND jira_attachment_id = ?", linkId, attachmentId);
    }

    public List<AttachmentLink> forLink(long linkId) {
        return jdbc.query("SELECT * FROM attachment_link WHERE link_id = ? ORDER BY id", (rs, n) -> row(rs), linkId);
    }

    /** False when this file or attachment is already recorded for the link. */
    public boolean add(long linkId, String hubspotFileId, String jiraAttachmentId, String fileName, Long size, String origin,
                       State state, String reason) {
        try {
            jdbc.update("""
                    INSERT INTO attachment_link (link_id, hubspot_file_id, jira_attachment_id, file_name, size_bytes, origin, state, reason, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", linkId, hubspotFileId, jiraAttachmentId, fileName, size, origin,
                    state.name(), reason, OffsetDateTime.now(ZoneOffset.UTC));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    private Optional<AttachmentLink> one(String sql, Object... args) {
        return jdbc.query(sql, (rs, n) -> row(rs), args).stream().findFirst();
    }

    private static AttachmentLink row(java.sql.ResultSet rs) throws java.sql.SQLException {
        long size = rs.getLong("size_bytes");
        return new AttachmentLink(rs.getLong("id"), rs.getLong("link_id"), rs.getString("hubspot_file_id"),
                rs.getString("jira_attachment_id"), rs.getString("file_name"), rs.wasNull() ? null : size,
                rs.getString("origin"), State.valueOf(rs.getString("state")), rs.getString("reason"));
    }
}
