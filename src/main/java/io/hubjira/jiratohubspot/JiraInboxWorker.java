package io.hubjira.jiratohubspot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.audit.DeadLetters;
import io.hubjira.connection.JiraConnection;
import io.hubjira.connection.JiraConnectionService;
import io.hubjira.jira.JiraEventKind;
import io.hubjira.jira.JiraWebhookEvent;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.queue.ClaimLostException;
import io.hubjira.queue.InboxEvent;
import io.hubjira.queue.JiraEventQueue;
import io.hubjira.sync.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of the jira-inbox flow around the events its SQL claimed: sorting a cycle's events into one batch (the
 * connector's own echoes dropped, each issue's field events grouped for one coalesced update), opening each comment or
 * attachment event, finishing events, and the failure policy of the event-failures class under the one retry policy:
 * a transient failure is tried again later with backoff, a permanent one (HubSpot VALIDATION_ERROR, unknown property,
 * missing scopes…) or the last try becomes a dead letter with the API's message.
 */
@Component("jiraInboxWorker")
public class JiraInboxWorker {

    private static final Logger log = LoggerFactory.getLogger(JiraInboxWorker.class);

    private final JiraEventQueue claims;
    private final ObjectMapper json;
    private final JiraConnectionService jiraConnections;
    private final DeadLetters deadLetters;
    private final RetryPolicy retry;
    private final LinkStore links;

    public JiraInboxWorker(JiraEventQueue claims, ObjectMapper json, JiraConnectionService jiraConnections, DeadLetters deadLetters,
                           RetryPolicy retry, LinkStore links) {
        this.links = links;
        this.claims = claims;
        this.json = json;
        this.jiraConnections = jiraConnections;
        this.deadLetters = deadLetters;
        this.retry = retry;
    }

    /**
     * The claimed rows (timestamp order) as one batch per issue of each site: events the connector's own account on
     * that site caused are finished at once (IGNORED), unreadable ones are failed, an issue's field events are grouped
     * for one coalesced update, comment and attachment events stay one by one.
     */
    public InboxBatch batch(JiraEventQueue.ClaimedEvents claimed) {
        Map<Long, Optional<String>> ownAccounts = new HashMap<>();
        Map<InboxBatch.IssueOfSite, List<InboxEvent>> byIssue = new LinkedHashMap<>();
        for (InboxEvent event : claimed.events()) {
            byIssue.computeIfAbsent(new InboxBatch.IssueOfSite(event.jiraConnectionId(), JiraEventQueue.claimKey(event)), k -> new ArrayList<>())
                    .add(event);
        }
        List<InboxBatch.IssueEvents> issues = new ArrayList<>();
        byIssue.forEach((key, events) -> {
            // the connector's own account on the event's site: its own writes there come back as that account's events
            String own = ownAccounts.computeIfAbsent(key.jiraConnectionId(),
                    id -> jiraConnections.connection(id).map(JiraConnection::accountId)).orElse(null);
            List<InboxBatch.Parsed> updates = new ArrayList<>();
            List<InboxEvent> individual = new ArrayList<>();
            String issue = null;
            for (InboxEvent event : events) {
                JiraWebhookEvent payload;
                try {
                    payload = JiraWebhookEvent.parse(json.readTree(event.payload()), event.timestamp());
                } catch (Exception e) {
                    tryLaterOrDeadLetter(event, e);
                    continue;
                }
                // the connector never deletes issues, so a deletion under its account is a person's, not an echo
                if (own != null && own.equals(payload.actorAccountId()) && event.kind() != JiraEventKind.ISSUE_DELETED) {
                    log.debug("Jira event {} ({}) on {} dropped as the connector's own echo: caused by its own account on Jira connection {}",
                            event.identifier(), event.eventType(), payload.issueIdOrKey(), event.jiraConnectionId());
                    claims.done(event, "IGNORED", "caused by the connector's own Jira account");
                    continue;
                }
                issue = issue == null ? payload.issueIdOrKey() : issue;
                if (event.kind() == JiraEventKind.ISSUE) {
                    updates.add(new InboxBatch.Parsed(event, payload));
                } else {
                    individual.add(event);
                }
            }
            issues.add(new InboxBatch.IssueEvents(key, issue, updates, individual));
        });
        return new InboxBatch(issues);
    }

    /** An issue's field events were applied together: each is done, with what the update did. */
    public void doneAll(List<InboxBatch.Parsed> events, String note) {
        events.forEach(p -> claims.done(p.event(), "DONE", note == null ? null : truncate(note)));
        events.stream().map(p -> subject(p.event(), p.payload())).distinct()
                .forEach(subject -> deadLetters.resolve(subject, "a later Jira event of the issue synced"));
    }

