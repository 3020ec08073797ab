package io.hubjira.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.hubjira.http.ApiException;
import io.hubjira.http.ApiName;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.hubspottojira.RecordDecision;
import io.hubjira.hubspottojira.RecordVersion;
import io.hubjira.hubspottojira.RecordWork;
import io.hubjira.jiratohubspot.InboxVerdict;
import io.hubjira.queue.InboxEvent;
import io.hubjira.sync.StatusMove;
import io.hubjira.sync.StatusWork;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The route files' contracts, one by one, with Camel's test kit: the real route files are loaded, the steps around
 * the one under test are replaced by mock endpoints (AdviceWith), and the queue and schedule routes are watched with
 * NotifyBuilder. The end-to-end tests through the simulators stay the top layer; these say which branch a body takes.
 */
// Camel's test support would otherwise switch JMX off for every Camel context the JVM starts after this class,
// and the Jolokia and Hawtio tests that run later need the routes' MBeans
@org.apache.camel.test.spring.junit5.DisableJmx(false)
@CamelSpringBootTest
@SpringBootTest(properties = {"connector.inbox.poll-delay=100ms", "connector.hubspot.webhook-batch-window=100ms"})
@ActiveProfiles("test")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RouteContractsTest {

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void adviseOnce() throws Exception {
        MockEndpoint.resetMocks(camel);
        // the class's own context (dirtied after the class) says whether it is advised: its mock endpoints exist
        if (camel.hasEndpoint("mock:decide") != null) {
            return;
        }
        AdviceWith.adviceWith(camel, "hubspot-record", a -> {
            a.weaveById("sync-new-version").replace().to("mock:decide");
            a.weaveById("sync-forced-version").replace().to("mock:decide");
        });
        AdviceWith.adviceWith(camel, "hubspot-record-decide", a -> {
            a.weaveById("decide-record").replace().process(e -> e.getMessage().setBody(work(e.getMessage().getBody(RecordDecision.class))));
            a.weaveById("sync-linked-record").replace().to("mock:linked");
        });
        AdviceWith.adviceWith(camel, "status-sync-move", a -> {
            a.weaveById("move-issue-along-workflow").replace().to("mock:move-issue");
            a.weaveById("move-record-to-stage").replace().to("mock:move-stage");
            a.weaveById("remember-stage").replace().to("mock:remember");
        });
        AdviceWith.adviceWith(camel, "jira-inbox-event", a -> {
            a.weaveById("open-event").replace().process(e -> {
                InboxEvent event = e.getMessage().getBody(InboxEvent.class);
                e.getMessage().setBody(event.identifier().startsWith("wait") ? InboxVerdict.WAIT : InboxVerdict.PROCESS);
            });
            a.weaveById("read-delivery").replace().setBody(a.constant("the parsed delivery"));
            a.weaveById("comment-to-note").replace().to("mock:comment");
            a.weaveById("attachment-to-file").replace().to("mock:attachment");
            a.weaveById("mark-event-done").replace().to("mock:done");
            a.weaveById("try-event-later-or-dead-letter").replace().to("mock:event-failed");
        });
        AdviceWith.adviceWith(camel, "jira-auto-create", a -> {
            a.weaveById("find-issues-by-marker").replace().setBody(a.simple("${body}"));
            a.weaveById("create-issues-in-bulk").replace().to("mock:bulk-create");
            a.weaveById("save-issue-links").replace().to("mock:save-links");
            a.weaveById("take-creation-steps").replace().to("mock:steps");
        });
    }

    private static RecordWork work(RecordDecision decision) {
        return new RecordWork(decision, null, null, new HubSpotRecord("7", Map.of(), null, null, null, false), null);
    }

    private static RecordVersion version(String modified, boolean forced) {
        return new RecordVersion(99, new HubSpotRecord("5", Map.of("hs_lastmodifieddate", modified), null, null, null, false), forced);
    }

    @Test
    void hubspotRecordDecidesEachVersionOnceUnlessForced() throws Exception {
        MockEndpoint decide = camel.getEndpoint("mock:decide", MockEndpoint.class);
        decide.expectedMessageCount(3);
        producer.sendBody("direct:hubspot-record", version("2026-12-01T10:00:00Z", false));
        producer.sendBody("direct:hubspot-record", version("2026-12-01T10:00:00Z", false));
        producer.sendBody("direct:hubspot-record", version("2026-12-01T10:00:00Z", true));
        producer.sendBody("direct:hubspot-record", version("2026-12-01T10:05:00Z", false));
        decide.assertIsSatisfied();
    }

    @Test
    void hubspotRecordDecideHasABranchForEachDecision() throws Exception {
        MockEndpoint linked = camel.getEndpoint("mock:linked", MockEndpoint.class);
        linked.expectedMessageCount(1);
        for (RecordDecision decision : RecordDecision.values()) {
            Object out = producer.requestBody("direct:hubspot-record-decide", decision);
            assertThat(((RecordWork) out).decision()).as("the decision travels back to the page (CREATE is collected there)").isEqualTo(decision);
        }
        linked.assertIsSatisfied();
    }

    @Test
    void everyStatusMoveKindHasItsStep() throws Exception {
        camel.getEndpoint("mock:move-issue", MockEndpoint.class).expectedMessageCount(1);
        camel.getEndpoint("mock:move-stage", MockEndpoint.class).expectedMessageCount(1);
        camel.getEndpoint("mock:remember", MockEndpoint.class).expectedMessageCount(1);
        StatusWork work = new StatusWork(null, null, null, "To Do", false);
        for (StatusMove.Kind kind : StatusMove.Kind.values()) {
            producer.sendBody("direct:status-sync-move", new StatusMove(kind, work, "To Do", "Done", "STATUS"));
        }
        MockEndpoint.assertIsSatisfied(camel);
    }

    @Test
    void jiraInboxEventDispatchesByKindWaitsBehindAnEarlierEventAndHandsFailuresToTheEventPolicy() throws Exception {
        MockEndpoint comment = camel.getEndpoint("mock:comment", MockEndpoint.class);
        MockEndpoint attachment = camel.getEndpoint("mock:attachment", MockEndpoint.class);
        MockEndpoint done = camel.getEndpoint("mock:done", MockEndpoint.class);
        MockEndpoint failed = camel.getEndpoint("mock:event-failed", MockEndpoint.class);
        comment.expectedMessageCount(2);
        attachment.expectedMessageCount(1);
        done.expectedMessageCount(2);
        failed.expectedMessageCount(1);
        comment.whenExchangeReceived(2, e -> {
            throw new ApiException(ApiName.HUBSPOT, 503, "/x", "HubSpot answered 503", true, null, null);
        });
        producer.sendBody("direct:jira-inbox-event", event(1, "c1", "comment_created"));
        producer.sendBody("direct:jira-inbox-event", event(2, "a1", "attachment_created"));
        producer.sendBody("direct:jira-inbox-event", event(3, "wait-c2", "comment_created"));
        producer.sendBody("direct:jira-inbox-event", event(4, "c3", "comment_updated"));
        MockEndpoint.assertIsSatisfied(camel);
        assertThat(failed.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)).hasMessageContaining("503");
    }

    private static InboxEvent event(long id, String identifier, String type) {
        return new InboxEvent(id, 1, identifier, type, "10001", "SUP-1", id, "{}", 1, 0);
    }

    @Test
    void jiraAutoCreateDoesNothingWithoutRequestsAndTakesTheStepsOfWhatItCreated() throws Exception {
        MockEndpoint steps = camel.getEndpoint("mock:steps", MockEndpoint.class);
        steps.expectedMessageCount(1);
        producer.sendBody("direct:jira-auto-create", List.of());
        producer.sendBody("direct:jira-auto-create", "not a list");
        producer.sendBody("direct:jira-auto-create", List.of("one creation request"));
        steps.assertIsSatisfied();
        camel.getEndpoint("mock:bulk-create", MockEndpoint.class).expectedMessageCount(1);
        camel.getEndpoint("mock:save-links", MockEndpoint.class).expectedMessageCount(1);
    }

    @Test
    void theJiraInboxClaimsAStoredEventProcessesItAndFreesItsIssue() {
        jdbc.update("INSERT INTO webhook_inbox (jira_connection_id, webhook_identifier, event_type, issue_id, issue_key, event_timestamp, payload, state,"
                + " attempts, received_at) VALUES (1, 'contract-1', 'jira:issue_updated', '424242', 'NOPE-1', 1, ?, 'NEW', 0, ?)",
                "{\"timestamp\":1,\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"id\":\"424242\",\"key\":\"NOPE-1\"},\"changelog\":{\"items\":[{\"field\":\"summary\",\"fieldId\":\"summary\",\"toString\":\"x\"}]}}",
                OffsetDateTime.now(ZoneOffset.UTC));
        // two whole cycles after the event was stored: the first claims and processes it
        NotifyBuilder cycles = new NotifyBuilder(camel).fromRoute("jira-inbox").whenDone(2).create();
        assertThat(cycles.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(jdbc.queryForMap("SELECT state, last_error FROM webhook_inbox WHERE webhook_identifier = 'contract-1'"))
                .containsEntry("state", "DONE").containsEntry("last_error", "issue is not linked to a synchronized item");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_issue_claim", Integer.class)).as("the issue is free again").isZero();
    }

    @Test
    void theHubSpotChangesRouteTakesAQueuedRecordAndRemovesItWhenDone() {
        jdbc.update("INSERT INTO hubspot_change (hubspot_connection_id, object_type, record_id, received_at) VALUES (1, 'deals', '777', ?)",
                OffsetDateTime.now(ZoneOffset.UTC));
        NotifyBuilder rounds = new NotifyBuilder(camel).fromRoute("hubspot-changes").whenDone(2).create();
        assertThat(rounds.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change", Integer.class)).isZero();
    }

    @Test
    void theHeartbeatRunsOnItsSchedule() {
        NotifyBuilder beats = new NotifyBuilder(camel).fromRoute("claims-heartbeat").whenDone(1).create();
        assertThat(beats.matches(10, TimeUnit.SECONDS)).isTrue();
    }

    @Autowired
    io.hubjira.ops.RoutesHealthIndicator routesHealth;

    @Test
    void healthIsDownNamingAFlowThatStoppedAndUpAgainWhenItRuns() throws Exception {
        assertThat(routesHealth.health().getStatus().getCode()).isEqualTo("UP");
        camel.getRouteController().stopRoute("idempotent-cleanup");
        try {
            var down = routesHealth.health();
            assertThat(down.getStatus().getCode()).isEqualTo("DOWN");
            assertThat(down.getDetails().get("notRunning").toString()).contains("idempotent-cleanup");
        } finally {
            camel.getRouteController().startRoute("idempotent-cleanup");
        }
        assertThat(routesHealth.health().getStatus().getCode()).isEqualTo("UP");
    }
}
