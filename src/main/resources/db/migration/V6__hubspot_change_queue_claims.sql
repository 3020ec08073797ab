-- The HubSpot change queue carries more than webhooks now: refreshes and replays (forced: synced even when that version
-- was synced before) and records a flow tries again later (attempts, next_attempt_at, last_error). Rows are claimed
-- while they are worked on (claimed_by, claimed_until: a lease renewed by the heartbeat) and removed when done, so a
-- stopped instance's rows are taken over after its lease instead of being lost.
ALTER TABLE hubspot_change ADD COLUMN forced BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE hubspot_change ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hubspot_change ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE hubspot_change ADD COLUMN last_error TEXT;
ALTER TABLE hubspot_change ADD COLUMN claimed_by VARCHAR(100);
ALTER TABLE hubspot_change ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_hubspot_change_claimed ON hubspot_change (claimed_by);