    /**
     * Opens one comment, attachment or deletion event: TAKEN_OVER when this instance lost its issue's claim (it stalled
     * past its lease and another instance handles the issue now); WAIT when an earlier event of its issue failed just now
     * and waits for its retry (this one goes back behind it, so the issue's order holds); else PROCESS.
     */
    public InboxVerdict open(InboxEvent event) {
        if (!claims.lost(List.of(event)).isEmpty()) {
            return InboxVerdict.TAKEN_OVER;
        }
        if (claims.waitsForEarlierEvent(event)) {
            claims.release(event);
            return InboxVerdict.WAIT;
        }
        return InboxVerdict.PROCESS;
    }

    /** The event's delivery, parsed (once: the flows and the outcome take it from the route). */
    public JiraWebhookEvent payload(InboxEvent event) throws java.io.IOException {
        return JiraWebhookEvent.parse(json.readTree(event.payload()), event.timestamp());
    }

    /** The event's flow ended: the event is done with what the flow did, and a dead letter of the same subject is resolved. */
    public void done(InboxEvent event, JiraWebhookEvent payload, Object outcome) {
        claims.done(event, "DONE", outcome == null ? null : truncate(String.valueOf(outcome)));
        deadLetters.resolve(subject(event, payload),
                "a later Jira event of the same " + (event.kind() == null ? "issue" : event.kind().name().toLowerCase()) + " synced");
    }

    /**
     * What a dead letter of this event is about (the same subject failing again adds to one letter): the issue's
     * fields, or the one comment or attachment.
     */
    String subject(InboxEvent event, JiraWebhookEvent payload) {
        String issue = event.issueKey() != null ? event.issueKey() : event.issueId();
        if (payload == null) {
            try {
                payload = JiraWebhookEvent.parse(json.readTree(event.payload()), event.timestamp());
            } catch (Exception unreadable) {
                return "jira-event:" + event.id();
            }
        }
        if (issue == null) {
            issue = payload.issueIdOrKey();
        }
        JiraEventKind kind = payload.kind();
        if (kind == null) {
            return "jira-event:" + event.id();
        }
        String objectId = switch (kind) {
            case ISSUE -> null;
            case COMMENT -> payload.comment() == null ? null : payload.comment().id();
            case ATTACHMENT -> payload.attachment() == null ? null : payload.attachment().id();
            case ISSUE_DELETED -> "deleted";
        };
        return DeadLetters.jiraSubject(event.jiraConnectionId(), issue, kind.name(), objectId);
    }

    /** routeConfiguration event-failures: the event that failed, under the one retry policy. */
    public void eventFailed(InboxEvent event, Exception failure) {
        tryLaterOrDeadLetter(event, failure);
    }

    /**
     * The failure policy of one event: a transient failure (its API calls already retried) is tried again later while
     * tries are left (connector.retry.later-*); a permanent one, or the last try, becomes a dead letter.
     */
    void tryLaterOrDeadLetter(InboxEvent event, Exception e) {
        if (e instanceof ClaimLostException) {
            log.info("Jira event {} ({}) was taken over by another worker: left to it", event.identifier(), event.eventType());
            return;
        }
        String message = e == null ? "unknown failure" : Objects.toString(e.getMessage(), e.getClass().getSimpleName());
        if (retry.mayTryAgain(e, event.attempts())) {
            var delay = retry.delayAfter(event.attempts());
            if (claims.retryLater(event, delay, truncate(message))) {
                log.warn("Jira event {} ({}) failed, tried again in {}: {}", event.identifier(), event.eventType(), delay, message);
            }
            return;
        }
        if (!claims.lost(List.of(event)).isEmpty()) {
            return; // taken over: its new owner decides whether it is a dead letter
        }
        // filed under the (first) item the issue is linked by, so the item's health counts it
        String issue = event.issueKey() != null ? event.issueKey() : event.issueId();
        Long itemId = issue == null ? null : links.forIssue(event.jiraConnectionId(), issue).stream().map(RecordLink::itemId).findFirst().orElse(null);
        deadLetters.add(new DeadLetters.Failure("jira-inbox", itemId, "inbox:" + event.id(), event.issueKey(), subject(event, null),
                event.payload(), message, RetryPolicy.category(e), event.attempts()));
        claims.done(event, "FAILED", truncate(message));
        log.error("Jira event {} ({}) dead-lettered after {} attempt(s): {}", event.identifier(), event.eventType(), event.attempts(), message);
    }

    private static String truncate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }
}
