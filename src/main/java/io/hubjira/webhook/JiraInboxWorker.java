package io.hubjira.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.hubjira.jira.JiraWebhookEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.connection.JiraConnectionService;
import io.hubjira.http.ApiException;
import io.hubjira.hubspot.HubSpotApiException;
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
    private final int batchSize;
    private final int maxAttempts;
    private final Duration initialBackoff;

    public JiraInboxWorker(InboxClaims claims, ObjectMapper json, JiraConnectionService jiraConnection, DeadLetters deadLetters,
                           @Value("${connector.inbox.batch-size:20}") int batchSize,
                           @Value("${connector.inbox.max-attempts:5}") int maxAttempts,
                           @Value("${connector.inbox.initial-backoff:2s}") Duration initialBackoff) {
        this.claims = claims;
        this.json = json;
        this.jiraConnection = jiraConnection;
        this.deadLetters = deadLetters;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
    }

    /** Claimed events grouped by issue: groups run in parallel, each group's events in timestamp order. */
    public List<List<InboxEvent>> claim() {
        java.util.Map<String, List<InboxEvent>> byIssue = new java.util.LinkedHashMap<>();
        for (InboxEvent e : claims.claim(batchSize)) {
            String issue = e.issueId() == null ? "event:" + e.id() : e.issueId();
            byIssue.computeIfAbsent(issue, k -> new java.util.ArrayList<>()).add(e);
        }
        return new java.util.ArrayList<>(byIssue.values());
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
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String message = e == null ? "unknown failure" : Objects.toString(e.getMessage(), e.getClass().getSimpleName());
        boolean transientFailure = e instanceof ApiException api && api.retryable();
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
