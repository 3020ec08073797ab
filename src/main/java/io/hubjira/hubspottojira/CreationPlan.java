package io.hubjira.hubspottojira;

import java.util.List;

/**
 * The creations of a page (or of reservations found again), after their markers were looked up: the issues Jira
 * already has, and the records to create now. Reservations whose lost create is not settled yet — the marker not
 * visible, its absence not confirmed long enough — are in neither: they stay reserved for a later look.
 */
public record CreationPlan(List<CreatedIssue> found, List<CreationRequest> toCreate) {

    public CreationPlan {
        found = List.copyOf(found);
        toCreate = List.copyOf(toCreate);
    }
}
