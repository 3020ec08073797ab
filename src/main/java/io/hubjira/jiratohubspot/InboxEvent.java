package io.hubjira.jiratohubspot;

import io.hubjira.ops.LogSubject;

/** One stored Jira webhook event claimed for processing. */
public record InboxEvent(long id, String identifier, String eventType, String issueId, String issueKey, long timestamp,
                         String payload, int attempts) implements LogSubject {

    /** The event's kind (the inbox only holds handled ones). */
    public io.hubjira.jira.JiraEventKind kind() {
        return io.hubjira.jira.JiraEventKind.of(eventType).orElse(null);
    }

    @Override
    public String logIssue() {
        return issueKey != null ? issueKey : issueId;
    }
}
