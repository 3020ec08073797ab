package io.hubjira.intake;

import io.hubjira.jira.JiraWebhookEvent;

/** A Jira delivery read: the delivery as it came (stored as it is) and the event it carries. */
public record JiraDelivery(WebhookDelivery delivery, JiraWebhookEvent event) {

    /** Whether the connector handles this kind of event (others are answered and dropped). */
    public boolean handled() {
        return event.handled();
    }
}
