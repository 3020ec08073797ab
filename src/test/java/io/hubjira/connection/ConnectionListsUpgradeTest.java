package io.hubjira.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.hubspot.HubSpotCredentialsChanged;
import io.hubjira.item.ItemRepository;
import io.hubjira.item.UnboundItems;
import io.hubjira.jira.JiraCredentialsChanged;
import io.hubjira.secret.SecretCipher;
import io.hubjira.storage.EmbeddedPostgresSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An installation of the single-connection schema upgrades in place, on H2 (PostgreSQL mode) and on a real PostgreSQL:
 * its HubSpot and Jira connections become the first of each list (named, active, their secrets — encrypted bound to
 * row 1 — still readable), every item is bound to them, and nothing else of what it held moves: links, synced values,
 * comment and attachment links, the Jira inbox and its claims, the HubSpot change queue, watermarks and dead letters.
 * The next connection saved is row 2. An installation never connected keeps its items unbound until its first
 * connections are saved.
 */
class ConnectionListsUpgradeTest {

    static final OffsetDateTime T0 = Instant.parse("2026-11-20T09:00:00Z").atOffset(ZoneOffset.UTC);
    static final String ACCESS_TOKEN = "oauth-access-token-0000-aaaa";
    static final String REFRESH_TOKEN = "oauth-refresh-token-0000-bbbb";
    static final String CLIENT_SECRET = "oauth-client-secret-0000-cccc";
    static final String JIRA_TOKEN = "jira-api-token-0000-dddd";
    static final String SITE = "https://acme.atlassian.net";
    static final long PORTAL = 24681357;

    static Stream<Arguments> databases() {
        return EmbeddedPostgresSupport.h2AndPostgres("connection_lists");
    }

