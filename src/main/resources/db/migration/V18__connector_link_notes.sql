-- The issue link notes the connector wrote into HubSpot. Their creation comes back as HubSpot webhooks like anyone's
-- note; the queue leaves out the notes named here instead of reading them (a batch read per 100 only to find the
-- connector's own text). Kept a day: a delivery later than that is read and recognised by its text, as before.
CREATE TABLE connector_link_note (
    note_id     VARCHAR(40) PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_connector_link_note_created ON connector_link_note (created_at);
