package io.hubjira.connection;

import java.sql.PreparedStatement;
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
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and writes the lists of HubSpot and Jira connections. Secrets are encrypted on the way in, each bound to its
 * table, column and row id; the Jira API token to the site URL as well, so a URL changed in the database cannot send the
 * token to another host: it refuses to decrypt instead. A row keeps its id for life (its ciphertexts are bound to it);
 * revoking erases the tokens and keeps the row, so the connection's items and links stay.
 */
@Repository
public class ConnectionStore {

    static final SecretColumn HUBSPOT_ACCESS_TOKEN = new SecretColumn("hubspot_connection", "access_token_enc", "id");
    static final SecretColumn HUBSPOT_REFRESH_TOKEN = new SecretColumn("hubspot_connection", "refresh_token_enc", "id");
    static final SecretColumn HUBSPOT_CLIENT_SECRET = new SecretColumn("hubspot_connection", "oauth_client_secret_enc", "id");
    static final SecretColumn HUBSPOT_WEBHOOK_SECRET = new SecretColumn("hubspot_connection", "webhook_secret_enc", "id");
    static final SecretColumn JIRA_API_TOKEN = new SecretColumn("jira_connection", "api_token_enc", "id", "base_url");
    static final SecretColumn JIRA_WEBHOOK_SECRET = new SecretColumn("jira_connection", "webhook_secret_enc", "id");
    static final List<SecretColumn> SECRET_COLUMNS = List.of(HUBSPOT_ACCESS_TOKEN, HUBSPOT_REFRESH_TOKEN, HUBSPOT_CLIENT_SECRET,
            HUBSPOT_WEBHOOK_SECRET, JIRA_API_TOKEN, JIRA_WEBHOOK_SECRET);

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

    // ---- HubSpot --------------------------------------------------------------------------------------------------------

    /** Every HubSpot connection, active and revoked, oldest first. */
    public List<HubSpotConnection> hubSpotConnections() {
        return jdbc.query("SELECT * FROM hubspot_connection ORDER BY id", this::hubSpotRow);
    }

    public Optional<HubSpotConnection> findHubSpot(long id) {
        return one(this::hubSpotRow, "SELECT * FROM hubspot_connection WHERE id = ?", id);
    }

    public Optional<HubSpotConnection> findHubSpotByName(String name) {
        return one(this::hubSpotRow, "SELECT * FROM hubspot_connection WHERE name = ?", name);
    }

    /** The first connection of the list (the one start-up settings and the single-connection API paths manage). */
    public Optional<HubSpotConnection> firstHubSpot() {
        return one(this::hubSpotRow, firstOf("hubspot_connection"));
    }

    /** The first connection when it is active (what a connector with one portal calls with). */
    public Optional<HubSpotConnection> findHubSpot() {
        return firstHubSpot().filter(HubSpotConnection::active);
    }

