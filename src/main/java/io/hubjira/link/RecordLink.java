package io.hubjira.link;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A HubSpot record linked to a Jira issue by one item. PENDING: reserved before Jira was asked to create the issue.
 * {@code pendingSteps}: what its creation still has to do once linked (empty when done). While PENDING:
 * {@code creationMarker} the marker label its issue is created with (null for reservations made before markers named the
 * item: their issue carries the old label); {@code creationSentAt} when a create was sent whose outcome is not known
 * (null: none was, or Jira's answer settled it); {@code markerAbsentSince} when a search after that first failed to show
 * the marker — a create is sent again only once the marker's absence is confirmed for longer than Jira's search may lag.
 * {@code matchAbsentSince}: for an item with a match rule, when a search first found no issue matching the record; its
 * issue is created only once a search that much later than Jira's search may lag still finds none.
 */
public record RecordLink(long id, long itemId, String objectType, String recordId, String issueId, String issueKey,
                         LinkType type, LinkState state, String statusProblem, Instant lastSyncedAt, Instant createdAt,
                         Set<Step> pendingSteps, String creationMarker, Instant creationSentAt, Instant markerAbsentSince,
                         Instant matchAbsentSince) {

    public enum LinkType { AUTO, MANUAL }

    public enum LinkState { PENDING, LINKED, FAILED }

    /**
     * The side effects of a creation after the link is saved (the link and its remembered values are saved together),
     * in the order they run. Each is done exactly once: a step found pending again starts by looking for what it may
     * have written already.
     */
    public enum Step {
        /** the status the rule or the status mapping asks for, and the stage it was taken for */
        STATUS,
        /** the HubSpot "Issue link note" on the record */
        LINK_NOTE,
        /** the Jira remote link to the record (and the issue key in the item's HubSpot property, when it names one) */
        REMOTE_LINK,
        /** the record's notes as comments and their files as attachments */
        CONTENT
    }

    public RecordLink {
        pendingSteps = pendingSteps == null || pendingSteps.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(pendingSteps));
    }

    public boolean hasPending(Step step) {
        return pendingSteps.contains(step);
    }

    /** A create was sent for this reservation and its outcome is unknown: the issue may exist. */
    public boolean creationUnconfirmed() {
        return state != LinkState.LINKED && creationSentAt != null;
    }

    public boolean isLinked() {
        return state == LinkState.LINKED && issueKey != null;
    }
}
