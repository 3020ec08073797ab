package io.hubjira.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

import io.hubjira.storage.EmbeddedPostgresSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The work queues become per connection in place, on H2 (PostgreSQL mode) and on a real PostgreSQL: what was queued
 * belongs to the first connection of each list, the keys then tell connections apart, and a Jira dead letter names its
 * site in its subject.
 */
class QueuesPerConnectionUpgradeTest {

    static final OffsetDateTime T0 = Instant.parse("2026-12-01T10:00:00Z").atOffset(ZoneOffset.UTC);

    static Stream<Arguments> databases() {
        return EmbeddedPostgresSupport.h2AndPostgres("queues_v25");
    }

    /** Connections as the lists hold them before this version; ids not starting at 1, so "the first" is MIN(id). */
    private static void connections(JdbcTemplate jdbc) {
        String hubspot = "INSERT INTO hubspot_connection (id, name, state, auth_type, token_kind, portal_id, connected_at, updated_at)"
                + " VALUES (?, ?, 'ACTIVE', 'STATIC_TOKEN', 'PROJECT_APP', ?, ?, ?)";
        jdbc.update(hubspot, 7, "eu-portal", 87654321L, T0, T0);
        jdbc.update(hubspot, 4, "hubspot-12345678", 12345678L, T0, T0);
        String jira = "INSERT INTO jira_connection (id, name, state, base_url, account_email, account_id, connected_at, updated_at)"
                + " VALUES (?, ?, 'ACTIVE', ?, 'connector@example.com', 'acc', ?, ?)";
        jdbc.update(jira, 5, "jira-emea", "https://emea.atlassian.net", T0, T0);
        jdbc.update(jira, 3, "jira-default", "https://example.atlassian.net", T0, T0);
    }

