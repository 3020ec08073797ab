package io.hubjira.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.jira.JiraWebhookEvent;
import io.hubjira.storage.Hashes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable inbox of Jira webhook events: stored before the delivery is acknowledged, once per delivery id
 * (X-Atlassian-Webhook-Identifier, stable across Jira's retries) and once per body within the replay window. Jira's
 * signature covers the body but not the delivery id, so a captured delivery sent again under a fresh id would pass
 * the signature check: its body's SHA-256 was taken already, and it is not stored again.
 */
@Repository
public class WebhookInbox {

    /** What became of a delivery. */
    public enum Stored {
        /** stored now */
        NEW,
        /** a delivery with this id was stored before (Jira retried it) */
        SAME_DELIVERY,
        /** a delivery with this body was stored within the replay window, under another id (a replay) */
        SAME_BODY
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration replayWindow;

    public WebhookInbox(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, ConnectorProperties props) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.replayWindow = props.webhooks().replayWindow();
    }

    /**
     * Stores the event of this Jira connection unless its delivery id or its body was taken before from the same site
     * (another site's ids and bodies are its own). The body's digest is claimed in the same transaction as the event's
     * row, so a delivery that cannot be stored (503, Jira retries it) claims nothing; of two copies of one body arriving
     * at once, the database's key lets one through.
     */
    public Stored store(long jiraConnectionId, String identifier, JiraWebhookEvent event, String payload) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        String digest = Hashes.sha256(payload);
        return tx.execute(status -> {
            int inserted = jdbc.update("""
                    INSERT INTO webhook_inbox (jira_connection_id, webhook_identifier, event_type, issue_id, issue_key, event_timestamp, payload,
                      state, attempts, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'NEW', 0, ?) ON CONFLICT DO NOTHING""", jiraConnectionId, identifier, event.type(), event.issueId(),
                    event.issueKey(), event.timestamp(), payload, now);
            if (inserted == 0) {
                return Stored.SAME_DELIVERY;
            }
            boolean bodyClaimed = jdbc.update("INSERT INTO webhook_body_digest (jira_connection_id, body_sha256, received_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT DO NOTHING", jiraConnectionId, digest, now) == 1
                    || jdbc.update("UPDATE webhook_body_digest SET received_at = ? WHERE jira_connection_id = ? AND body_sha256 = ? AND received_at < ?",
                    now, jiraConnectionId, digest, now.minus(replayWindow)) == 1;
            if (!bodyClaimed) {
                status.setRollbackOnly();
                return Stored.SAME_BODY;
            }
            return Stored.NEW;
        });
    }

    /** Forgets the digests of bodies older than the replay window (daily housekeeping; they no longer count). */
    public int forgetOldBodies() {
        return jdbc.update("DELETE FROM webhook_body_digest WHERE received_at < ?", OffsetDateTime.now(clock).minus(replayWindow));
    }
}
