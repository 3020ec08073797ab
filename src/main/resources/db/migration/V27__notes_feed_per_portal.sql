-- The notes feed reads each HubSpot portal's notes on its own: its watermark is kept per HubSpot connection, and the
-- connector's own link notes are remembered per connection (note ids of two portals may be equal). An item's records
-- keep one watermark per item (connection 0: the item names its connection). Existing rows belong to the first
-- connection. Rebuilt rather than altered: primary keys have no portable name.
CREATE TABLE poll_watermark_v27 (
    feed                   VARCHAR(100) NOT NULL,
    item_id                BIGINT       NOT NULL,
    hubspot_connection_id  BIGINT       NOT NULL,
    last_modified          TIMESTAMP WITH TIME ZONE,
    last_object_id         VARCHAR(64),
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (feed, item_id, hubspot_connection_id)
);
INSERT INTO poll_watermark_v27 (feed, item_id, hubspot_connection_id, last_modified, last_object_id, updated_at)
    SELECT feed, item_id, CASE WHEN feed = 'notes' THEN COALESCE((SELECT MIN(id) FROM hubspot_connection), 0) ELSE 0 END,
           last_modified, last_object_id, updated_at
    FROM poll_watermark;
DROP TABLE poll_watermark;
ALTER TABLE poll_watermark_v27 RENAME TO poll_watermark;

CREATE TABLE connector_link_note_v27 (
    hubspot_connection_id  BIGINT      NOT NULL,
    note_id                VARCHAR(40) NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (hubspot_connection_id, note_id)
);
INSERT INTO connector_link_note_v27 (hubspot_connection_id, note_id, created_at)
    SELECT COALESCE((SELECT MIN(id) FROM hubspot_connection), 0), note_id, created_at FROM connector_link_note;
DROP TABLE connector_link_note;
ALTER TABLE connector_link_note_v27 RENAME TO connector_link_note;
CREATE INDEX ix_connector_link_note_created ON connector_link_note (created_at);
