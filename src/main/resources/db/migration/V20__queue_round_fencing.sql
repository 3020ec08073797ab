-- Fencing for the queues claimed in rounds: the Jira inbox's issues and the queued HubSpot changes. Each round's claim
-- takes the next value of one sequence, so a token is never given twice, not even to the instance that held the row
-- before. A worker that stalled past its lease and comes back finds its rows under another token and writes nothing
-- more for them. Rows queued before this version carry token 0, which no round holds, so the next round takes them.
CREATE SEQUENCE queue_claim_token START WITH 1;
ALTER TABLE inbox_issue_claim ADD COLUMN claim_token BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE webhook_inbox ADD COLUMN claim_token BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE hubspot_change ADD COLUMN claim_token BIGINT DEFAULT 0 NOT NULL;
-- cleared by every update and set by none: an event's claim is its issue's inbox_issue_claim row
ALTER TABLE webhook_inbox DROP COLUMN locked_until;
