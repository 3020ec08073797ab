package io.hubjira.jira;

/** A Jira credential was saved (its site) or removed (null): whatever was read with the earlier one is stale. */
public record JiraCredentialsChanged(String site) {}