    static SecretCipher cipher() {
        return new SecretCipher(new ConnectorProperties(null, null, null, null, null,
                new ConnectorProperties.Secrets("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", null, null), null, null, null, null, null, null,
                null, null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theConnectionsBecomeTheFirstOfEachListAndEverythingElseStaysAsItWas(String database, DataSource ds) {
        JdbcTemplate jdbc = EmbeddedPostgresSupport.migrated(ds, "22");
        SecretCipher cipher = cipher();
        jdbc.update("INSERT INTO hubspot_connection (id, auth_type, token_kind, portal_id, ui_domain, data_hosting_location, scopes, "
                        + "access_token_enc, refresh_token_enc, access_token_expires_at, oauth_client_id, oauth_client_secret_enc, oauth_redirect_uri, "
                        + "connected_at, updated_at) VALUES (1, 'OAUTH', 'OAUTH', ?, 'app-eu1.hubspot.com', 'eu1', 'oauth crm.objects.deals.read', ?, ?, ?, "
                        + "'client-1', ?, 'https://connector.example.com/oauth', ?, ?)",
                PORTAL, cipher.encrypt(ACCESS_TOKEN, ConnectionStore.HUBSPOT_ACCESS_TOKEN.at(1)),
                cipher.encrypt(REFRESH_TOKEN, ConnectionStore.HUBSPOT_REFRESH_TOKEN.at(1)), T0.plusMinutes(30),
                cipher.encrypt(CLIENT_SECRET, ConnectionStore.HUBSPOT_CLIENT_SECRET.at(1)), T0, T0);
        jdbc.update("INSERT INTO jira_connection (id, base_url, account_email, api_token_enc, account_id, display_name, connected_at, updated_at) "
                + "VALUES (1, ?, 'bot@acme.example', ?, 'acc-bot', 'Connector bot', ?, ?)",
                SITE, cipher.encrypt(JIRA_TOKEN, ConnectionStore.JIRA_API_TOKEN.at(1, SITE)), T0, T0);
        long deals = item(jdbc, "Deals");
        long tickets = item(jdbc, "Tickets");
        long dealLink = link(jdbc, deals, "deals", "101", "SUP-1", "10001");
        long ticketLink = link(jdbc, tickets, "tickets", "101", "SUP-2", "10002");
        jdbc.update("INSERT INTO synced_value (link_id, field_key, field_value, direction, synced_at) VALUES (?, 'summary', 'Acme renewal', "
                + "'HUBSPOT_TO_JIRA', ?)", dealLink, T0);
        jdbc.update("INSERT INTO comment_link (link_id, note_id, comment_id, origin, state, created_at, updated_at) VALUES (?, '9001', '20001', "
                + "'HUBSPOT', 'DONE', ?, ?)", dealLink, T0, T0);
        jdbc.update("INSERT INTO attachment_link (link_id, note_id, hubspot_file_id, jira_attachment_id, file_name, size_bytes, origin, state, "
                + "created_at, updated_at) VALUES (?, '9002', '7001', '30001', 'contract.pdf', 2048, 'HUBSPOT', 'SYNCED', ?, ?)", ticketLink, T0, T0);
        jdbc.update("INSERT INTO webhook_inbox (webhook_identifier, event_type, issue_id, issue_key, payload, state, received_at) "
                + "VALUES ('delivery-1', 'jira:issue_updated', '10001', 'SUP-1', '{}', 'NEW', ?)", T0);
        jdbc.update("INSERT INTO webhook_inbox (webhook_identifier, event_type, issue_id, issue_key, payload, state, locked_by, received_at) "
                + "VALUES ('delivery-2', 'comment_created', '10002', 'SUP-2', '{}', 'PROCESSING', 'instance-a', ?)", T0);
        jdbc.update("INSERT INTO inbox_issue_claim (issue_id, claimed_by, claimed_until, claim_token) VALUES ('10002', 'instance-a', ?, 7)",
                T0.plusSeconds(20));
        jdbc.update("INSERT INTO hubspot_change (object_type, record_id, received_at) VALUES ('deals', '101', ?)", T0);
        jdbc.update("INSERT INTO hubspot_change (object_type, record_id, received_at, claimed_by, claimed_until) VALUES ('tickets', '101', ?, "
                + "'instance-a', ?)", T0, T0.plusSeconds(20));
        jdbc.update("INSERT INTO poll_watermark (feed, item_id, last_modified, last_object_id, updated_at) VALUES ('records', ?, ?, '101', ?)",
                deals, T0.minusMinutes(5), T0);
        jdbc.update("INSERT INTO poll_watermark (feed, item_id, last_modified, last_object_id, updated_at) VALUES ('notes', 0, ?, '9001', ?)",
                T0.minusMinutes(7), T0);
        deadLetter(jdbc, deals, "101", null, "record:" + deals + ":101");
        deadLetter(jdbc, tickets, null, "SUP-2", "jira:10002:comment:20002");

        EmbeddedPostgresSupport.migrated(ds, null);
        ConnectionStore store = new ConnectionStore(jdbc, cipher);

        HubSpotConnection portal = store.findHubSpot(1).orElseThrow();
        assertThat(portal.name()).isEqualTo("hubspot-" + PORTAL);
        assertThat(portal.state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(portal.portalId()).isEqualTo(PORTAL);
        assertThat(portal.uiDomain()).as("an EU portal keeps its record host").isEqualTo("app-eu1.hubspot.com");
        assertThat(portal.accessToken()).isEqualTo(ACCESS_TOKEN);
        assertThat(portal.refreshToken()).isEqualTo(REFRESH_TOKEN);
        assertThat(portal.oauthClientSecret()).isEqualTo(CLIENT_SECRET);
        assertThat(portal.webhookSecret()).isNull();
        assertThat(store.findHubSpot()).as("the first connection, as the single-connection paths see it").contains(portal);
        JiraConnection site = store.findJira(1).orElseThrow();
        assertThat(site.name()).isEqualTo("jira-default");
        assertThat(site.state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(site.apiToken()).isEqualTo(JIRA_TOKEN);
        assertThat(site.accountId()).isEqualTo("acc-bot");

        assertThat(jdbc.queryForList("SELECT hubspot_connection_id, jira_connection_id FROM sync_item ORDER BY id").stream()
                .map(r -> new ArrayList<>(r.values()).toString()).toList()).containsExactly("[1, 1]", "[1, 1]");
        assertThat(jdbc.queryForList("SELECT item_id, record_id, issue_key, issue_id, state FROM record_link ORDER BY id").stream()
                .map(r -> new ArrayList<>(r.values()).toString()).toList())
                .containsExactly("[" + deals + ", 101, SUP-1, 10001, LINKED]", "[" + tickets + ", 101, SUP-2, 10002, LINKED]");
        assertThat(jdbc.queryForObject("SELECT field_value FROM synced_value WHERE link_id = ?", String.class, dealLink)).isEqualTo("Acme renewal");
        assertThat(jdbc.queryForMap("SELECT note_id, comment_id, state FROM comment_link WHERE link_id = ?", dealLink).values().toString())
                .isEqualTo("[9001, 20001, DONE]");
        assertThat(jdbc.queryForMap("SELECT hubspot_file_id, jira_attachment_id, state FROM attachment_link WHERE link_id = ?", ticketLink)
                .values().toString()).isEqualTo("[7001, 30001, SYNCED]");
        // the queues are still there, each row with what it was waiting for (their keys gain the connection on the way)
        assertThat(jdbc.queryForList("SELECT webhook_identifier, issue_key, state FROM webhook_inbox ORDER BY id").stream()
                .map(r -> new ArrayList<>(r.values()).toString()).toList())
                .containsExactly("[delivery-1, SUP-1, NEW]", "[delivery-2, SUP-2, PROCESSING]");
        assertThat(jdbc.queryForMap("SELECT issue_id, claimed_by FROM inbox_issue_claim").values().toString()).isEqualTo("[10002, instance-a]");
        assertThat(jdbc.queryForList("SELECT object_type, record_id, claimed_by FROM hubspot_change ORDER BY object_type").stream()
                .map(r -> new ArrayList<>(r.values()).toString()).toList()).containsExactly("[deals, 101, null]", "[tickets, 101, instance-a]");
        assertThat(jdbc.queryForList("SELECT feed, last_object_id FROM poll_watermark ORDER BY feed").stream()
                .map(r -> new ArrayList<>(r.values()).toString()).toList()).containsExactly("[notes, 9001]", "[records, 101]");
        assertThat(jdbc.queryForList("SELECT item_id, record_id, issue_key, state FROM dead_letter ORDER BY id").stream()
                .map(r -> new ArrayList<>(r.values()).toString()).toList())
                .containsExactly("[" + deals + ", 101, null, OPEN]", "[" + tickets + ", null, SUP-2, OPEN]");
        assertThat(jdbc.queryForObject("SELECT subject FROM dead_letter WHERE record_id = '101'", String.class)).isEqualTo("record:" + deals + ":101");

        HubSpotConnection second = store.saveHubSpot(new HubSpotConnection(0, "eu-portal", ConnectionState.ACTIVE,
                HubSpotConnection.AuthType.STATIC_TOKEN, HubSpotConnection.TokenKind.SERVICE_KEY, 13572468, "app.hubspot.com", "na1", null,
                "svc-key-second", null, null, null, null, null, "second-webhook-secret", null, T0.toInstant()));
        assertThat(second.id()).as("the identity restarted past the upgraded row").isEqualTo(2);
        assertThat(store.findHubSpot(2).orElseThrow().webhookSecret()).isEqualTo("second-webhook-secret");
        JiraConnection secondSite = store.saveJira(new JiraConnection(0, "emea", ConnectionState.ACTIVE, "https://emea.atlassian.net",
                "bot@acme.example", "jira-token-second", "acc-emea", null, null, null, T0.toInstant()));
        assertThat(secondSite.id()).isEqualTo(2);
        assertThat(store.findHubSpot(1).orElseThrow().accessToken()).as("row 1 untouched by the insert").isEqualTo(ACCESS_TOKEN);
        assertThat(store.hubSpotConnections()).extracting(HubSpotConnection::name).containsExactly("hubspot-" + PORTAL, "eu-portal");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anInstallationNeverConnectedBindsItsItemsToTheFirstConnectionsOnceTheyAreSaved(String database, DataSource ds) {
        JdbcTemplate jdbc = EmbeddedPostgresSupport.migrated(ds, "22");
        long deals = item(jdbc, "Deals");
        EmbeddedPostgresSupport.migrated(ds, null);
        assertThat(binding(jdbc, deals)).as("nothing to bind to yet").isEqualTo("[null, null]");

        ConnectionStore store = new ConnectionStore(jdbc, cipher());
        UnboundItems unbound = new UnboundItems(store, new ItemRepository(jdbc, new ObjectMapper()));
        HubSpotConnection portal = store.saveHubSpot(new HubSpotConnection(0, "hubspot-" + PORTAL, ConnectionState.ACTIVE,
                HubSpotConnection.AuthType.STATIC_TOKEN, HubSpotConnection.TokenKind.SERVICE_KEY, PORTAL, "app.hubspot.com", "na1", null,
                "svc-key", null, null, null, null, null, null, null, T0.toInstant()));
        unbound.hubSpotSaved(new HubSpotCredentialsChanged(portal.id(), PORTAL));
        assertThat(binding(jdbc, deals)).isEqualTo("[" + portal.id() + ", null]");
        JiraConnection site = store.saveJira(new JiraConnection(0, "jira-default", ConnectionState.ACTIVE, SITE, "bot@acme.example", JIRA_TOKEN,
                "acc-bot", null, null, null, T0.toInstant()));
        unbound.jiraSaved(new JiraCredentialsChanged(site.id(), SITE));
        assertThat(binding(jdbc, deals)).isEqualTo("[" + portal.id() + ", " + site.id() + "]");

        long later = item(jdbc, "Made later");
        HubSpotConnection added = store.saveHubSpot(portal.saved(0, "second"));
        unbound.hubSpotSaved(new HubSpotCredentialsChanged(added.id(), PORTAL));
        assertThat(binding(jdbc, later)).as("a connection added later is not the first: it binds nothing by itself").isEqualTo("[null, null]");
    }

    private static String binding(JdbcTemplate jdbc, long item) {
        Map<String, Object> row = jdbc.queryForMap("SELECT hubspot_connection_id, jira_connection_id FROM sync_item WHERE id = ?", item);
        return new ArrayList<>(row.values()).toString();
    }

    private static long item(JdbcTemplate jdbc, String name) {
        jdbc.update("INSERT INTO sync_item (name, mode, hubspot_module, hubspot_object_type, jira_project_keys, created_at, updated_at)"
                + " VALUES (?, 'TWO_WAY', 'CRM', 'deals', 'SUP', ?, ?)", name, T0, T0);
        return jdbc.queryForObject("SELECT id FROM sync_item WHERE name = ?", Long.class, name);
    }

    private static long link(JdbcTemplate jdbc, long item, String objectType, String recordId, String issueKey, String issueId) {
        jdbc.update("INSERT INTO record_link (item_id, object_type, record_id, issue_id, issue_key, link_type, state, last_synced_at, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, 'AUTO', 'LINKED', ?, ?, ?)", item, objectType, recordId, issueId, issueKey, T0, T0, T0);
        return jdbc.queryForObject("SELECT id FROM record_link WHERE item_id = ? AND record_id = ?", Long.class, item, recordId);
    }

    private static void deadLetter(JdbcTemplate jdbc, long item, String recordId, String issueKey, String subject) {
        jdbc.update("INSERT INTO dead_letter (flow, item_id, record_id, issue_key, subject, open_subject, payload, error_message, attempts, "
                + "state, created_at, last_failed_at) VALUES ('hubspot-record', ?, ?, ?, ?, ?, '{}', 'HubSpot answered 400', 3, 'OPEN', ?, ?)",
                item, recordId, issueKey, subject, subject, T0, T0);
    }
}
