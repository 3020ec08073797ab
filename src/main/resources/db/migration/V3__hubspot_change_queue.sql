-- Records HubSpot app webhooks named, waiting to be synced (route hubspot-webhook-sync). A delivery is stored here
-- before it is answered, so a restart loses nothing; one row per record however many events named it; any instance
-- may take the rows (FOR UPDATE SKIP LOCKED on PostgreSQL). The scheduled poll remains the catch-up.
CREATE TABLE hubspot_change (
    object_type  VARCHAR(100)             NOT NULL,
    record_id    VARCHAR(64)              NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (object_type, record_id)
);

CREATE INDEX idx_hubspot_change_received ON hubspot_change (received_at);
