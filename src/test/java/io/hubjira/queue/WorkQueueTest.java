package io.hubjira.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.sql.DataSource;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.storage.EmbeddedPostgresSupport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The work queues on H2 (PostgreSQL mode, as configured by default) and on a real PostgreSQL: claiming, leases,
 * settling, fencing of a worker that stalled past its lease, and an upgrade in place with work queued.
 */
class WorkQueueTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final ConnectorProperties PROPS = ConnectorProperties.of(null, null, null);
    /** The Jira connection and the HubSpot connection the queued work comes from, unless a test says otherwise. */
    static final long SITE = 1;
    static final long PORTAL = 1;

    static Stream<Arguments> databases() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:queue-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        var pg = EmbeddedPostgresSupport.server();
        String db = "queue_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        new JdbcTemplate(pg.getPostgresDatabase()).execute("CREATE DATABASE " + db);
        return Stream.of(Arguments.of("H2", h2), Arguments.of("PostgreSQL", pg.getDatabase("postgres", db)));
    }

    private static JdbcTemplate migrated(DataSource ds, String target) {
        var config = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
        return new JdbcTemplate(ds);
    }

    /** A clock a test moves by hand. */
    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** One connector instance on the shared database: its own worker name, clock and metrics. */
    static final class Instance {
        final MovableClock clock = new MovableClock(T0);
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final WorkClaims claims;
        final JiraEventQueue inbox;
        final HubSpotChangeQueue changes;

        Instance(DataSource ds) {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            claims = new WorkClaims(jdbc, clock, PROPS, meters);
            inbox = new JiraEventQueue(jdbc, claims, PROPS);
            changes = new HubSpotChangeQueue(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)), clock, PROPS, claims);
        }

        Instance at(long seconds) {
            clock.now = T0.plusSeconds(seconds);
            return this;
        }

        double refused(String table) {
            var counter = meters.find("connector.claims.lost").tag("table", table).counter();
            return counter == null ? 0 : counter.count();
        }
    }

    private static void storeEvent(JdbcTemplate jdbc, String identifier, String issueId, long timestamp) {
        storeEvent(jdbc, SITE, identifier, issueId, timestamp);
    }

    private static void storeEvent(JdbcTemplate jdbc, long jiraConnectionId, String identifier, String issueId, long timestamp) {
        jdbc.update("INSERT INTO webhook_inbox (jira_connection_id, webhook_identifier, event_type, issue_id, event_timestamp, payload, received_at)"
                + " VALUES (?, ?, 'jira:issue_updated', ?, ?, '{}', ?)", jiraConnectionId, identifier, issueId, timestamp, OffsetDateTime.now(ZoneOffset.UTC));
    }

    private static List<String> identifiers(JiraEventQueue.ClaimedEvents round) {
        return round.events().stream().map(InboxEvent::identifier).toList();
    }

    private static String state(JdbcTemplate jdbc, String identifier) {
        return jdbc.queryForObject("SELECT state FROM webhook_inbox WHERE webhook_identifier = ?", String.class, identifier);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theInboxHandsAnIssuesEventsToOneInstanceTogetherInOrderAndAStoppedInstancesIssuesOnlyAfterItsLease(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds, null);
        storeEvent(jdbc, "a1", "100", 3);
        storeEvent(jdbc, "a2", "100", 1);
        storeEvent(jdbc, "b1", "200", 2);
        Instance first = new Instance(ds);
        Instance second = new Instance(ds);
        var round = first.inbox.claim();
        assertThat(identifiers(round)).as("each issue's events together, in timestamp order").containsExactly("a2", "b1", "a1");
        storeEvent(jdbc, "a3", "100", 4);
        assertThat(second.inbox.claim().events()).as("issue 100 is being processed by the first instance: its newer event waits").isEmpty();
        round.events().forEach(e -> first.inbox.done(e, "DONE", null));
        first.inbox.release(round.claim());
        var secondRound = second.inbox.claim();
        assertThat(identifiers(secondRound)).containsExactly("a3");
        second.inbox.done(secondRound.events().get(0), "DONE", null);
        second.inbox.release(secondRound.claim());

        storeEvent(jdbc, "c1", "300", 5);
        Instance stopped = new Instance(ds);
        assertThat(identifiers(stopped.inbox.claim())).as("an instance claims issue 300, then stops").containsExactly("c1");
        Instance other = new Instance(ds);
        assertThat(other.at(19).inbox.claim().events()).as("within the 20 s lease nobody takes it").isEmpty();
        assertThat(identifiers(other.at(21).inbox.claim())).as("after the lease another instance takes it over").containsExactly("c1");
        assertThat(jdbc.queryForObject("SELECT attempts FROM webhook_inbox WHERE webhook_identifier = 'c1'", Integer.class)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theEventsOfARevokedSiteAndOfIssuesARevokedPortalsItemLinksWaitUntriedUntilTheirConnectionIsActiveAgain(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds, null);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (String site : List.of("site-x", "site-y")) {
            jdbc.update("INSERT INTO jira_connection (name, state, base_url, account_email, account_id, connected_at, updated_at)"
                    + " VALUES (?, 'ACTIVE', ?, 'c@example.com', 'acc', ?, ?)", site, "https://" + site + ".atlassian.net", now, now);
        }
        long x = jdbc.queryForObject("SELECT id FROM jira_connection WHERE name = 'site-x'", Long.class);
        long y = jdbc.queryForObject("SELECT id FROM jira_connection WHERE name = 'site-y'", Long.class);
        jdbc.update("INSERT INTO hubspot_connection (name, state, auth_type, token_kind, portal_id, connected_at, updated_at)"
                + " VALUES ('portal-b', 'ACTIVE', 'STATIC_TOKEN', 'SERVICE_KEY', 87654321, ?, ?)", now, now);
        long b = jdbc.queryForObject("SELECT id FROM hubspot_connection WHERE name = 'portal-b'", Long.class);
        jdbc.update("INSERT INTO sync_item (name, mode, hubspot_module, hubspot_object_type, jira_project_keys, hubspot_connection_id, jira_connection_id,"
                + " created_at, updated_at) VALUES ('B to X', 'TWO_WAY', 'CRM', 'deals', 'SUP', ?, ?, ?, ?)", b, x, now, now);
        long item = jdbc.queryForObject("SELECT id FROM sync_item WHERE name = 'B to X'", Long.class);
        jdbc.update("INSERT INTO record_link (item_id, object_type, record_id, issue_id, issue_key, link_type, state, created_at, updated_at)"
                + " VALUES (?, 'deals', '42', '200', 'SUP-2', 'AUTO', 'LINKED', ?, ?)", item, now, now);
        storeEvent(jdbc, x, "x-100", "100", 1);
        storeEvent(jdbc, x, "x-200-of-b", "200", 2);
        storeEvent(jdbc, y, "y-100", "100", 3);
        jdbc.update("UPDATE jira_connection SET state = 'REVOKED' WHERE id = ?", y);
        jdbc.update("UPDATE hubspot_connection SET state = 'REVOKED' WHERE id = ?", b);

        Instance instance = new Instance(ds);
        var round = instance.inbox.claim();
        assertThat(identifiers(round)).as("only the event neither revoked connection touches").containsExactly("x-100");
        round.events().forEach(e -> instance.inbox.done(e, "DONE", null));
        instance.inbox.release(round.claim());
        assertThat(instance.inbox.claim().events()).isEmpty();
        assertThat(jdbc.queryForList("SELECT webhook_identifier || ':' || state || ':' || CAST(attempts AS VARCHAR(10)) FROM webhook_inbox"
                + " WHERE webhook_identifier <> 'x-100' ORDER BY id", String.class)).as("waiting, never tried")
                .containsExactly("x-200-of-b:NEW:0", "y-100:NEW:0");

        jdbc.update("UPDATE jira_connection SET state = 'ACTIVE' WHERE id = ?", y);
        jdbc.update("UPDATE hubspot_connection SET state = 'ACTIVE' WHERE id = ?", b);
        assertThat(identifiers(new Instance(ds).inbox.claim())).as("taken once reconnected").containsExactlyInAnyOrder("x-200-of-b", "y-100");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anInstanceThatStalledPastItsLeaseWritesNothingForTheEventsAnotherInstanceTookOver(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds, null);
        storeEvent(jdbc, "e1", "500", 1);
        storeEvent(jdbc, "f1", "600", 2);
        Instance stalled = new Instance(ds);
        var stalledRound = stalled.inbox.claim();
        InboxEvent e1 = stalledRound.events().get(0);
        InboxEvent f1 = stalledRound.events().get(1);
        assertThat(stalled.inbox.lost(List.of(e1, f1))).as("held while the lease runs").isEmpty();

        // it stalls (paused, cut off) for longer than the 20 s lease; the heartbeat renewed issue 600 only
        Instance other = new Instance(ds);
        jdbc.update("UPDATE inbox_issue_claim SET claimed_until = ? WHERE issue_id = '600'", T0.plusSeconds(60).atOffset(ZoneOffset.UTC));
        var takeover = other.at(25).inbox.claim();
        assertThat(identifiers(takeover)).as("the other instance takes the stalled one's issue 500 over").containsExactly("e1");
        assertThat(takeover.claim().token()).as("under a newer token").isGreaterThan(stalledRound.claim().token());

        stalled.at(26);
        assertThat(stalled.inbox.lost(List.of(e1, f1))).as("the resumed instance finds issue 500 lost, 600 still its own").containsExactly(e1);
        stalled.inbox.done(e1, "DONE", "written by the stalled instance");
        stalled.inbox.retryLater(e1, Duration.ofMinutes(1), "late failure");
        assertThat(state(jdbc, "e1")).as("its outcomes are refused: the event stays with its new owner").isEqualTo("PROCESSING");
        assertThat(stalled.refused("webhook_inbox")).as("three refused writes, counted").isEqualTo(3);
        stalled.inbox.done(f1, "DONE", null);
        assertThat(state(jdbc, "f1")).as("what it still holds it settles").isEqualTo("DONE");

        other.inbox.done(takeover.events().get(0), "DONE", "written by the new owner");
        assertThat(state(jdbc, "e1")).isEqualTo("DONE");
        assertThat(jdbc.queryForObject("SELECT last_error FROM webhook_inbox WHERE webhook_identifier = 'e1'", String.class))
                .isEqualTo("written by the new owner");
        stalled.inbox.release(stalledRound.claim());
        assertThat(jdbc.queryForList("SELECT issue_id FROM inbox_issue_claim", String.class))
                .as("the stalled round's end gives back only what it held").containsExactly("500");
        assertThat(other.refused("webhook_inbox")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSameIssueOnTwoJiraSitesIsTwoIssuesForTheInboxItsClaimsAndItsReplayWindow(String name, DataSource ds) throws Exception {
        JdbcTemplate jdbc = migrated(ds, null);
        MovableClock clock = new MovableClock(T0);
        WebhookInbox inbox = new WebhookInbox(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)), clock, PROPS);
        String body = "{\"timestamp\":1,\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"id\":\"100\",\"key\":\"SUP-1\"}}";
        var event = io.hubjira.jira.JiraWebhookEvent.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(body), 1);
        assertThat(inbox.store(1, "delivery-1", event, body)).isEqualTo(WebhookInbox.Stored.NEW);
        assertThat(inbox.store(2, "delivery-1", event, body)).as("the same delivery id and body from another site is its own event")
                .isEqualTo(WebhookInbox.Stored.NEW);
        assertThat(inbox.store(1, "delivery-1", event, body)).as("that site's own retry").isEqualTo(WebhookInbox.Stored.SAME_DELIVERY);
        assertThat(inbox.store(2, "delivery-2", event, body)).as("that site's replay under a fresh id").isEqualTo(WebhookInbox.Stored.SAME_BODY);

        Instance first = new Instance(ds);
        Instance second = new Instance(ds);
        jdbc.update("UPDATE webhook_inbox SET state = 'DONE' WHERE jira_connection_id = 2");
        var site1 = first.inbox.claim();
        assertThat(site1.events()).extracting(InboxEvent::jiraConnectionId).containsExactly(1L);
        storeEvent(jdbc, 2, "delivery-3", "100", 2);
        var site2 = second.inbox.claim();
        assertThat(site2.events()).as("issue 100 of site 1 being worked on does not hold back issue 100 of site 2")
                .extracting(InboxEvent::jiraConnectionId, InboxEvent::identifier).containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "delivery-3"));
        assertThat(jdbc.queryForList("SELECT jira_connection_id FROM inbox_issue_claim WHERE issue_id = '100' ORDER BY jira_connection_id", Long.class))
                .containsExactly(1L, 2L);
        assertThat(first.inbox.lost(site1.events())).isEmpty();
        InboxEvent e2 = site2.events().get(0);
        assertThat(second.inbox.lost(List.of(e2))).isEmpty();
        InboxEvent asIfOfSite1 = new InboxEvent(e2.id(), 1, e2.identifier(), e2.eventType(), e2.issueId(), e2.issueKey(), e2.timestamp(),
                e2.payload(), e2.attempts(), e2.claimToken());
        assertThat(second.inbox.lost(List.of(asIfOfSite1))).as("the claim it holds is on site 2's issue 100, not site 1's").hasSize(1);

        first.inbox.retryLater(site1.events().get(0), Duration.ofMinutes(5), "HubSpot answered 503");
        first.inbox.release(site1.claim());
        second.inbox.done(e2, "DONE", null);
        second.inbox.release(site2.claim());
        storeEvent(jdbc, 2, "delivery-4", "100", 3);
        var next = second.at(1).inbox.claim();
        assertThat(next.events()).as("site 1's issue 100 waiting for its retry does not hold back site 2's")
                .extracting(InboxEvent::identifier).containsExactly("delivery-4");
        assertThat(second.inbox.waitsForEarlierEvent(next.events().get(0))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSameRecordIdInTwoPortalsIsTwoQueuedRecords(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds, null);
        Instance one = new Instance(ds);
        one.changes.add(List.of(new ChangedRecord(1, "deals", "7"), new ChangedRecord(2, "deals", "7")));
        assertThat(one.changes.waiting()).isEqualTo(2);
        var round = one.at(1).changes.claim();
        assertThat(round.changes()).containsExactlyInAnyOrder(new ChangedRecord(1, "deals", "7"), new ChangedRecord(2, "deals", "7"));
        assertThat(one.changes.stillHeld(round.claim(), 2, "deals", "7")).isTrue();
        assertThat(one.changes.tryLater(1, "deals", "7", "HubSpot answered 503")).isTrue();
        one.changes.settle(round.claim());
        assertThat(jdbc.queryForList("SELECT hubspot_connection_id FROM hubspot_change", Long.class))
                .as("only portal 1's record waits for its retry; portal 2's was done").containsExactly(1L);
        assertThat(one.changes.queued(new ChangedRecord(2, "deals", "7"))).isFalse();
        assertThat(one.changes.queued(new ChangedRecord(1, "deals", "7"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theChangeQueueKeepsOneRowPerRecordHandsEachOutOnceKeepsWhatChangedMeanwhileAndFencesAStalledRound(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds, null);
        Instance one = new Instance(ds);
        Instance two = new Instance(ds);
        one.at(5).changes.add(List.of(new ChangedRecord(PORTAL, "deals", "2")));
        one.at(0).changes.add(List.of(new ChangedRecord(PORTAL, "deals", "1"), new ChangedRecord(PORTAL, "tickets", "1")));
        one.at(5).changes.add(List.of(new ChangedRecord(PORTAL, "deals", "1"), new ChangedRecord(PORTAL, "deals", "2")));
        assertThat(one.changes.waiting()).as("a record named again while waiting stays one row").isEqualTo(3);

        var round = one.at(10).changes.claim();
        assertThat(round.changes()).as("all three claimed")
                .extracting(c -> c.objectType() + ":" + c.recordId()).containsExactlyInAnyOrder("tickets:1", "deals:1", "deals:2");
        assertThat(two.at(11).changes.claim().changes()).as("claimed rows are not handed out twice").isEmpty();
        assertThat(one.changes.stillHeld(round.claim(), PORTAL, "deals", "1")).isTrue();

        one.at(20).changes.add(List.of(new ChangedRecord(PORTAL, "deals", "2")));
        one.changes.settle(round.claim());
        assertThat(jdbc.queryForList("SELECT record_id FROM hubspot_change", String.class))
                .as("done rows removed; the record named again during the round stays for the next").containsExactly("2");

        var stalledRound = one.at(21).changes.claim();
        assertThat(stalledRound.changes()).hasSize(1);
        var takeover = two.at(21 + 21).changes.claim();
        assertThat(takeover.changes()).as("after the lease the other instance takes the row over").hasSize(1);
        assertThat(one.changes.stillHeld(stalledRound.claim(), PORTAL, "deals", "2")).as("the resumed instance does not sync it").isFalse();
        one.changes.settle(stalledRound.claim());
        one.changes.roundFailed(stalledRound.claim(), new IllegalStateException("late"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change WHERE claimed_by IS NOT NULL AND attempts = 0", Integer.class))
                .as("the stalled round neither removed nor postponed the row its new owner holds").isEqualTo(1);
        assertThat(one.refused("hubspot_change")).isEqualTo(1);
        two.changes.settle(takeover.claim());
        assertThat(two.changes.waiting()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRoundThatFailedIsTriedAgainAfterTheBackoffAndItsRowsAreFreeMeanwhileForNobody(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds, null);
        Instance one = new Instance(ds);
        one.changes.add(List.of(new ChangedRecord(PORTAL, "deals", "7")));
        var round = one.at(1).changes.claim();
        one.changes.roundFailed(round.claim(), new IllegalStateException("HubSpot answered 503"));
        assertThat(jdbc.queryForObject("SELECT last_error FROM hubspot_change", String.class)).isEqualTo("HubSpot answered 503");
        assertThat(one.at(2).changes.claim().changes()).as("not before the backoff").isEmpty();
        long backoff = PROPS.retry().laterBackoff().toSeconds();
        assertThat(one.at(2 + backoff).changes.claim().changes()).as("after it").hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aClaimOfAnOpenRunOutlivesItsLeaseOnAnyThreadAndAStoppedInstancesClaimDoesNot(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds, null);
        OffsetDateTime created = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("INSERT INTO sync_item (name, mode, hubspot_module, hubspot_object_type, jira_project_keys, created_at, updated_at) "
                + "VALUES ('claims', 'TWO_WAY', 'CRM', 'deals', 'SUP', ?, ?)", created, created);
        long item = jdbc.queryForObject("SELECT id FROM sync_item WHERE name = 'claims'", Long.class);
        String link = "INSERT INTO record_link (item_id, object_type, record_id, link_type, state, created_at, updated_at) VALUES (?, 'deals', ?, 'AUTO', 'PENDING', ?, ?)";
        jdbc.update(link, item, "1", created, created);
        jdbc.update(link, item, "2", created, created);
        long working = jdbc.queryForObject("SELECT id FROM record_link WHERE record_id = '1'", Long.class);
        long abandoned = jdbc.queryForObject("SELECT id FROM record_link WHERE record_id = '2'", Long.class);
        Instance live = new Instance(ds);
        Instance stopped = new Instance(ds);
        Instance other = new Instance(ds);
        HeldClaims poll = live.claims.hold();
        HeldClaims stoppedPoll = stopped.claims.hold();
        // a run's steps may run on any thread (a split, another route's consumer): the claim belongs to the run
        assertThat(CompletableFuture.supplyAsync(() -> live.claims.take(poll, WorkClaims.Table.RECORD_LINK, working)).join()).isTrue();
        assertThat(stopped.claims.take(stoppedPoll, WorkClaims.Table.RECORD_LINK, abandoned)).isTrue();
        try (HeldClaims otherRun = live.claims.hold()) {
            assertThat(live.claims.take(otherRun, WorkClaims.Table.RECORD_LINK, working)).as("not taken by another run, not even of its instance")
                    .isFalse();
        }
        for (int second = 5; second <= 40; second += 5) {
            assertThat(live.at(second).claims.renewAll()).as("the heartbeat renews what an open run holds, whatever thread took it").isEqualTo(1);
        }
        assertThat(other.at(41).claims.take(other.claims.hold(), WorkClaims.Table.RECORD_LINK, working)).as("renewed: still held after twice the lease")
                .isFalse();
        assertThat(other.claims.take(other.claims.hold(), WorkClaims.Table.RECORD_LINK, abandoned)).as("never renewed: free once its lease ran out")
                .isTrue();
        assertThat(stopped.claims.lost(WorkClaims.Table.RECORD_LINK, List.of(abandoned))).as("the stopped one, resumed, finds it lost")
                .containsExactly(abandoned);
        CompletableFuture.runAsync(poll::close).join();
        assertThat(live.claims.renewAll()).as("a closed run's claims are no longer renewed").isZero();
        assertThat(other.claims.take(other.claims.hold(), WorkClaims.Table.RECORD_LINK, working)).as("given back when its run closed").isTrue();
        assertThatThrownBy(() -> live.claims.take(poll, WorkClaims.Table.RECORD_LINK, working)).as("a closed run takes nothing")
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anUpgradeInPlaceKeepsTheWorkQueuedBeforeIt(String name, DataSource ds) {
        JdbcTemplate jdbc = migrated(ds, "19");
        OffsetDateTime before = T0.minusSeconds(600).atOffset(ZoneOffset.UTC);
        String event = "INSERT INTO webhook_inbox (webhook_identifier, event_type, issue_id, event_timestamp, payload, state, attempts, locked_by,"
                + " locked_until, received_at) VALUES (?, 'jira:issue_updated', ?, ?, '{}', ?, ?, ?, ?, ?)";
        jdbc.update(event, "waiting", "700", 1L, "NEW", 0, null, null, before);
        jdbc.update(event, "in-flight", "800", 2L, "PROCESSING", 1, "old-instance", before, before);
        jdbc.update(event, "retrying", "900", 3L, "NEW", 2, null, null, before);
        jdbc.update("UPDATE webhook_inbox SET next_attempt_at = ?, last_error = 'HubSpot answered 503' WHERE webhook_identifier = 'retrying'",
                T0.plusSeconds(120).atOffset(ZoneOffset.UTC));
        jdbc.update("INSERT INTO inbox_issue_claim (issue_id, claimed_by, claimed_until) VALUES ('800', 'old-instance', ?)", before);
        String change = "INSERT INTO hubspot_change (object_type, record_id, received_at, forced, attempts, claimed_by, claimed_until) VALUES (?, ?, ?, ?, ?, ?, ?)";
        jdbc.update(change, "deals", "1", before, false, 0, null, null);
        jdbc.update(change, "tickets", "2", before, true, 1, "old-instance", before);

        migrated(ds, null);
        Instance upgraded = new Instance(ds);
        var first = upgraded.inbox.claim();
        assertThat(identifiers(first)).as("the waiting and the interrupted events are claimed; the retry keeps its time")
                .containsExactly("waiting", "in-flight");
        first.events().forEach(e -> upgraded.inbox.done(e, "DONE", null));
        upgraded.inbox.release(first.claim());
        assertThat(upgraded.at(121).inbox.claim().events()).as("and comes when due")
                .extracting(InboxEvent::identifier, InboxEvent::attempts).containsExactly(org.assertj.core.groups.Tuple.tuple("retrying", 3));
        assertThat(upgraded.changes.claim().changes()).as("every queued change, forced ones still forced (no connection was saved: 0)")
                .containsExactlyInAnyOrder(new ChangedRecord(0, "deals", "1", false), new ChangedRecord(0, "tickets", "2", true));
    }
}
