package io.hubjira.connection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.hubjira.secret.SecretCipher;
import io.hubjira.secret.SecretColumn;
import io.hubjira.secret.SecretMasker;
import io.hubjira.secret.UnboundSecrets;
import jakarta.annotation.PostConstruct;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and writes the single HubSpot and Jira connection rows. Secrets are encrypted on the way in, each bound to its
 * table, column and row; the Jira API token to the site URL as well, so a URL changed in the database cannot send the
 * token to another host: it refuses to decrypt instead.
 */
@Repository
public class ConnectionStore {

    /** The rows' id: each table holds at most one row. */
    private static final int ROW = 1;
    static final SecretColumn HUBSPOT_ACCESS_TOKEN = new SecretColumn("hubspot_connection", "access_token_enc", "id");
    static final SecretColumn HUBSPOT_REFRESH_TOKEN = new SecretColumn("hubspot_connection", "refresh_token_enc", "id");
    static final SecretColumn HUBSPOT_CLIENT_SECRET = new SecretColumn("hubspot_connection", "oauth_client_secret_enc", "id");
    static final SecretColumn JIRA_API_TOKEN = new SecretColumn("jira_connection", "api_token_enc", "id", "base_url");
    static final List<SecretColumn> SECRET_COLUMNS = List.of(HUBSPOT_ACCESS_TOKEN, HUBSPOT_REFRESH_TOKEN, HUBSPOT_CLIENT_SECRET, JIRA_API_TOKEN);

    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;

    public ConnectionStore(JdbcTemplate jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** Before anything reads a connection: secrets an earlier version stored unbound are re-encrypted in place. */
    @PostConstruct
    public void bindUnboundSecrets() {
        UnboundSecrets.bind(jdbc, cipher, SECRET_COLUMNS);
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
                cipher.encrypt(c.accessToken(), HUBSPOT_ACCESS_TOKEN.at(ROW)), cipher.encrypt(c.refreshToken(), HUBSPOT_REFRESH_TOKEN.at(ROW)),
                utc(c.accessTokenExpiresAt()), c.oauthClientId(), cipher.encrypt(c.oauthClientSecret(), HUBSPOT_CLIENT_SECRET.at(ROW)),
                c.oauthRedirectUri(), utc(c.connectedAt()), now);
    }

    /** Stores refreshed OAuth tokens; the refresh token rotates when HubSpot hands out a new one. */
    public void updateHubSpotTokens(String accessToken, String refreshToken, Instant expiresAt) {
        jdbc.update("UPDATE hubspot_connection SET access_token_enc = ?, refresh_token_enc = ?, access_token_expires_at = ?, updated_at = ? WHERE id = 1",
                cipher.encrypt(accessToken, HUBSPOT_ACCESS_TOKEN.at(ROW)), cipher.encrypt(refreshToken, HUBSPOT_REFRESH_TOKEN.at(ROW)),
                utc(expiresAt), OffsetDateTime.now(ZoneOffset.UTC));
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
                c.baseUrl(), c.email(), cipher.encrypt(c.apiToken(), JIRA_API_TOKEN.at(ROW, c.baseUrl())), c.accountId(), c.displayName(),
                utc(c.connectedAt()),
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    public boolean deleteJira() {
        return jdbc.update("DELETE FROM jira_connection WHERE id = 1") > 0;
    }

    private HubSpotConnection hubSpotRow(ResultSet rs, int row) throws SQLException {
        HubSpotConnection c = hubSpotRowUnregistered(rs);
        SecretMasker.register(c.accessToken());
        SecretMasker.register(c.refreshToken());
        SecretMasker.register(c.oauthClientSecret());
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
                cipher.decrypt(rs.getString(HUBSPOT_ACCESS_TOKEN.column()), HUBSPOT_ACCESS_TOKEN.at(rs.getInt("id"))),
                cipher.decrypt(rs.getString(HUBSPOT_REFRESH_TOKEN.column()), HUBSPOT_REFRESH_TOKEN.at(rs.getInt("id"))),
                instant(rs, "access_token_expires_at"),
                rs.getString("oauth_client_id"),
                cipher.decrypt(rs.getString(HUBSPOT_CLIENT_SECRET.column()), HUBSPOT_CLIENT_SECRET.at(rs.getInt("id"))),
                rs.getString("oauth_redirect_uri"),
                instant(rs, "connected_at"));
    }

    private JiraConnection jiraRow(ResultSet rs, int row) throws SQLException {
        String token = cipher.decrypt(rs.getString(JIRA_API_TOKEN.column()), JIRA_API_TOKEN.at(rs.getInt("id"), rs.getString("base_url")));
        SecretMasker.register(token);
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