    /** Work queued before the upgrade: changes, inbox events (new and claimed), body digests and dead letters. */
    private static void queuedWork(JdbcTemplate jdbc) {
        String change = "INSERT INTO hubspot_change (object_type, record_id, received_at, forced, attempts, claimed_by, claimed_until)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)";
        jdbc.update(change, "deals", "1", T0, false, 0, null, null);
        jdbc.update(change, "tickets", "2", T0, true, 1, "old-instance", T0);
        String event = "INSERT INTO webhook_inbox (webhook_identifier, event_type, issue_id, issue_key, event_timestamp, payload, state, attempts,"
                + " locked_by, received_at) VALUES (?, 'jira:issue_updated', ?, ?, ?, '{}', ?, ?, ?, ?)";
        jdbc.update(event, "delivery-1", "100", "SUP-1", 1L, "NEW", 0, null, T0);
        jdbc.update(event, "delivery-2", "200", "SUP-2", 2L, "PROCESSING", 1, "old-instance", T0);
        jdbc.update("INSERT INTO inbox_issue_claim (issue_id, claimed_by, claimed_until) VALUES ('200', 'old-instance', ?)", T0);
        jdbc.update("INSERT INTO webhook_body_digest (body_sha256, received_at) VALUES (?, ?)", "a".repeat(64), T0);
        String letter = "INSERT INTO dead_letter (flow, subject, open_subject, payload, error_message, state, created_at, last_failed_at)"
                + " VALUES (?, ?, ?, '{}', 'failed', ?, ?, ?)";
        jdbc.update(letter, "jira-inbox", "jira:SUP-1:COMMENT:10010", "jira:SUP-1:COMMENT:10010", "OPEN", T0, T0);
        jdbc.update(letter, "jira-inbox", "jira:SUP-2:ISSUE", null, "RESOLVED", T0, T0);
        jdbc.update(letter, "jira-inbox", "jira-event:9", "jira-event:9", "OPEN", T0, T0);
        jdbc.update(letter, "hubspot-record", "record:1:55", "record:1:55", "OPEN", T0, T0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void whatWasQueuedBelongsToTheFirstConnectionsAndTheKeysThenTellConnectionsApart(String name, DataSource ds) {
        JdbcTemplate jdbc = EmbeddedPostgresSupport.migrated(ds, "24");
        connections(jdbc);
        queuedWork(jdbc);

        EmbeddedPostgresSupport.migrated(ds, null);

        assertThat(jdbc.queryForList("SELECT hubspot_connection_id, object_type, record_id, forced, claimed_by FROM hubspot_change ORDER BY record_id"))
                .as("queued changes are the first HubSpot connection's, as they were")
                .extracting(r -> List.of(r.get("hubspot_connection_id"), r.get("object_type"), r.get("record_id"), r.get("forced"),
                        String.valueOf(r.get("claimed_by"))))
                .containsExactly(List.of(4L, "deals", "1", false, "null"), List.of(4L, "tickets", "2", true, "old-instance"));
        assertThat(jdbc.queryForList("SELECT DISTINCT jira_connection_id FROM webhook_inbox", Long.class)).containsExactly(3L);
        assertThat(jdbc.queryForList("SELECT jira_connection_id, issue_id FROM inbox_issue_claim"))
                .extracting(r -> List.of(r.get("jira_connection_id"), r.get("issue_id"))).containsExactly(List.of(3L, "200"));
        assertThat(jdbc.queryForList("SELECT jira_connection_id FROM webhook_body_digest", Long.class)).containsExactly(3L);
        assertThat(jdbc.queryForList("SELECT subject, open_subject FROM dead_letter ORDER BY id"))
                .extracting(r -> r.get("subject") + " / " + r.get("open_subject"))
                .containsExactly("jira:3:SUP-1:COMMENT:10010 / jira:3:SUP-1:COMMENT:10010", "jira:3:SUP-2:ISSUE / null",
                        "jira-event:9 / jira-event:9", "record:1:55 / record:1:55");

        // the same record, delivery, issue and body under another connection are other rows; under the same, refused
        jdbc.update("INSERT INTO hubspot_change (hubspot_connection_id, object_type, record_id, received_at) VALUES (7, 'deals', '1', ?)", T0);
        assertThatThrownBy(() -> jdbc.update("INSERT INTO hubspot_change (hubspot_connection_id, object_type, record_id, received_at)"
                + " VALUES (4, 'deals', '1', ?)", T0)).isInstanceOf(DataIntegrityViolationException.class);
        String event = "INSERT INTO webhook_inbox (jira_connection_id, webhook_identifier, event_type, issue_id, payload, received_at)"
                + " VALUES (?, 'delivery-1', 'jira:issue_updated', '100', '{}', ?)";
        jdbc.update(event, 5L, T0);
        assertThatThrownBy(() -> jdbc.update(event, 3L, T0)).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update("INSERT INTO webhook_inbox (webhook_identifier, event_type, payload, received_at)"
                + " VALUES ('no-site', 'jira:issue_updated', '{}', ?)", T0)).as("every event names its site")
                .isInstanceOf(DataIntegrityViolationException.class);
        jdbc.update("INSERT INTO inbox_issue_claim (jira_connection_id, issue_id, claimed_by, claimed_until) VALUES (5, '200', 'x', ?)", T0);
        assertThatThrownBy(() -> jdbc.update("INSERT INTO inbox_issue_claim (jira_connection_id, issue_id, claimed_by, claimed_until)"
                + " VALUES (3, '200', 'x', ?)", T0)).isInstanceOf(DataIntegrityViolationException.class);
        jdbc.update("INSERT INTO webhook_body_digest (jira_connection_id, body_sha256, received_at) VALUES (5, ?, ?)", "a".repeat(64), T0);
        assertThatThrownBy(() -> jdbc.update("INSERT INTO webhook_body_digest (jira_connection_id, body_sha256, received_at) VALUES (3, ?, ?)",
                "a".repeat(64), T0)).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change WHERE record_id = '1'", Integer.class)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void workQueuedBeforeAnyConnectionWasSavedBelongsToNone(String name, DataSource ds) {
        JdbcTemplate jdbc = EmbeddedPostgresSupport.migrated(ds, "24");
        queuedWork(jdbc);

        EmbeddedPostgresSupport.migrated(ds, null);

        assertThat(jdbc.queryForList("SELECT DISTINCT hubspot_connection_id FROM hubspot_change", Long.class)).containsExactly(0L);
        assertThat(jdbc.queryForList("SELECT DISTINCT jira_connection_id FROM webhook_inbox", Long.class)).containsExactly(0L);
        assertThat(jdbc.queryForMap("SELECT subject, open_subject FROM dead_letter WHERE flow = 'jira-inbox' AND state = 'OPEN'"
                + " AND subject LIKE 'jira:%'")).isEqualTo(Map.of("subject", "jira:0:SUP-1:COMMENT:10010", "open_subject", "jira:0:SUP-1:COMMENT:10010"));
    }
}
