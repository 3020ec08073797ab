-- Every Smart Connected Item binds one HubSpot connection and one Jira connection. Existing items are bound to the
-- connections that existed (the first of each list); on an installation not yet connected they stay unbound until the
-- first connections are saved, which binds them.
ALTER TABLE sync_item ADD COLUMN hubspot_connection_id BIGINT REFERENCES hubspot_connection (id);
ALTER TABLE sync_item ADD COLUMN jira_connection_id BIGINT REFERENCES jira_connection (id);
UPDATE sync_item SET hubspot_connection_id = (SELECT MIN(id) FROM hubspot_connection),
                     jira_connection_id = (SELECT MIN(id) FROM jira_connection);
CREATE INDEX ix_sync_item_hubspot_connection ON sync_item (hubspot_connection_id);
CREATE INDEX ix_sync_item_jira_connection ON sync_item (jira_connection_id);
