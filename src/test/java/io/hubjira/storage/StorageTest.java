package io.hubjira.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

import io.hubjira.support.RouteSql;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The Flyway schema on H2 (PostgreSQL mode, as configured by default) and on a real PostgreSQL. */
class StorageTest {

    static Stream<Arguments> databases() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:storage-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        var pg = EmbeddedPostgresSupport.server();
        String db = "storage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        new JdbcTemplate(pg.getPostgresDatabase()).execute("CREATE DATABASE " + db);
        return Stream.of(Arguments.of("H2", h2), Arguments.of("PostgreSQL", pg.getDatabase("postgres", db)));
    }

    private static JdbcTemplate migrated(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(ds);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyTableOfTheDesignExists(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds);
        for (String table : List.of("hubspot_connection", "jira_connection", "sync_item", "field_mapping", "sync_rule", "record_link",
                "sync_watermark", "camel_messageprocessed", "webhook_inbox", "comment_link", "attachment_link", "synced_value",
                "dead_letter", "audit_event", "qrtz_job_details", "qrtz_triggers", "qrtz_cron_triggers", "qrtz_fired_triggers",
                "qrtz_scheduler_state", "qrtz_locks", "hubspot_change", "inbox_issue_claim", "feed_watermark", "api_rate_budget",
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
        jdbc.update("INSERT INTO jira_connection (id, base_url, account_email, api_token_enc, account_id, connected_at, updated_at) VALUES (1, 'u', 'e', 't', 'a', ?, ?)", now, now);
        assertThatThrownBy(() -> jdbc.update("INSERT INTO jira_connection (id, base_url, account_email, api_token_enc, account_id, connected_at, updated_at) VALUES (2, 'u', 'e', 't', 'a', ?, ?)", now, now))
                .as("only one connection row").isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        jdbc.update("INSERT INTO sync_item (name, mode, hubspot_module, hubspot_object_type, jira_project_keys, created_at, updated_at) VALUES ('i', 'ONE_WAY', 'CRM', 'deals', 'SUP', ?, ?)", now, now);
        long item = jdbc.queryForObject("SELECT id FROM sync_item", Long.class);
        String link = "INSERT INTO record_link (item_id, object_type, record_id, issue_key, link_type, state, created_at, updated_at) VALUES (?, 'deals', ?, ?, 'AUTO', 'PENDING', ?, ?)";
        jdbc.update(link, item, "1", null, now, now);
        jdbc.update(link, item, "2", null, now, now);
        assertThatThrownBy(() -> jdbc.update(link, item, "1", "SUP-9", now, now)).as("one link per record").isInstanceOf(DuplicateKeyException.class);
        jdbc.update("UPDATE record_link SET issue_key = 'SUP-1' WHERE record_id = '1'");
        assertThatThrownBy(() -> jdbc.update(link, item, "3", "SUP-1", now, now)).as("one record per issue").isInstanceOf(DuplicateKeyException.class);
        String inbox = "INSERT INTO webhook_inbox (webhook_identifier, event_type, payload, received_at) VALUES (?, 'jira:issue_updated', '{}', ?)";
        jdbc.update(inbox, "abc", now);
        assertThatThrownBy(() -> jdbc.update(inbox, "abc", now)).as("one inbox row per webhook identifier").isInstanceOf(DuplicateKeyException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theConnectorsLinkNotesAreLeftOutOfANotesChangeForADay(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds);
        java.time.Instant written = java.time.Instant.parse("2026-12-01T10:00:00Z");
        var linkNotes = new io.hubjira.link.ConnectorLinkNotes(jdbc, java.time.Clock.fixed(written, java.time.ZoneOffset.UTC));
        linkNotes.remember(List.of("501", "502", "502"));
        linkNotes.remember(List.of("501"));
        assertThat(linkNotes.othersOf(List.of("499", "501", "500", "502"))).as(name).containsExactly("499", "500");
        assertThat(linkNotes.forgetOld()).as("not a day old yet").isZero();
        var dayLater = new io.hubjira.link.ConnectorLinkNotes(jdbc, java.time.Clock.fixed(written.plus(java.time.Duration.ofHours(25)),
                java.time.ZoneOffset.UTC));
        assertThat(dayLater.forgetOld()).isEqualTo(2);
        assertThat(dayLater.othersOf(List.of("501", "502"))).containsExactly("501", "502");
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

    /** The jira-inbox route's claim statements, as the route runs them, for one instance at one time. */
    private static final class InboxCycle {
        final NamedParameterJdbcTemplate jdbc;
        final Map<String, Object> claim;
        final String lock;

        InboxCycle(JdbcTemplate jdbc, String worker, java.time.Instant now, String lock) {
            this.jdbc = new NamedParameterJdbcTemplate(jdbc);
            this.claim = Map.of("worker", worker, "now", now.atOffset(java.time.ZoneOffset.UTC), "until", now.plusSeconds(20).atOffset(java.time.ZoneOffset.UTC));
            this.lock = lock;
        }

        List<String> claimAndRead() {
            Map<String, String> placeholders = Map.of("connector.inbox.batch-issues", "50", "connector.storage.row-lock", lock);
            jdbc.update(RouteSql.statement("jira-inbox.camel.yaml", "drop-claims-of-stopped-instances", placeholders), claim);
            jdbc.update(RouteSql.statement("jira-inbox.camel.yaml", "claim-oldest-open-issues", placeholders), claim);
            jdbc.update(RouteSql.statement("jira-inbox.camel.yaml", "mark-their-events-processing", placeholders), claim);
            return jdbc.query(RouteSql.statement("jira-inbox.camel.yaml", "read-claimed-events", placeholders), claim,
                    (rs, n) -> rs.getString("webhook_identifier"));
        }

        void release() {
            jdbc.update(RouteSql.statement("jira-inbox.camel.yaml", "release-claimed-issues", Map.of()), claim);
        }
    }

    private static String lockClause(String name) {
        return name.startsWith("PostgreSQL") ? " FOR UPDATE SKIP LOCKED" : " ";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theInboxRoutesSqlClaimsAnIssuesEventsTogetherByOneInstanceAndAStoppedInstancesIssuesAfterItsLease(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds);
        OffsetDateTime now = OffsetDateTime.now();
        String inbox = "INSERT INTO webhook_inbox (webhook_identifier, event_type, issue_id, event_timestamp, payload, received_at) VALUES (?, 'jira:issue_updated', ?, ?, '{}', ?)";
        jdbc.update(inbox, "a1", "100", 3L, now);
        jdbc.update(inbox, "a2", "100", 1L, now);
        jdbc.update(inbox, "b1", "200", 2L, now);
        java.time.Instant t0 = java.time.Instant.now();
        InboxCycle first = new InboxCycle(jdbc, "first", t0, lockClause(name));
        assertThat(first.claimAndRead()).as("each issue's events together, in timestamp order").containsExactly("a2", "b1", "a1");
        jdbc.update(inbox, "a3", "100", 4L, now);
        assertThat(new InboxCycle(jdbc, "second", t0, lockClause(name)).claimAndRead())
                .as("issue 100 is being processed by the first instance: its newer event waits").isEmpty();
        jdbc.update("UPDATE webhook_inbox SET state = 'DONE', locked_by = NULL WHERE webhook_identifier IN ('a1', 'a2', 'b1')");
        first.release();
        InboxCycle second = new InboxCycle(jdbc, "second", t0, lockClause(name));
        assertThat(second.claimAndRead()).containsExactly("a3");
        jdbc.update("UPDATE webhook_inbox SET state = 'DONE', locked_by = NULL WHERE webhook_identifier = 'a3'");
        second.release();

        jdbc.update(inbox, "c1", "300", 5L, now);
        assertThat(new InboxCycle(jdbc, "stopped", t0, lockClause(name)).claimAndRead())
                .as("an instance claims issue 300, then stops without finishing").containsExactly("c1");
        assertThat(new InboxCycle(jdbc, "other", t0.plusSeconds(19), lockClause(name)).claimAndRead()).as("within the lease nobody takes it").isEmpty();
        assertThat(new InboxCycle(jdbc, "other", t0.plusSeconds(21), lockClause(name)).claimAndRead())
                .as("after the 20 s lease another instance takes the stopped instance's events over").containsExactly("c1");
        assertThat(jdbc.queryForObject("SELECT attempts FROM webhook_inbox WHERE webhook_identifier = 'c1'", Integer.class)).isEqualTo(2);
    }

    /** A clock a test moves by hand. */
    static final class MovableClock extends java.time.Clock {
        java.time.Instant now;

        MovableClock(java.time.Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aClaimRenewedByItsHeartbeatOutlivesItsLeaseAndAStoppedInstancesClaimDoesNot(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds);
        OffsetDateTime created = OffsetDateTime.now(java.time.ZoneOffset.UTC);
        jdbc.update("INSERT INTO sync_item (name, mode, hubspot_module, hubspot_object_type, jira_project_keys, created_at, updated_at) "
                + "VALUES ('claims', 'TWO_WAY', 'CRM', 'deals', 'SUP', ?, ?)", created, created);
        long item = jdbc.queryForObject("SELECT id FROM sync_item WHERE name = 'claims'", Long.class);
        String link = "INSERT INTO record_link (item_id, object_type, record_id, link_type, state, created_at, updated_at) VALUES (?, 'deals', ?, 'AUTO', 'PENDING', ?, ?)";
        jdbc.update(link, item, "1", created, created);
        jdbc.update(link, item, "2", created, created);
        long working = jdbc.queryForObject("SELECT id FROM record_link WHERE record_id = '1'", Long.class);
        long abandoned = jdbc.queryForObject("SELECT id FROM record_link WHERE record_id = '2'", Long.class);
        var props = new io.hubjira.config.ConnectorProperties(null, null, null, null, null, null,
                new io.hubjira.config.ConnectorProperties.Claims(java.time.Duration.ofSeconds(20), java.time.Duration.ofSeconds(5)),
                null, null, null, null, null, null, null, null);
        java.time.Instant t0 = java.time.Instant.parse("2026-12-01T10:00:00Z");
        MovableClock liveClock = new MovableClock(t0);
        MovableClock otherClock = new MovableClock(t0);
        WorkClaims live = new WorkClaims(jdbc, liveClock, props);
        WorkClaims stopped = new WorkClaims(jdbc, new MovableClock(t0), props);
        WorkClaims other = new WorkClaims(jdbc, otherClock, props);
        assertThat(live.take(WorkClaims.Table.RECORD_LINK, working)).isTrue();
        assertThat(stopped.take(WorkClaims.Table.RECORD_LINK, abandoned)).isTrue();
        assertThat(live.take(WorkClaims.Table.RECORD_LINK, working)).as("not taken twice, not even by its holder").isFalse();
        for (int second = 5; second <= 40; second += 5) {
            liveClock.now = t0.plusSeconds(second);
            assertThat(live.renewAll()).as("the heartbeat renews what a live thread works under").isEqualTo(1);
        }
        otherClock.now = t0.plusSeconds(41);
        assertThat(other.take(WorkClaims.Table.RECORD_LINK, working)).as("renewed: still held after twice the lease").isFalse();
        assertThat(other.take(WorkClaims.Table.RECORD_LINK, abandoned)).as("never renewed: free once its lease ran out").isTrue();
        live.releaseHeldByThisThread();
        assertThat(other.take(WorkClaims.Table.RECORD_LINK, working)).as("released when its flow ended").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theChangeQueueKeepsOneRowPerRecordAndTheRoutesSqlHandsEachOutOnceKeepingWhatChangedMeanwhile(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        java.time.Instant t0 = java.time.Instant.parse("2026-11-30T10:00:00Z");
        var props = io.hubjira.config.ConnectorProperties.of(null, null, null);
        var early = new io.hubjira.hubspottojira.HubSpotChangeQueue(jdbc, tx, java.time.Clock.fixed(t0, java.time.ZoneOffset.UTC), props);
        var later = new io.hubjira.hubspottojira.HubSpotChangeQueue(jdbc, tx, java.time.Clock.fixed(t0.plusSeconds(5), java.time.ZoneOffset.UTC), props);
        var latest = new io.hubjira.hubspottojira.HubSpotChangeQueue(jdbc, tx, java.time.Clock.fixed(t0.plusSeconds(20), java.time.ZoneOffset.UTC), props);
        later.add(List.of(new io.hubjira.hubspottojira.ChangedRecord("deals", "2")));
        early.add(List.of(new io.hubjira.hubspottojira.ChangedRecord("deals", "1"), new io.hubjira.hubspottojira.ChangedRecord("tickets", "1")));
        later.add(List.of(new io.hubjira.hubspottojira.ChangedRecord("deals", "1"), new io.hubjira.hubspottojira.ChangedRecord("deals", "2")));
        assertThat(later.waiting()).as("a record named again while waiting stays one row").isEqualTo(3);

        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
        Map<String, String> placeholders = Map.of("connector.storage.row-lock", lockClause(name));
        Map<String, Object> round = Map.of("worker", "w1", "now", t0.plusSeconds(10).atOffset(java.time.ZoneOffset.UTC),
                "until", t0.plusSeconds(30).atOffset(java.time.ZoneOffset.UTC));
        named.update(RouteSql.statement("hubspot-changes.camel.yaml", "claim-due-changes", placeholders), round);
        assertThat(named.query(RouteSql.statement("hubspot-changes.camel.yaml", "read-claimed-changes", placeholders), round,
                (rs, n) -> rs.getString("object_type") + ":" + rs.getString("record_id")))
                .as("all three claimed, the oldest first").containsExactlyInAnyOrder("tickets:1", "deals:1", "deals:2");
        Map<String, Object> other = Map.of("worker", "w2", "now", t0.plusSeconds(11).atOffset(java.time.ZoneOffset.UTC),
                "until", t0.plusSeconds(31).atOffset(java.time.ZoneOffset.UTC));
        named.update(RouteSql.statement("hubspot-changes.camel.yaml", "claim-due-changes", placeholders), other);
        assertThat(named.query(RouteSql.statement("hubspot-changes.camel.yaml", "read-claimed-changes", placeholders), other,
                (rs, n) -> rs.getString("record_id"))).as("claimed rows are not handed out twice").isEmpty();

        latest.add(List.of(new io.hubjira.hubspottojira.ChangedRecord("deals", "2")));
        named.update(RouteSql.statement("hubspot-changes.camel.yaml", "remove-done-changes", placeholders), round);
        named.update(RouteSql.statement("hubspot-changes.camel.yaml", "release-claimed-changes", placeholders), round);
        assertThat(jdbc.queryForList("SELECT record_id FROM hubspot_change", String.class))
                .as("done rows removed; the record named again during the round stays for the next").containsExactly("2");
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
        assertThat(letters.openFor(7, "42", null)).hasSize(1);
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
                io.hubjira.audit.DeadLetters.jiraSubject("SUP-2", "ISSUE", null), null, "refused", "OTHER", 1));
        assertThat(unfiled).as("a letter of no item, record or issue key gets its id from the insert").isGreaterThan(next);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aPollRunReportsItsProgressAndOutcomeAndApiUsageAddsUpAcrossInstances(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds);
        jdbc.update("INSERT INTO sync_item (id, name, mode, hubspot_module, hubspot_object_type, jira_project_keys, created_at, updated_at)"
                + " VALUES (7, 'i', 'ONE_WAY', 'CRM', 'deals', 'SUP', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        java.time.Instant t0 = java.time.Instant.parse("2026-11-30T10:00:00Z");
        var claims = org.mockito.Mockito.mock(io.hubjira.storage.WorkClaims.class);
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
