package io.hubjira.item;

/** The HubSpot connection and the Jira connection an item is bound to, by id. */
public record ConnectionPair(long hubspotConnectionId, long jiraConnectionId) {}
