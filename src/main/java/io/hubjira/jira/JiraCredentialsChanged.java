package io.hubjira.jira;

/**
 * A Jira connection's credential was saved (its site) or removed (null): whatever was read with the earlier one is
 * stale. {@code connectionId} is 0 when no saved connection is named.
 */
public record JiraCredentialsChanged(long connectionId, String site) {}
