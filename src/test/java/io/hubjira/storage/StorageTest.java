package io.hubjira.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

import io.hubjira.queue.WorkClaims;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The Flyway schema on H2 (PostgreSQL mode, as configured by default) and on a real PostgreSQL. */
class StorageTest {

    static Stream<Arguments> databases() {
        return EmbeddedPostgresSupport.h2AndPostgres("storage");
    }

    private static JdbcTemplate migrated(DataSource ds) {
        return EmbeddedPostgresSupport.migrated(ds, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyTableOfTheDesignExists(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds);
        for (String table : List.of("hubspot_connection", "jira_connection", "sync_item", "field_mapping", "sync_rule", "record_link",
                "poll_watermark", "camel_messageprocessed", "webhook_inbox", "comment_link", "attachment_link", "synced_value",
                "dead_letter", "audit_event", "qrtz_job_details", "qrtz_triggers", "qrtz_cron_triggers", "qrtz_fired_triggers",
                "qrtz_scheduler_state", "qrtz_locks", "hubspot_change", "inbox_issue_claim", "api_rate_budget",
                "connector_link_note")) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class)).as(name + " " + table).isZero();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE success = true", Integer.class)).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theConstraintsHoldTheRulesTheSyncReliesOn(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds);
        OffsetDateTime now = OffsetDateTime.now();
        String site = "INSERT INTO jira_connection (name, state, base_url, account_email, api_token_enc, account_id, connected_at, updated_at) VALUES (?, 'ACTIVE', 'u', 'e', 't', 'a', ?, ?)";
        jdbc.update(site, "site-x", now, now);
        jdbc.update(site, "site-y", now, now);
        assertThatThrownBy(() -> jdbc.update(site, "site-x", now, now))
                .as("connection names are unique").isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        jdbc.update("INSERT INTO sync_item (name, mode, hubspot_module, hubspot_object_type, jira_project_keys, created_at, updated_at) VALUES ('i', 'ONE_WAY', 'CRM', 'deals', 'SUP', ?, ?)", now, now);
        long item = jdbc.queryForObject("SELECT id FROM sync_item", Long.class);
        String link = "INSERT INTO record_link (item_id, object_type, record_id, issue_key, link_type, state, created_at, updated_at) VALUES (?, 'deals', ?, ?, 'AUTO', 'PENDING', ?, ?)";
        jdbc.update(link, item, "1", null, now, now);
        jdbc.update(link, item, "2", null, now, now);
        assertThatThrownBy(() -> jdbc.update(link, item, "1", "SUP-9", now, now)).as("one link per record").isInstanceOf(DuplicateKeyException.class);
        jdbc.update("UPDATE record_link SET issue_key = 'SUP-1' WHERE record_id = '1'");
        assertThatThrownBy(() -> jdbc.update(link, item, "3", "SUP-1", now, now)).as("one record per issue").isInstanceOf(DuplicateKeyException.class);
        String inbox = "INSERT INTO webhook_inbox (jira_connection_id, webhook_identifier, event_type, payload, received_at) VALUES (1, ?, 'jira:issue_updated', '{}', ?)";
        jdbc.update(inbox, "abc", now);
        assertThatThrownBy(() -> jdbc.update(inbox, "abc", now)).as("one inbox row per webhook identifier and site").isInstanceOf(DuplicateKeyException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theConnectorsLinkNotesAreLeftOutOfANotesChangeForADay(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds);
        java.time.Instant written = java.time.Instant.parse("2026-12-01T10:00:00Z");
        var linkNotes = new io.hubjira.link.ConnectorLinkNotes(jdbc, java.time.Clock.fixed(written, java.time.ZoneOffset.UTC));
        linkNotes.remember(1, List.of("501", "502", "502"));
        linkNotes.remember(2, List.of("499"));
        linkNotes.remember(1, List.of("501"));
        assertThat(linkNotes.othersOf(1, List.of("499", "501", "500", "502"))).as(name + ": another portal's note 499 is not this one's")
                .containsExactly("499", "500");
        assertThat(linkNotes.forgetOld()).as("not a day old yet").isZero();
        var dayLater = new io.hubjira.link.ConnectorLinkNotes(jdbc, java.time.Clock.fixed(written.plus(java.time.Duration.ofHours(25)),
                java.time.ZoneOffset.UTC));
        assertThat(dayLater.forgetOld()).isEqualTo(3);
        assertThat(dayLater.othersOf(1, List.of("501", "502"))).containsExactly("501", "502");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void camelsJdbcIdempotentRepositoryWorksOnOurKeyedTable(String name, DataSource ds) throws Exception {
        migrated(ds);
        JdbcMessageIdRepository repo = new JdbcMessageIdRepository(ds, new TransactionTemplate(new DataSourceTransactionManager(ds)), "hubspot-record");
        repo.setCreateTableIfNotExists(false);
        repo.start();
        assertThat(repo.add("7:1001:1732400000000")).isTrue();
        assertThat(repo.add("7:1001:1732400000000")).isFalse();
        assertThat(repo.contains("7:1001:1732400000000")).isTrue();
        assertThat(repo.add("7:1001:1732400000001")).isTrue();
        assertThat(repo.remove("7:1001:1732400000000")).isTrue();
        assertThat(repo.contains("7:1001:1732400000000")).isFalse();
        assertThatThrownBy(() -> new JdbcTemplate(ds).update("INSERT INTO camel_messageprocessed (processorName, messageId, createdAt) VALUES ('hubspot-record', '7:1001:1732400000001', CURRENT_TIMESTAMP)"))
                .as("primary key on (processor, message id)").isInstanceOf(DuplicateKeyException.class);
        repo.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSubjectHasOneOpenDeadLetterWhoseAttemptsAddUpAndAResolvedOneLeavesRoomForTheNext(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds);
        jdbc.update("INSERT INTO sync_item (id, name, mode, hubspot_module, hubspot_object_type, jira_project_keys, created_at, updated_at)"
                + " VALUES (7, 'i', 'ONE_WAY', 'CRM', 'deals', 'SUP', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        var letters = new io.hubjira.audit.DeadLetters(jdbc);
        String subject = io.hubjira.audit.DeadLetters.recordSubject(7, "42");
        var failure = new io.hubjira.audit.DeadLetters.Failure("hubspot-record", 7L, "42", "SUP-1", subject, "{}",
                "Jira answered 400 on PUT /rest/api/3/issue/SUP-1: Field 'x' cannot be set.", "JIRA_400", 3);
        long first = letters.add(failure);
        long again = letters.add(failure);
        assertThat(again).as("the same open letter").isEqualTo(first);
        var open = letters.open(7L);
        assertThat(open).hasSize(1);
        assertThat(open.get(0).attempts()).isEqualTo(6);
        assertThat(open.get(0).reason()).startsWith("Jira refused the change: Field 'x' cannot be set.");
        assertThat(letters.openFor(7, "42", null, 1)).hasSize(1);
        // an issue's letter of the same key: shown for the item's own site only
        letters.add(new io.hubjira.audit.DeadLetters.Failure("jira-issue", null, null, "SUP-9", io.hubjira.audit.DeadLetters.jiraSubject(2, "SUP-9",
                "ISSUE", null), "{}", "HubSpot answered 400", "HUBSPOT_400", 1));
        assertThat(letters.openFor(7, "43", "SUP-9", 1)).as("another site's SUP-9").isEmpty();
        assertThat(letters.openFor(7, "43", "SUP-9", 2)).hasSize(1);
        assertThat(letters.openPerItem()).containsEntry(7L, 1);

        assertThat(letters.resolve(subject, "synced by a later poll")).isTrue();
        assertThat(letters.resolve(subject, "again")).as("nothing open any more").isFalse();
        assertThat(letters.open(7L)).isEmpty();
        var resolved = letters.list(7L, io.hubjira.audit.DeadLetters.State.RESOLVED, 10);
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).resolution()).isEqualTo("synced by a later poll");

        long next = letters.add(failure);
        assertThat(next).as("a new failure after the fix is a new letter").isNotEqualTo(first);
        assertThat(letters.list(7L, null, 10)).hasSize(2);
        letters.discard(next);
        assertThat(letters.open(7L)).isEmpty();
        assertThat(letters.list(7L, io.hubjira.audit.DeadLetters.State.DISCARDED, 10)).extracting(io.hubjira.audit.DeadLetters.DeadLetter::id)
                .containsExactly(next);
        long unfiled = letters.add(new io.hubjira.audit.DeadLetters.Failure("jira-inbox", null, null, null,
                io.hubjira.audit.DeadLetters.jiraSubject(1, "SUP-2", "ISSUE", null), null, "refused", "OTHER", 1));
        assertThat(unfiled).as("a letter of no item, record or issue key gets its id from the insert").isGreaterThan(next);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aPollRunReportsItsProgressAndOutcomeAndApiUsageAddsUpAcrossInstances(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds);
        jdbc.update("INSERT INTO sync_item (id, name, mode, hubspot_module, hubspot_object_type, jira_project_keys, created_at, updated_at)"
                + " VALUES (7, 'i', 'ONE_WAY', 'CRM', 'deals', 'SUP', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        java.time.Instant t0 = java.time.Instant.parse("2026-11-30T10:00:00Z");
        var claims = org.mockito.Mockito.mock(io.hubjira.queue.WorkClaims.class);
        org.mockito.Mockito.when(claims.worker()).thenReturn("instance-a");
        var startClock = java.time.Clock.fixed(t0, java.time.ZoneOffset.UTC);
        var runs = new io.hubjira.hubspottojira.PollRuns(jdbc, claims, startClock);
        runs.started(7);
        new io.hubjira.hubspottojira.PollRuns(jdbc, claims, java.time.Clock.fixed(t0.plusSeconds(10), java.time.ZoneOffset.UTC))
                .progressed(7, 200, 1000L, 2);
        var running = runs.latest(7).orElseThrow();
        assertThat(running.running()).isTrue();
        assertThat(running.ratePerSecond(t0.plusSeconds(10))).isEqualTo(20.0);
        assertThat(running.eta(t0.plusSeconds(10))).as("800 left at 20/s").isEqualTo(t0.plusSeconds(50));
        runs.finished(7, io.hubjira.hubspottojira.PollRuns.Outcome.PARTIAL, 3, "3 records failed");
        var done = runs.latest(7).orElseThrow();
        assertThat(done.running()).isFalse();
        assertThat(done.outcome()).isEqualTo(io.hubjira.hubspottojira.PollRuns.Outcome.PARTIAL);
        assertThat(done.eta(t0.plusSeconds(60))).isNull();
        runs.started(7);
        assertThat(runs.latest(7).orElseThrow().recordsSeen()).as("a new run starts from zero").isZero();

        jdbc.update("INSERT INTO api_call_sample (sampled_at, instance, api, calls, peak_10s, daily_limit, daily_remaining) VALUES (?, 'a', 'hubspot', 40, 30, 250000, 1000)",
                t0.atOffset(java.time.ZoneOffset.UTC));
        jdbc.update("INSERT INTO api_call_sample (sampled_at, instance, api, calls, peak_10s, daily_limit, daily_remaining) VALUES (?, 'b', 'hubspot', 20, 15, 250000, 900)",
                t0.atOffset(java.time.ZoneOffset.UTC));
        jdbc.update("INSERT INTO api_call_sample (sampled_at, instance, api, calls, peak_10s) VALUES (?, 'a', 'jira', 5, 2)",
                t0.minusSeconds(60 * 60 * 24 * 9).atOffset(java.time.ZoneOffset.UTC));
        var history = new io.hubjira.ops.ApiUsageHistory(jdbc, new io.hubjira.http.ApiUsageMeter(startClock), claims, startClock,
                io.hubjira.config.ConnectorProperties.of(null, null, null));
        var minutes = history.since(t0.minusSeconds(60));
        assertThat(minutes).hasSize(1);
        assertThat(minutes.get(0).calls()).as("both instances").isEqualTo(60);
        assertThat(minutes.get(0).peak10s()).isEqualTo(45);
        assertThat(minutes.get(0).dailyRemaining()).as("the lowest remaining").isEqualTo(900);
        assertThat(history.dropOld()).as("samples older than the 8 days kept").isEqualTo(1);
    }
}
