package io.hubjira.intake;

/** A Jira delivery authenticated with the webhook secret of the Jira connection (site) its URL names, not yet parsed. */
public record JiraSiteDelivery(long jiraConnectionId, WebhookDelivery delivery) {}
