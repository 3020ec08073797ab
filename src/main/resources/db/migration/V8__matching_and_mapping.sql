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
