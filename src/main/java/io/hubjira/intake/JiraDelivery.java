package io.hubjira.intake;

import io.hubjira.jira.JiraWebhookEvent;

/**
 * A Jira delivery read: the Jira connection (site) it was authenticated for, the delivery as it came (stored as it is)
 * and the event it carries.
 */
public record JiraDelivery(long jiraConnectionId, WebhookDelivery delivery, JiraWebhookEvent event) {

    /** Whether the connector handles this kind of event (others are answered and dropped). */
    public boolean handled() {
        return event.handled();
    }
}
