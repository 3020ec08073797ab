package io.hubjira.queue;

import io.hubjira.jira.JiraEventKind;
import io.hubjira.logging.LogSubject;

/**
 * One stored Jira webhook event of one Jira connection (the site it came from), claimed for processing under the
 * fencing token of its round.
 */
public record InboxEvent(long id, long jiraConnectionId, String identifier, String eventType, String issueId, String issueKey, long timestamp,
                         String payload, int attempts, long claimToken) implements LogSubject {

    /** The event's kind (the inbox only holds handled ones). */
    public JiraEventKind kind() {
        return JiraEventKind.of(eventType).orElse(null);
    }

    @Override
    public String logIssue() {
        return issueKey != null ? issueKey : issueId;
    }
}
