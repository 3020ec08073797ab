package io.hubjira.jiratohubspot;

import java.util.List;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.connection.ConnectionScopes;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.queue.InboxEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A {@code jira:issue_deleted} delivery is a claim, not a fact: it is acted on only when Jira itself answers 404 for
 * the issue. A delivery for an issue Jira still has (forged with the webhook secret, replayed, or misdirected) is
 * dropped, with a log line and an audit event on each linked record saying why.
 */
@Component("jiraIssueDeletion")
public class JiraIssueDeletion {

    private static final Logger log = LoggerFactory.getLogger(JiraIssueDeletion.class);

    private final ConnectionScopes scopes;
    private final LinkStore links;
    private final AuditLog audit;

    public JiraIssueDeletion(ConnectionScopes scopes, LinkStore links, AuditLog audit) {
        this.scopes = scopes;
        this.links = links;
        this.audit = audit;
    }

    /**
     * True when the event's Jira site no longer has the issue the event names (read by id, which never changes, else by
     * key), asked through that site's own connection.
     */
    public boolean confirmed(InboxEvent event) {
        String issue = issueOf(event);
        return issue != null && !scopes.jira(event.jiraConnectionId()).client().issueExists(issue);
    }

    /** The event is not applied: logged and audited on every record linked to the issue; the answer is the inbox row's note. */
    public String dropped(InboxEvent event) {
        String issue = issueOf(event);
        String why = issue == null ? "the event names no issue" : "Jira still has issue " + issue;
        log.warn("Jira event {} (jira:issue_deleted) dropped: {}; the deletion is not applied", event.identifier(), why);
        if (issue != null) {
            for (RecordLink link : links.forIssue(event.jiraConnectionId(), issue)) {
                audit.record(link.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "ISSUE_DELETED", List.of(),
                        Outcome.SKIPPED, "A deletion event arrived but " + why + " (it answers its GET): the event is dropped and the link kept");
            }
        }
        return "deletion not applied: " + why;
    }

    private static String issueOf(InboxEvent event) {
        return event.issueId() != null ? event.issueId() : event.issueKey();
    }
}
