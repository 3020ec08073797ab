package io.hubjira.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.hubjira.config.ConnectorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The Jira inbox as a queue. Deliveries are stored by {@link WebhookInbox}; a round of the jira-inbox flow takes them
 * here. An issue's open events are claimed together, by one instance at a time (an {@code inbox_issue_claim} row per
 * issue and Jira connection: issue ids are unique within one site only), for a short lease the heartbeat renews, so a stopped instance's issues are taken over once its lease ran
 * out; an issue with an event waiting for its retry is left alone until then, so nothing overtakes it.
 * <p>
 * Every round's claim has a fencing token of its own ({@link QueueClaim}). An event is settled — done, tried later,
 * given back — only under the token it was claimed with, and {@link #lost} proves a claim is still held before a remote
 * write: an instance that stalled past its lease and comes back writes nothing for issues another instance took over.
 */
@Repository
public class JiraEventQueue {

    private static final Logger log = LoggerFactory.getLogger(JiraEventQueue.class);

    private final JdbcTemplate jdbc;
    private final WorkClaims claims;
    private final int batchIssues;

    public JiraEventQueue(JdbcTemplate jdbc, WorkClaims claims, ConnectorProperties props) {
        this.jdbc = jdbc;
        this.claims = claims;
        this.batchIssues = props.inbox().batchIssues();
    }

    /** One round of the inbox: the events it claimed (each issue's in timestamp order) and the claim they are held under. */
    public record ClaimedEvents(QueueClaim claim, List<InboxEvent> events) {
        public ClaimedEvents {
            events = List.copyOf(events);
        }
    }

    /**
     * The events a round may take: those of a Jira connection not revoked, whose issue no item of a revoked HubSpot
     * connection links. The others wait, untried, until their connection is reconnected: a revoked connection's items are stopped,
     * not failed, and nothing that reached the inbox is lost.
     */
    private static final String CONNECTIONS_ACTIVE = """
            NOT EXISTS (SELECT 1 FROM jira_connection j WHERE j.id = w.jira_connection_id AND j.state <> 'ACTIVE')
                            AND NOT EXISTS (SELECT 1 FROM record_link l JOIN sync_item i ON i.id = l.item_id
                                              JOIN hubspot_connection h ON h.id = i.hubspot_connection_id
                                            WHERE i.jira_connection_id = w.jira_connection_id AND h.state <> 'ACTIVE'
                                              AND (l.issue_id = w.issue_id OR l.issue_key = w.issue_key))""";

    /** The claim key of an event: its issue, or the event itself when it names no issue. */
    public static String claimKey(InboxEvent event) {
        return event.issueId() == null ? "event:" + event.id() : event.issueId();
    }

    /**
     * Claims the oldest open issues (up to connector.inbox.batch-issues) with all their open events, after dropping the
     * claims of instances that stopped (their lease ran out). Empty when another instance claimed the same issues
     * this instant: the next round tries again.
     */
    public ClaimedEvents claim() {
        QueueClaim round = claims.newRound();
        jdbc.update("DELETE FROM inbox_issue_claim WHERE claimed_until < ?", round.now());
        try {
            jdbc.update("""
                    INSERT INTO inbox_issue_claim (jira_connection_id, issue_id, claimed_by, claimed_until, claim_token)
                    SELECT k.jira_connection_id, k.claim_key, ?, ?, ?
                    FROM (SELECT w.jira_connection_id, COALESCE(w.issue_id, 'event:' || CAST(w.id AS VARCHAR(30))) AS claim_key,
                            MIN(w.event_timestamp) AS first_ts, MIN(w.id) AS first_id FROM webhook_inbox w
                          WHERE ((w.state = 'NEW' AND (w.next_attempt_at IS NULL OR w.next_attempt_at <= ?)) OR w.state = 'PROCESSING')
                            AND\s""" + CONNECTIONS_ACTIVE + """
                          GROUP BY w.jira_connection_id, COALESCE(w.issue_id, 'event:' || CAST(w.id AS VARCHAR(30)))) k
                    WHERE NOT EXISTS (SELECT 1 FROM inbox_issue_claim c WHERE c.jira_connection_id = k.jira_connection_id AND c.issue_id = k.claim_key)
                      AND NOT EXISTS (SELECT 1 FROM webhook_inbox r WHERE r.jira_connection_id = k.jira_connection_id AND r.issue_id = k.claim_key
                                        AND r.state = 'NEW' AND r.next_attempt_at > ?)
                    ORDER BY k.first_ts, k.first_id LIMIT ?""", round.worker(), round.until(), round.token(), round.now(), round.now(), batchIssues);
        } catch (DuplicateKeyException another) {
            log.debug("another instance claimed those issues first; next round");
            return new ClaimedEvents(round, List.of());
        }
        jdbc.update("""
                UPDATE webhook_inbox SET state = 'PROCESSING', locked_by = ?, claim_token = ?, attempts = attempts + 1
                WHERE ((state = 'NEW' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)) OR state = 'PROCESSING')
                  AND (jira_connection_id, COALESCE(issue_id, 'event:' || CAST(id AS VARCHAR(30)))) IN
                      (SELECT jira_connection_id, issue_id FROM inbox_issue_claim WHERE claimed_by = ? AND claim_token = ?)""",
                round.worker(), round.token(), round.now(), round.worker(), round.token());
        List<InboxEvent> events = jdbc.query("""
                SELECT id, jira_connection_id, webhook_identifier, event_type, issue_id, issue_key, event_timestamp, payload, attempts, claim_token
                FROM webhook_inbox WHERE state = 'PROCESSING' AND locked_by = ? AND claim_token = ? ORDER BY event_timestamp, id""",
                (rs, n) -> new InboxEvent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getLong(7), rs.getString(8), rs.getInt(9), rs.getLong(10)), round.worker(), round.token());
        return new ClaimedEvents(round, events);
    }

    /** The end of a round, however it ended: its issues are free again (events it left open are claimed anew). */
    public void release(QueueClaim round) {
        jdbc.update("DELETE FROM inbox_issue_claim WHERE claimed_by = ? AND claim_token = ?", round.worker(), round.token());
    }

    /** The heartbeat: renews the issues this instance's rounds hold. */
    public int renew() {
        return jdbc.update("UPDATE inbox_issue_claim SET claimed_until = ? WHERE claimed_by = ?", claims.leaseEnd(), claims.worker());
    }

    /**
     * Fencing before a remote write: the events whose issue this instance no longer holds under the token they were
     * claimed with (its lease ran out while it stalled, and another instance took the issue over). The others' lease is
     * renewed. Nothing may be written for a lost event: its new owner handles it.
     */
    public Set<InboxEvent> lost(Collection<InboxEvent> events) {
        List<InboxEvent> list = List.copyOf(new LinkedHashSet<>(events));
        OffsetDateTime until = claims.leaseEnd();
        int[] renewed = jdbc.batchUpdate("UPDATE inbox_issue_claim SET claimed_until = ?"
                        + " WHERE jira_connection_id = ? AND issue_id = ? AND claimed_by = ? AND claim_token = ?",
                list.stream().map(e -> new Object[] {until, e.jiraConnectionId(), claimKey(e), claims.worker(), e.claimToken()}).toList());
        Set<InboxEvent> lost = new LinkedHashSet<>();
        for (int i = 0; i < renewed.length; i++) {
            if (renewed[i] == 0) {
                lost.add(list.get(i));
            }
        }
        if (!lost.isEmpty()) {
            claims.refused("webhook_inbox", lost.size());
            log.warn("{} Jira event(s) of issue(s) {} are no longer this worker's (its lease ran out and another worker took them over):"
                    + " nothing more is written for them here", lost.size(), lost.stream().map(JiraEventQueue::claimKey).distinct().toList());
        }
        return lost;
    }

    /** The failure of work on an event whose issue another instance took over. */
    public static ClaimLostException lostClaim(InboxEvent event) {
        return new ClaimLostException("webhook_inbox", event.id());
    }

    /** Settles an event (DONE, IGNORED, FAILED) under its claim; nothing when the claim was lost meanwhile. */
    public void done(InboxEvent event, String state, String note) {
        fenced(event, jdbc.update("UPDATE webhook_inbox SET state = ?, processed_at = ?, last_error = ?, locked_by = NULL"
                + " WHERE id = ? AND locked_by = ? AND claim_token = ?", state, claims.now(), note, event.id(), claims.worker(), event.claimToken()));
    }

    /**
     * Gives the event back to be tried again after the delay (counted as an attempt). False, and nothing changed, when
     * its claim was lost: the instance that took it over decides.
     */
    public boolean retryLater(InboxEvent event, Duration delay, String error) {
        return fenced(event, jdbc.update("UPDATE webhook_inbox SET state = 'NEW', next_attempt_at = ?, last_error = ?, locked_by = NULL"
                + " WHERE id = ? AND locked_by = ? AND claim_token = ?", claims.now().plus(delay), error, event.id(), claims.worker(), event.claimToken()));
    }

    /** Gives a claimed event back untouched (not counted as an attempt); nothing when its claim was lost. */
    public void release(InboxEvent event) {
        fenced(event, jdbc.update("UPDATE webhook_inbox SET state = 'NEW', attempts = attempts - 1, locked_by = NULL"
                + " WHERE id = ? AND locked_by = ? AND claim_token = ?", event.id(), claims.worker(), event.claimToken()));
    }

    private boolean fenced(InboxEvent event, int updated) {
        if (updated == 0) {
            claims.refused("webhook_inbox", 1);
            log.warn("Jira event {} was taken over by another worker: its outcome here is not recorded", event.identifier());
        }
        return updated > 0;
    }

    /** True when an older event of the same issue is still open (it failed and waits for its retry). */
    public boolean waitsForEarlierEvent(InboxEvent event) {
        if (event.issueId() == null) {
            return false;
        }
        Integer earlier = jdbc.queryForObject("""
                SELECT COUNT(*) FROM webhook_inbox WHERE jira_connection_id = ? AND issue_id = ? AND id <> ? AND state = 'NEW'
                  AND (event_timestamp < ? OR (event_timestamp = ? AND id < ?))""", Integer.class,
                event.jiraConnectionId(), event.issueId(), event.id(), event.timestamp(), event.timestamp(), event.id());
        return earlier != null && earlier > 0;
    }

    public void requeue(long id) {
        jdbc.update("UPDATE webhook_inbox SET state = 'NEW', attempts = 0, next_attempt_at = NULL, locked_by = NULL WHERE id = ?", id);
    }

    /**
     * Queues again what a dead letter stands for: its latest event, and the events of the same issue and kind (on the
     * same Jira site) that failed since the letter was filed (one letter gathers them all).
     */
    public int requeueFailed(long latestEventId, String issueKey, List<String> eventTypes, OffsetDateTime since) {
        requeue(latestEventId);
        if (issueKey == null || eventTypes.isEmpty()) {
            return 1;
        }
        String types = String.join(", ", Collections.nCopies(eventTypes.size(), "?"));
        List<Object> args = new ArrayList<>(List.of(latestEventId, issueKey, since));
        args.addAll(eventTypes);
        return 1 + jdbc.update("UPDATE webhook_inbox SET state = 'NEW', attempts = 0, next_attempt_at = NULL, locked_by = NULL"
                + " WHERE state = 'FAILED' AND jira_connection_id = (SELECT l.jira_connection_id FROM webhook_inbox l WHERE l.id = ?)"
                + " AND issue_key = ? AND processed_at >= ? AND event_type IN (" + types + ")", args.toArray());
    }

    /**
     * When the longest-waiting Jira event of the item's linked issues (on the item's Jira site) arrived (empty: nothing
     * waits): its Jira → HubSpot lag.
     */
    public Optional<Instant> oldestWaitingForItem(long itemId) {
        OffsetDateTime oldest = jdbc.queryForObject("SELECT MIN(w.received_at) FROM webhook_inbox w JOIN sync_item i ON i.id = ?"
                + " AND i.jira_connection_id = w.jira_connection_id WHERE w.state IN ('NEW', 'PROCESSING')"
                + " AND EXISTS (SELECT 1 FROM record_link l WHERE l.item_id = i.id AND (l.issue_key = w.issue_key OR l.issue_id = w.issue_id))",
                OffsetDateTime.class, itemId);
        return Optional.ofNullable(oldest).map(OffsetDateTime::toInstant);
    }

    /** A processed Jira event: when it was done, and how long after Jira sent it (its timestamp; else its arrival). */
    public record EventLag(Instant processedAt, long lagMillis) {}

    /** The lag of every Jira event processed since then (at most the newest 20,000), oldest first. */
    public List<EventLag> lagSince(Instant since) {
        List<EventLag> lags = new ArrayList<>(jdbc.query("SELECT received_at, processed_at, event_timestamp FROM webhook_inbox"
                + " WHERE processed_at >= ? AND state IN ('DONE', 'IGNORED') ORDER BY processed_at DESC LIMIT 20000", (rs, n) -> {
                    Instant processed = rs.getObject(2, OffsetDateTime.class).toInstant();
                    long sent = rs.getLong(3);
                    long start = rs.wasNull() || sent <= 0 ? rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli() : sent;
                    return new EventLag(processed, Math.max(0, processed.toEpochMilli() - start));
                }, since.atOffset(ZoneOffset.UTC)));
        Collections.reverse(lags);
        return lags;
    }

    public int open() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE state IN ('NEW', 'PROCESSING')", Integer.class);
        return n == null ? 0 : n;
    }
}
