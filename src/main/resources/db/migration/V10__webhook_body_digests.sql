-- Jira signs a webhook delivery's body, not its X-Atlassian-Webhook-Identifier: the SHA-256 of each body taken, so the
-- same body sent again under a fresh identifier within connector.webhooks.replay-window is not stored twice. A digest
-- older than the window is taken over by the next delivery of that body; the daily housekeeping removes the rest.
CREATE TABLE webhook_body_digest (
    body_sha256  VARCHAR(64) PRIMARY KEY,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_webhook_body_digest_received ON webhook_body_digest (received_at);
