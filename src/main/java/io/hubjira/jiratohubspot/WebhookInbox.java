package io.hubjira.jiratohubspot;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.hubjira.jira.JiraWebhookEvent;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The durable inbox of Jira webhook events: stored before the delivery is acknowledged, once per identifier. */
@Repository
public class WebhookInbox {

    private final JdbcTemplate jdbc;

    public WebhookInbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True when stored now; false when an event with this identifier was stored before (a retried delivery). */
    public boolean store(String identifier, JiraWebhookEvent event, String payload) {
        String issueId = event.issueId();
        String issueKey = event.issueKey();
        long timestamp = event.timestamp();
        try {
            jdbc.update("""
                    INSERT INTO webhook_inbox (webhook_identifier, event_type, issue_id, issue_key, event_timestamp, payload, state, attempts, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'NEW', 0, ?)""", identifier, event.type(), issueId, issueKey,
                    timestamp, payload, OffsetDateTime.now(ZoneOffset.UTC));
            return true;
        } catch (DuplicateKeyException retry) {
            return false;
        }
    }
}
