package io.hubjira.item;

import java.time.Instant;

/** A saved Smart Connected Item: its definition plus identity and bookkeeping. */
public record SmartConnectedItem(long id, ItemDefinition definition, String source, int version, Instant createdAt, Instant updatedAt) {

    public String name() {
        return definition.name();
    }

    public SyncMode mode() {
        return definition.mode();
    }
}
