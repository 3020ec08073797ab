-- Who acted, for actions a person took in the issue panel: the Jira user (account id and display name as Jira showed
-- it then) for the panel inside Jira, or the admin's name (no account id) for the standalone panel page. NULL for the
-- connector's own sync actions.
ALTER TABLE audit_event ADD COLUMN actor_account_id VARCHAR(128);
ALTER TABLE audit_event ADD COLUMN actor_name VARCHAR(255);
