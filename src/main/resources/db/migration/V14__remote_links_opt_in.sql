-- Jira remote links cost one Jira call per linked issue (Jira has no bulk remote-link API), so an item now asks for
-- them (remoteLink: true); by default a new issue's description names its HubSpot record instead. Items stored before
-- keep the switch they have; only the column's default follows the new default.
ALTER TABLE sync_item ALTER COLUMN remote_link SET DEFAULT FALSE;
