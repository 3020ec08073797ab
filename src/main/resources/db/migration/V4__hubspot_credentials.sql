-- HubSpot credentials as they exist since 2026: a static token (a Service Key, a project app's static token, or a
-- legacy private app token) or OAuth. The kind of a static token is what the admin declared (HubSpot's answers do
-- not say); the private-app id is gone with the token-info endpoint the connector no longer calls.
-- Rebuilt rather than altered: the auth_type check constraint has no portable name.
CREATE TABLE hubspot_connection_v4 (
    id                       SMALLINT PRIMARY KEY CHECK (id = 1),
    auth_type                VARCHAR(20)  NOT NULL CHECK (auth_type IN ('STATIC_TOKEN', 'OAUTH')),
    token_kind               VARCHAR(20)  NOT NULL CHECK (token_kind IN ('SERVICE_KEY', 'PROJECT_APP', 'PRIVATE_APP', 'OAUTH', 'UNSPECIFIED')),
    portal_id                BIGINT       NOT NULL,
    ui_domain                VARCHAR(200),
    data_hosting_location    VARCHAR(20),
    scopes                   TEXT,
    access_token_enc         TEXT         NOT NULL,
    refresh_token_enc        TEXT,
    access_token_expires_at  TIMESTAMP WITH TIME ZONE,
    oauth_client_id          VARCHAR(200),
    oauth_client_secret_enc  TEXT,
    oauth_redirect_uri       VARCHAR(1000),
    connected_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at               TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO hubspot_connection_v4 (id, auth_type, token_kind, portal_id, ui_domain, data_hosting_location, scopes, access_token_enc,
    refresh_token_enc, access_token_expires_at, oauth_client_id, oauth_client_secret_enc, oauth_redirect_uri, connected_at, updated_at)
SELECT id, CASE WHEN auth_type = 'OAUTH' THEN 'OAUTH' ELSE 'STATIC_TOKEN' END,
       CASE WHEN auth_type = 'OAUTH' THEN 'OAUTH' ELSE 'PRIVATE_APP' END,
       portal_id, ui_domain, data_hosting_location, scopes, access_token_enc, refresh_token_enc, access_token_expires_at,
       oauth_client_id, oauth_client_secret_enc, oauth_redirect_uri, connected_at, updated_at
FROM hubspot_connection;

DROP TABLE hubspot_connection;
ALTER TABLE hubspot_connection_v4 RENAME TO hubspot_connection;
