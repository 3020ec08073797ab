package io.hubjira.connection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import io.hubjira.secret.SecretCipher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Reads and writes the single HubSpot and Jira connection rows; secrets are encrypted on the way in. */
@Repository
public class ConnectionStore {

    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;

    public ConnectionStore(JdbcTemplate jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    public Optional<HubSpotConnection> findHubSpot() {
        return jdbc.query("SELECT * FROM hubspot_connection WHERE id = 1", this::hubSpotRow).stream().findFirst();
    }

    @Transactional
    public void saveHubSpot(HubSpotConnection c) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("DELETE FROM hubspot_connection WHERE id = 1");
        jdbc.update("""
                INSERT INTO hubspot_connection (id, auth_type, token_kind, portal_id, ui_domain, data_hosting_location, scopes,
                    access_token_enc, refresh_token_enc, access_token_expires_at, oauth_client_id, oauth_client_secret_enc,
                    oauth_redirect_uri, connected_at, updated_at)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                c.authType().name(), c.tokenKind().name(), c.portalId(), c.uiDomain(), c.dataHostingLocation(), c.scopes(),
                cipher.encrypt(c.accessToken()), cipher.encrypt(c.refreshToken()), utc(c.accessTokenExpiresAt()),
                c.oauthClientId(), cipher.encrypt(c.oauthClientSecret()), c.oauthRedirectUri(), utc(c.connectedAt()), now);
    }

    /** Stores refreshed OAuth tokens; the refresh token rotates when HubSpot hands out a new one. */
    public void updateHubSpotTokens(String accessToken, String refreshToken, Instant expiresAt) {
        jdbc.update("UPDATE hubspot_connection SET access_token_enc = ?, refresh_token_enc = ?, access_token_expires_at = ?, updated_at = ? WHERE id = 1",
                cipher.encrypt(accessToken), cipher.encrypt(refreshToken), utc(expiresAt), OffsetDateTime.now(ZoneOffset.UTC));
    }

    public boolean deleteHubSpot() {
        return jdbc.update("DELETE FROM hubspot_connection WHERE id = 1") > 0;
    }

    public Optional<JiraConnection> findJira() {
        return jdbc.query("SELECT * FROM jira_connection WHERE id = 1", this::jiraRow).stream().findFirst();
    }

    @Transactional
    public void saveJira(JiraConnection c) {
        jdbc.update("DELETE FROM jira_connection WHERE id = 1");
        jdbc.update("""
                INSERT INTO jira_connection (id, base_url, account_email, api_token_enc, account_id, display_name, connected_at, updated_at)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?)""",
                c.baseUrl(), c.email(), cipher.encrypt(c.apiToken()), c.accountId(), c.displayName(), utc(c.connectedAt()),
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    public boolean deleteJira() {
        return jdbc.update("DELETE FROM jira_connection WHERE id = 1") > 0;
    }

    private HubSpotConnection hubSpotRow(ResultSet rs, int row) throws SQLException {
        HubSpotConnection c = hubSpotRowUnregistered(rs);
        io.hubjira.secret.SecretMasker.register(c.accessToken());
        io.hubjira.secret.SecretMasker.register(c.refreshToken());
        io.hubjira.secret.SecretMasker.register(c.oauthClientSecret());
        return c;
    }

    private HubSpotConnection hubSpotRowUnregistered(ResultSet rs) throws SQLException {
        return new HubSpotConnection(
                HubSpotConnection.AuthType.valueOf(rs.getString("auth_type")),
                HubSpotConnection.TokenKind.valueOf(rs.getString("token_kind")),
                rs.getLong("portal_id"),
                rs.getString("ui_domain"),
                rs.getString("data_hosting_location"),
                rs.getString("scopes"),
                cipher.decrypt(rs.getString("access_token_enc")),
                cipher.decrypt(rs.getString("refresh_token_enc")),
                instant(rs, "access_token_expires_at"),
                rs.getString("oauth_client_id"),
                cipher.decrypt(rs.getString("oauth_client_secret_enc")),
                rs.getString("oauth_redirect_uri"),
                instant(rs, "connected_at"));
    }

    private JiraConnection jiraRow(ResultSet rs, int row) throws SQLException {
        String token = cipher.decrypt(rs.getString("api_token_enc"));
        io.hubjira.secret.SecretMasker.register(token);
        return new JiraConnection(rs.getString("base_url"), rs.getString("account_email"),
                token, rs.getString("account_id"), rs.getString("display_name"),
                instant(rs, "connected_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

}
