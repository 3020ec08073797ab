-- An item's record filter (JSON: condition groups, applyToLinked, jql); NULL: every record.
ALTER TABLE sync_item ADD COLUMN record_filter TEXT;