    /**
     * Saves a connection: a new one (id 0) is added to the list, an existing one is replaced in its row (and active
     * again if it was revoked). Answers the connection as saved, with its id.
     */
    @Transactional
    public HubSpotConnection saveHubSpot(HubSpotConnection c) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long id = c.id();
        if (id == 0) {
            KeyHolder key = new GeneratedKeyHolder();
            jdbc.update(con -> {
                PreparedStatement insert = con.prepareStatement("""
                        INSERT INTO hubspot_connection (name, state, auth_type, token_kind, portal_id, connected_at, updated_at)
                        VALUES (?, 'ACTIVE', ?, ?, ?, ?, ?)""", new String[] {"id"});
                insert.setString(1, c.name());
                insert.setString(2, c.authType().name());
                insert.setString(3, c.tokenKind().name());
                insert.setLong(4, c.portalId());
                insert.setObject(5, utc(c.connectedAt()));
                insert.setObject(6, now);
                return insert;
            }, key);
            id = key.getKey().longValue();
        }
        jdbc.update("""
                UPDATE hubspot_connection SET name = ?, state = 'ACTIVE', revoked_at = NULL, auth_type = ?, token_kind = ?, portal_id = ?,
                    ui_domain = ?, data_hosting_location = ?, scopes = ?, access_token_enc = ?, refresh_token_enc = ?,
                    access_token_expires_at = ?, oauth_client_id = ?, oauth_client_secret_enc = ?, oauth_redirect_uri = ?,
                    webhook_secret_enc = ?, webhook_url = ?, connected_at = ?, updated_at = ?
                WHERE id = ?""",
                c.name(), c.authType().name(), c.tokenKind().name(), c.portalId(), c.uiDomain(), c.dataHostingLocation(), c.scopes(),
                cipher.encrypt(c.accessToken(), HUBSPOT_ACCESS_TOKEN.at(id)), cipher.encrypt(c.refreshToken(), HUBSPOT_REFRESH_TOKEN.at(id)),
                utc(c.accessTokenExpiresAt()), c.oauthClientId(), cipher.encrypt(c.oauthClientSecret(), HUBSPOT_CLIENT_SECRET.at(id)),
                c.oauthRedirectUri(), cipher.encrypt(c.webhookSecret(), HUBSPOT_WEBHOOK_SECRET.at(id)), c.webhookUrl(), utc(c.connectedAt()),
                now, id);
        return c.saved(id, c.name());
    }

    /** Stores refreshed OAuth tokens; the refresh token rotates when HubSpot hands out a new one. */
    public void updateHubSpotTokens(long id, String accessToken, String refreshToken, Instant expiresAt) {
        jdbc.update("UPDATE hubspot_connection SET access_token_enc = ?, refresh_token_enc = ?, access_token_expires_at = ?, updated_at = ? "
                        + "WHERE id = ? AND state = 'ACTIVE'",
                cipher.encrypt(accessToken, HUBSPOT_ACCESS_TOKEN.at(id)), cipher.encrypt(refreshToken, HUBSPOT_REFRESH_TOKEN.at(id)),
                utc(expiresAt), OffsetDateTime.now(ZoneOffset.UTC), id);
    }

    /** Renames a connection, keeping its state (a revoked one stays revoked). False when there is no such connection. */
    public boolean renameHubSpot(long id, String name) {
        return rename("hubspot_connection", id, name);
    }

    /** Sets the webhook app's secret and signed URL, keeping the state (a revoked connection stays revoked). */
    public boolean updateHubSpotWebhook(long id, String secret, String url) {
        return jdbc.update("UPDATE hubspot_connection SET webhook_secret_enc = ?, webhook_url = ?, updated_at = ? WHERE id = ?",
                cipher.encrypt(secret, HUBSPOT_WEBHOOK_SECRET.at(id)), url, OffsetDateTime.now(ZoneOffset.UTC), id) > 0;
    }

    /** Erases the connection's tokens and marks it revoked; the row, its items and links stay. False when already so. */
    public boolean revokeHubSpot(long id) {
        return revoke("hubspot_connection", "access_token_enc = NULL, refresh_token_enc = NULL, access_token_expires_at = NULL", id);
    }

    // ---- Jira -----------------------------------------------------------------------------------------------------------

    /** Every Jira connection, active and revoked, oldest first. */
    public List<JiraConnection> jiraConnections() {
        return jdbc.query("SELECT * FROM jira_connection ORDER BY id", this::jiraRow);
    }

    public Optional<JiraConnection> findJira(long id) {
        return one(this::jiraRow, "SELECT * FROM jira_connection WHERE id = ?", id);
    }

    public Optional<JiraConnection> findJiraByName(String name) {
        return one(this::jiraRow, "SELECT * FROM jira_connection WHERE name = ?", name);
    }

    /** The first connection of the list (the one start-up settings and the single-connection API paths manage). */
    public Optional<JiraConnection> firstJira() {
        return one(this::jiraRow, firstOf("jira_connection"));
    }

    /** The first connection when it is active (what a connector with one site calls with). */
    public Optional<JiraConnection> findJira() {
        return firstJira().filter(JiraConnection::active);
    }

    /** Saves a connection: a new one (id 0) is added, an existing one replaced in its row and active again. */
    @Transactional
    public JiraConnection saveJira(JiraConnection c) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long id = c.id();
        if (id == 0) {
            KeyHolder key = new GeneratedKeyHolder();
            jdbc.update(con -> {
                PreparedStatement insert = con.prepareStatement("""
                        INSERT INTO jira_connection (name, state, base_url, account_email, account_id, connected_at, updated_at)
                        VALUES (?, 'ACTIVE', ?, ?, ?, ?, ?)""", new String[] {"id"});
                insert.setString(1, c.name());
                insert.setString(2, c.baseUrl());
                insert.setString(3, c.email());
                insert.setString(4, c.accountId());
                insert.setObject(5, utc(c.connectedAt()));
                insert.setObject(6, now);
                return insert;
            }, key);
            id = key.getKey().longValue();
        }
        jdbc.update("""
                UPDATE jira_connection SET name = ?, state = 'ACTIVE', revoked_at = NULL, base_url = ?, account_email = ?, api_token_enc = ?,
                    account_id = ?, display_name = ?, webhook_secret_enc = ?, forge_installation_id = ?, connected_at = ?, updated_at = ?
                WHERE id = ?""",
                c.name(), c.baseUrl(), c.email(), cipher.encrypt(c.apiToken(), JIRA_API_TOKEN.at(id, c.baseUrl())), c.accountId(),
                c.displayName(), cipher.encrypt(c.webhookSecret(), JIRA_WEBHOOK_SECRET.at(id)), blankToNull(c.forgeInstallationId()),
                utc(c.connectedAt()), now, id);
        return c.saved(id, c.name());
    }

    /** The connection the Forge app's installation (or the site's cloud id) belongs to. */
    public Optional<JiraConnection> findJiraByForgeInstallation(String installationId) {
        return one(this::jiraRow, "SELECT * FROM jira_connection WHERE forge_installation_id = ?", installationId);
    }

    /** Renames a connection, keeping its state (a revoked one stays revoked). False when there is no such connection. */
    public boolean renameJira(long id, String name) {
        return rename("jira_connection", id, name);
    }

    /** Sets the webhook secret and the Forge installation, keeping the state (a revoked connection stays revoked). */
    public boolean updateJiraWebhook(long id, String secret, String forgeInstallationId) {
        return jdbc.update("UPDATE jira_connection SET webhook_secret_enc = ?, forge_installation_id = ?, updated_at = ? WHERE id = ?",
                cipher.encrypt(secret, JIRA_WEBHOOK_SECRET.at(id)), blankToNull(forgeInstallationId), OffsetDateTime.now(ZoneOffset.UTC), id) > 0;
    }

    /** Erases the connection's token and marks it revoked; the row, its items and links stay. False when already so. */
    public boolean revokeJira(long id) {
        return revoke("jira_connection", "api_token_enc = NULL", id);
    }

    private HubSpotConnection hubSpotRow(ResultSet rs, int row) throws SQLException {
        HubSpotConnection c = hubSpotRowUnregistered(rs);
        SecretMasker.register(c.accessToken());
        SecretMasker.register(c.refreshToken());
        SecretMasker.register(c.oauthClientSecret());
        SecretMasker.register(c.webhookSecret());
        return c;
    }

    private HubSpotConnection hubSpotRowUnregistered(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        return new HubSpotConnection(
                id,
                rs.getString("name"),
                ConnectionState.valueOf(rs.getString("state")),
                HubSpotConnection.AuthType.valueOf(rs.getString("auth_type")),
                HubSpotConnection.TokenKind.valueOf(rs.getString("token_kind")),
                rs.getLong("portal_id"),
                rs.getString("ui_domain"),
                rs.getString("data_hosting_location"),
                rs.getString("scopes"),
                cipher.decrypt(rs.getString(HUBSPOT_ACCESS_TOKEN.column()), HUBSPOT_ACCESS_TOKEN.at(id)),
                cipher.decrypt(rs.getString(HUBSPOT_REFRESH_TOKEN.column()), HUBSPOT_REFRESH_TOKEN.at(id)),
                instant(rs, "access_token_expires_at"),
                rs.getString("oauth_client_id"),
                cipher.decrypt(rs.getString(HUBSPOT_CLIENT_SECRET.column()), HUBSPOT_CLIENT_SECRET.at(id)),
                rs.getString("oauth_redirect_uri"),
                cipher.decrypt(rs.getString(HUBSPOT_WEBHOOK_SECRET.column()), HUBSPOT_WEBHOOK_SECRET.at(id)),
                rs.getString("webhook_url"),
                instant(rs, "connected_at"));
    }

    private JiraConnection jiraRow(ResultSet rs, int row) throws SQLException {
        long id = rs.getLong("id");
        String token = cipher.decrypt(rs.getString(JIRA_API_TOKEN.column()), JIRA_API_TOKEN.at(id, rs.getString("base_url")));
        String webhookSecret = cipher.decrypt(rs.getString(JIRA_WEBHOOK_SECRET.column()), JIRA_WEBHOOK_SECRET.at(id));
        SecretMasker.register(token);
        SecretMasker.register(webhookSecret);
        return new JiraConnection(id, rs.getString("name"), ConnectionState.valueOf(rs.getString("state")), rs.getString("base_url"),
                rs.getString("account_email"), token, rs.getString("account_id"), rs.getString("display_name"), webhookSecret,
                rs.getString("forge_installation_id"), instant(rs, "connected_at"));
    }

    private <T> Optional<T> one(RowMapper<T> row, String sql, Object... args) {
        return jdbc.query(sql, row, args).stream().findFirst();
    }

    private static String firstOf(String table) {
        return "SELECT * FROM " + table + " WHERE id = (SELECT MIN(id) FROM " + table + ")";
    }

    private boolean rename(String table, long id, String name) {
        return jdbc.update("UPDATE " + table + " SET name = ?, updated_at = ? WHERE id = ?", name, OffsetDateTime.now(ZoneOffset.UTC), id) > 0;
    }

    /** Marks an active connection revoked, erasing its token columns (the SQL assignments given). */
    private boolean revoke(String table, String erasedTokens, long id) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return jdbc.update("UPDATE " + table + " SET state = 'REVOKED', revoked_at = ?, " + erasedTokens + ", updated_at = ?"
                + " WHERE id = ? AND state = 'ACTIVE'", now, now, id) > 0;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

}
