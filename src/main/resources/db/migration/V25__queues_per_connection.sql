-- Several HubSpot portals and Jira sites: the work queues are keyed by the connection their rows came from, so the same
-- record id in two portals, or the same issue id, delivery id or body on two sites, are separate rows. Rows queued
-- before this version came from the only connections there were, the first of each list (0 when none was saved: no
-- item is bound to 0, so such a row is settled without a sync). Rebuilt rather than altered where the primary key
-- changes: a primary key has no portable name to drop.

-- HubSpot records waiting to be synced, per HubSpot connection
CREATE TABLE hubspot_change_v25 (
    hubspot_connection_id  BIGINT                   NOT NULL,
    object_type            VARCHAR(100)             NOT NULL,
    record_id              VARCHAR(64)              NOT NULL,
    received_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    forced                 BOOLEAN                  NOT NULL DEFAULT FALSE,
    attempts               INTEGER                  NOT NULL DEFAULT 0,
    next_attempt_at        TIMESTAMP WITH TIME ZONE,
    last_error             TEXT,
    claimed_by             VARCHAR(100),
    claimed_until          TIMESTAMP WITH TIME ZONE,
    claim_token            BIGINT                   NOT NULL DEFAULT 0,
    PRIMARY KEY (hubspot_connection_id, object_type, record_id)
);
INSERT INTO hubspot_change_v25 (hubspot_connection_id, object_type, record_id, received_at, forced, attempts, next_attempt_at, last_error,
    claimed_by, claimed_until, claim_token)
SELECT COALESCE((SELECT MIN(id) FROM hubspot_connection), 0), object_type, record_id, received_at, forced, attempts, next_attempt_at,
       last_error, claimed_by, claimed_until, claim_token
FROM hubspot_change;
DROP TABLE hubspot_change;
ALTER TABLE hubspot_change_v25 RENAME TO hubspot_change;
CREATE INDEX idx_hubspot_change_received ON hubspot_change (received_at);
CREATE INDEX ix_hubspot_change_claimed ON hubspot_change (claimed_by);

-- Jira webhook events: each from the site whose URL (/webhooks/jira/{connectionId}) and secret it came through. A
-- delivery id is unique per site only.
ALTER TABLE webhook_inbox ADD COLUMN jira_connection_id BIGINT DEFAULT 0 NOT NULL;
UPDATE webhook_inbox SET jira_connection_id = COALESCE((SELECT MIN(id) FROM jira_connection), 0);
ALTER TABLE webhook_inbox ALTER COLUMN jira_connection_id DROP DEFAULT;
ALTER TABLE webhook_inbox DROP CONSTRAINT uq_webhook_inbox_identifier;
ALTER TABLE webhook_inbox ADD CONSTRAINT uq_webhook_inbox_connection_identifier UNIQUE (jira_connection_id, webhook_identifier);
DROP INDEX ix_webhook_inbox_issue_state;
CREATE INDEX ix_webhook_inbox_issue_state ON webhook_inbox (jira_connection_id, issue_id, state);

-- An issue's open events are claimed per site: issue ids are only unique within one
CREATE TABLE inbox_issue_claim_v25 (
    jira_connection_id  BIGINT                   NOT NULL,
    issue_id            VARCHAR(100)             NOT NULL,
    claimed_by          VARCHAR(100)             NOT NULL,
    claimed_until       TIMESTAMP WITH TIME ZONE NOT NULL,
    claim_token         BIGINT                   NOT NULL DEFAULT 0,
    PRIMARY KEY (jira_connection_id, issue_id)
);
INSERT INTO inbox_issue_claim_v25 (jira_connection_id, issue_id, claimed_by, claimed_until, claim_token)
SELECT COALESCE((SELECT MIN(id) FROM jira_connection), 0), issue_id, claimed_by, claimed_until, claim_token FROM inbox_issue_claim;
DROP TABLE inbox_issue_claim;
ALTER TABLE inbox_issue_claim_v25 RENAME TO inbox_issue_claim;

-- The replay window's body digests, per site: two sites may send the same body
CREATE TABLE webhook_body_digest_v25 (
    jira_connection_id  BIGINT                   NOT NULL,
    body_sha256         VARCHAR(64)              NOT NULL,
    received_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (jira_connection_id, body_sha256)
);
INSERT INTO webhook_body_digest_v25 (jira_connection_id, body_sha256, received_at)
SELECT COALESCE((SELECT MIN(id) FROM jira_connection), 0), body_sha256, received_at FROM webhook_body_digest;
DROP TABLE webhook_body_digest;
ALTER TABLE webhook_body_digest_v25 RENAME TO webhook_body_digest;
CREATE INDEX ix_webhook_body_digest_received ON webhook_body_digest (received_at);

-- A dead letter of a Jira event names its site: "jira:<issue>:<kind>[:<id>]" becomes "jira:<connection>:<issue>:..."
UPDATE dead_letter SET subject = 'jira:' || CAST(COALESCE((SELECT MIN(id) FROM jira_connection), 0) AS VARCHAR(20)) || ':' || SUBSTRING(subject, 6)
WHERE subject LIKE 'jira:%';
UPDATE dead_letter SET open_subject = subject WHERE open_subject LIKE 'jira:%';
