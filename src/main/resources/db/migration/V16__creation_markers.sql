-- What a reservation knows about the create sent for it, so a lost create is never sent twice:
-- creation_marker: the marker label its issue is created with (it names the item; NULL for reservations made before:
--   their issue carries the old label naming portal, object and record only);
-- creation_sent_at: when a create was sent whose outcome is not known yet (NULL: none was, or Jira's answer settled it);
-- marker_absent_since: when a search made after that first failed to show the marker. The create is sent again only
--   once the marker's absence is confirmed for longer than Jira's search may lag (connector.jira.search-consistency).
ALTER TABLE record_link ADD COLUMN creation_marker VARCHAR(255);
ALTER TABLE record_link ADD COLUMN creation_sent_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE record_link ADD COLUMN marker_absent_since TIMESTAMP WITH TIME ZONE;

-- A reservation left PENDING before this version may have had its create sent: its absence must be confirmed first.
UPDATE record_link SET creation_sent_at = updated_at WHERE state = 'PENDING';

-- For an item with a match rule: when a search first found no issue matching the record. Jira's search may not show an
-- issue created or edited moments ago, so the record's issue is created only once a search made longer than
-- connector.jira.search-consistency after that finds none either.
ALTER TABLE record_link ADD COLUMN match_absent_since TIMESTAMP WITH TIME ZONE;
