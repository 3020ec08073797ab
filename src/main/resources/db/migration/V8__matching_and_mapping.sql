-- An item's record filter (JSON: condition groups, applyToLinked, jql); NULL: every record.
ALTER TABLE sync_item ADD COLUMN record_filter TEXT;
-- Whether linked issues carry a Jira remote link to their HubSpot record, and the HubSpot property that gets the issue key.
ALTER TABLE sync_item ADD COLUMN remote_link BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE sync_item ADD COLUMN issue_key_property VARCHAR(200);
-- A mapping's explicit value map (JSON: values HubSpot → Jira, a default each way); NULL: values convert as usual.
ALTER TABLE field_mapping ADD COLUMN value_map TEXT;
-- An item's match rule (JSON: jiraField, hubspotProperty): how existing issues are found for its records.
ALTER TABLE sync_item ADD COLUMN match_rule TEXT;
-- What an item does when one side of a link goes away (JSON: archivedStatus, archivedLabel, unlinkDeletedIssues); NULL: nothing.
ALTER TABLE sync_item ADD COLUMN lifecycle TEXT;
-- The latest applied bulk connect of each item: where it stands (records after after_record are still to do), so the
-- console shows its progress and a run that stopped (a crash, a failed call) is resumed from there.
CREATE TABLE bulk_connect_run (
    item_id         BIGINT PRIMARY KEY REFERENCES sync_item (id) ON DELETE CASCADE,
    state           VARCHAR(20) NOT NULL CHECK (state IN ('RUNNING', 'DONE', 'FAILED')),
    instance        VARCHAR(200) NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at     TIMESTAMP WITH TIME ZONE,
    after_record    VARCHAR(64) NOT NULL DEFAULT '0',
    records         INTEGER NOT NULL DEFAULT 0,
    expected_total  BIGINT,
    already_linked  INTEGER NOT NULL DEFAULT 0,
    linked          INTEGER NOT NULL DEFAULT 0,
    to_create       INTEGER NOT NULL DEFAULT 0,
    conflicts       INTEGER NOT NULL DEFAULT 0,
    detail          TEXT
);
