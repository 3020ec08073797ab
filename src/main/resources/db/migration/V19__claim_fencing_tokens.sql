-- A fencing token per claim: each takeover of a row adds one, so a worker that stalled past its lease (paused, cut
-- off, its host stopped) and comes back finds the token moved on and writes nothing more for that row. A row inserted
-- already claimed (a reservation) starts at 0.
ALTER TABLE record_link ADD COLUMN claim_token BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE comment_link ADD COLUMN claim_token BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE attachment_link ADD COLUMN claim_token BIGINT DEFAULT 0 NOT NULL;
