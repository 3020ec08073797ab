-- The state of HubSpot's OAuth install flow: each authorize URL carries a random state issued to one admin for one
-- client id and redirect URI; the code that comes back is exchanged only with it, once, before it expires. Only the
-- state's SHA-256 digest is kept.
CREATE TABLE oauth_install_state (
    state_digest  VARCHAR(64)   PRIMARY KEY,
    admin_name    VARCHAR(200)  NOT NULL,
    client_id     VARCHAR(200)  NOT NULL,
    redirect_uri  VARCHAR(1000) NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
