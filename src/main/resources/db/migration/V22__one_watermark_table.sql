-- One watermark table for every HubSpot feed the poll pages through: an item's records (feed 'records', one row per
-- item) and the notes of every item (feed 'notes', item 0). Each row is the newest modification time whose page was
-- fully processed. The rows of the two earlier tables move over unchanged; item 0 names no item, so the item's rows are
-- deleted with the item by the item store rather than by a foreign key.
CREATE TABLE poll_watermark (
    feed            VARCHAR(100) NOT NULL,
    item_id         BIGINT       NOT NULL,
    last_modified   TIMESTAMP WITH TIME ZONE,
    last_object_id  VARCHAR(64),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (feed, item_id)
);
INSERT INTO poll_watermark (feed, item_id, last_modified, last_object_id, updated_at)
    SELECT 'records', item_id, last_modified, last_object_id, updated_at FROM sync_watermark;
INSERT INTO poll_watermark (feed, item_id, last_modified, last_object_id, updated_at)
    SELECT feed, 0, last_modified, last_object_id, updated_at FROM feed_watermark;
DROP TABLE sync_watermark;
DROP TABLE feed_watermark;
