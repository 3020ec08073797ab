package io.hubjira.link;

import java.time.Instant;

/** A HubSpot record linked to a Jira issue by one item. PENDING: reserved before Jira was asked to create the issue. */
public record RecordLink(long id, long itemId, String objectType, String recordId, String issueId, String issueKey,
                         LinkType type, LinkState state, String statusProblem, Instant lastSyncedAt, Instant createdAt) {

    public enum LinkType { AUTO, MANUAL }

    public enum LinkState { PENDING, LINKED, FAILED }

    public boolean isLinked() {
        return state == LinkState.LINKED && issueKey != null;
    }
}
