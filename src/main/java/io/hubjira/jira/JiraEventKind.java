package io.hubjira.jira;

import java.util.Optional;

/** The kinds of Jira webhook events the connector handles, each from its {@code webhookEvent} names: the one list. */
public enum JiraEventKind {
    /** {@code jira:issue_created}, {@code jira:issue_updated}: the issue's fields changed */
    ISSUE,
    /** {@code comment_created}, {@code comment_updated} */
    COMMENT,
    /** {@code attachment_created} */
    ATTACHMENT,
    /** {@code jira:issue_deleted} */
    ISSUE_DELETED;

    /** The {@code webhookEvent} names of this kind. */
    public java.util.List<String> webhookEvents() {
        return switch (this) {
            case ISSUE -> java.util.List.of(JiraWebhookEvent.ISSUE_CREATED, JiraWebhookEvent.ISSUE_UPDATED);
            case COMMENT -> java.util.List.of(JiraWebhookEvent.COMMENT_CREATED, JiraWebhookEvent.COMMENT_UPDATED);
            case ATTACHMENT -> java.util.List.of(JiraWebhookEvent.ATTACHMENT_CREATED);
            case ISSUE_DELETED -> java.util.List.of(JiraWebhookEvent.ISSUE_DELETED);
        };
    }

    /** The kind of a delivery's {@code webhookEvent}, or empty for an event the connector does not handle. */
    public static Optional<JiraEventKind> of(String webhookEvent) {
        if (webhookEvent == null) {
            return Optional.empty();
        }
        return switch (webhookEvent) {
            case JiraWebhookEvent.ISSUE_CREATED, JiraWebhookEvent.ISSUE_UPDATED -> Optional.of(ISSUE);
            case JiraWebhookEvent.COMMENT_CREATED, JiraWebhookEvent.COMMENT_UPDATED -> Optional.of(COMMENT);
            case JiraWebhookEvent.ATTACHMENT_CREATED -> Optional.of(ATTACHMENT);
            case JiraWebhookEvent.ISSUE_DELETED -> Optional.of(ISSUE_DELETED);
            default -> Optional.empty();
        };
    }
}
