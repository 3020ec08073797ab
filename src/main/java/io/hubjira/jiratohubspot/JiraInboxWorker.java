package io.hubjira.jiratohubspot;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.hubjira.jira.JiraWebhookEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.connection.JiraConnectionService;
import io.hubjira.http.ApiException;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.link.ConcurrentWriteException;
import io.hubjira.sync.DeadLetters;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The steps of the jira-inbox flow around each event: claim, open (drop the connector's own echoes), finish, and the
 * failure policy — transient failures (429, 5xx, timeouts) are retried with exponential backoff, permanent ones
 * (HubSpot VALIDATION_ERROR, unknown property, missing scopes…) are dead-lettered at once with HubSpot's message, and
 * an event that failed transiently too often is dead-lettered too.
 */
@Component("jiraInboxWorker")
public class JiraInboxWorker {

    public static final String EVENT = "inboxEvent";
    public static final String PAYLOAD = "inboxPayload";
    private static final Logger log = LoggerFactory.getLogger(JiraInboxWorker.class);

    private final InboxClaims claims;
    private final ObjectMapper json;
    private final JiraConnectionService jiraConnection;
    private final DeadLetters deadLetters;
    private final int batchIssues;
    private final int batchEvents;
    private final int maxAttempts;
    private final Duration initialBackoff;

    public JiraInboxWorker(InboxClaims claims, ObjectMapper json, JiraConnectionService jiraConnection, DeadLetters deadLetters,
                           @Value("${connector.inbox.batch-issues:50}") int batchIssues,
                           @Value("${connector.inbox.batch-events:1000}") int batchEvents,
                           @Value("${connector.inbox.max-attempts:5}") int maxAttempts,
                           @Value("${connector.inbox.initial-backoff:2s}") Duration initialBackoff) {
        this.claims = claims;
        this.json = json;
        this.jiraConnection = jiraConnection;
        this.deadLetters = deadLetters;
        this.batchIssues = batchIssues;
        this.batchEvents = batchEvents;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
    }

    /**
     * Claims the open events of up to {@code connector.inbox.batch-issues} issues and sorts them: events the connector's
     * own Jira account caused are dropped at once (IGNORED), unreadable ones are dead-lettered, an issue's field events
     * are grouped for one coalesced update, and comment and attachment events stay one by one.
     */
    public InboxBatch claim() {
        String own = jiraConnection.connectorAccountId().orElse(null);
        List<InboxBatch.IssueEvents> issues = new java.util.ArrayList<>();
        for (List<InboxEvent> group : claims.claimIssues(batchIssues, batchEvents)) {
            List<InboxBatch.Parsed> updates = new java.util.ArrayList<>();
            List<InboxEvent> individual = new java.util.ArrayList<>();
            String issue = null;
            for (InboxEvent event : group) {
                JiraWebhookEvent payload;
                try {
                    payload = JiraWebhookEvent.parse(json.readTree(event.payload()), event.timestamp());
                } catch (Exception e) {
                    failed(event, e);
                    continue;
                }
                if (own != null && own.equals(payload.actorAccountId())) {
                    claims.done(event.id(), "IGNORED", "caused by the connector's own Jira account");
                    continue;
                }
                issue = issue == null ? payload.issueIdOrKey() : issue;
                if (event.eventType().startsWith("jira:issue_")) {
                    updates.add(new InboxBatch.Parsed(event, payload));
                } else {
                    individual.add(event);
                }
            }
            issues.add(new InboxBatch.IssueEvents(InboxClaims.claimKey(group.get(0)), issue, updates, individual));
        }
        return new InboxBatch(issues);
    }

    /** The cycle is over: every claimed issue is free again (its events are finished or wait for their retry). */
    public void releaseAll(InboxBatch batch) {
        if (batch != null) {
            batch.issues().forEach(i -> claims.releaseIssue(i.claimKey()));
        }
    }

    /** An issue's field events were applied together: each is done, with what the update did. */
    public void doneAll(List<InboxBatch.Parsed> events, String note) {
        events.forEach(p -> claims.done(p.event().id(), "DONE", note == null ? null : truncate(note)));
    }

    /**
     * Parses the stored payload and says what to do: ECHO (caused by the connector's own Jira account), WAIT (an earlier
     * event of the same issue failed just now and will be retried: this one goes back to the inbox behind it, so the
     * issue's order holds) or PROCESS.
     */
    public String open(Exchange exchange) throws Exception {
        InboxEvent event = exchange.getMessage().getBody(InboxEvent.class);
        exchange.setProperty(EVENT, event);
        if (claims.waitsForEarlierEvent(event)) {
            claims.release(event.id());
            return "WAIT";
        }
        JiraWebhookEvent payload = JiraWebhookEvent.parse(json.readTree(event.payload()), event.timestamp());
        exchange.setProperty(PAYLOAD, payload);
        String own = jiraConnection.connectorAccountId().orElse(null);
        return own != null && own.equals(payload.actorAccountId()) ? "ECHO" : "PROCESS";
    }

    public void ignoredOwnEcho(Exchange exchange) {
        InboxEvent event = exchange.getProperty(EVENT, InboxEvent.class);
        claims.done(event.id(), "IGNORED", "caused by the connector's own Jira account");
    }

    public void done(Exchange exchange) {
        InboxEvent event = exchange.getProperty(EVENT, InboxEvent.class);
        Object note = exchange.getMessage().getBody();
        claims.done(event.id(), "DONE", note == null ? null : truncate(String.valueOf(note)));
    }

    public void failed(Exchange exchange) {
        InboxEvent event = exchange.getProperty(EVENT, InboxEvent.class);
        if (event == null) {
            event = exchange.getMessage().getBody(InboxEvent.class);
        }
        failed(event, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    /**
     * The failure policy of one event: a transient failure (429, 5xx, timeouts, a write another worker holds) is
     * retried later with exponential backoff; a permanent one, or too many transient ones, is dead-lettered.
     */
    public void failed(InboxEvent event, Exception e) {
        String message = e == null ? "unknown failure" : Objects.toString(e.getMessage(), e.getClass().getSimpleName());
        boolean transientFailure = (e instanceof ApiException api && api.retryable()) || e instanceof ConcurrentWriteException;
        if (transientFailure && event.attempts() < maxAttempts) {
            Duration delay = initialBackoff.multipliedBy(1L << Math.min(10, event.attempts() - 1));
            log.warn("Jira event {} ({}) failed, retry {} in {}: {}", event.identifier(), event.eventType(), event.attempts(), delay, message);
            claims.retryLater(event.id(), delay, truncate(message));
            return;
        }
        String category = e instanceof HubSpotApiException h ? h.category() : e == null ? null : e.getClass().getSimpleName();
        deadLetters.add("jira-inbox", null, "inbox:" + event.id(), event.issueKey(), event.payload(), message, category, event.attempts());
        claims.done(event.id(), "FAILED", truncate(message));
        log.error("Jira event {} ({}) dead-lettered after {} attempt(s): {}", event.identifier(), event.eventType(), event.attempts(), message);
    }

    private static String truncate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }
}
