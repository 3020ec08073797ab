package io.hubjira.item;

import java.time.Instant;

/**
 * A saved Smart Connected Item: its definition plus identity and bookkeeping, and the HubSpot and Jira connections it is
 * bound to (0 while unbound: only on an installation not connected yet).
 */
public record SmartConnectedItem(long id, ItemDefinition definition, String source, int version, Instant createdAt, Instant updatedAt,
                                 long hubspotConnectionId, long jiraConnectionId) {

    public String name() {
        return definition.name();
    }

    public SyncMode mode() {
        return definition.mode();
    }
}
