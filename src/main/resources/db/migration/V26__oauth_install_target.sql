-- An OAuth install names the connection it is for: an existing one (its id) or a new one (the name an admin chose);
-- neither: the first connection, as before. The state that comes back with HubSpot's code connects exactly that one.
ALTER TABLE oauth_install_state ADD COLUMN target_connection_id BIGINT;
ALTER TABLE oauth_install_state ADD COLUMN target_connection_name VARCHAR(100);
