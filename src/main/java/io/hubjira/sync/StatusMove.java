package io.hubjira.sync;

/**
 * What status-sync does for a {@link StatusWork}, decided by {@code statusSync.decide}: the route has a
 * branch for each kind. {@code jiraStatus} is the issue's status when decided, {@code target} where it goes,
 * {@code issueTypeId} the issue's type when known (its workflow is the project's workflow for that type).
 */
public record StatusMove(Kind kind, StatusWork work, String jiraStatus, String target, String action, String issueTypeId) {

    public StatusMove(Kind kind, StatusWork work, String jiraStatus, String target, String action) {
        this(kind, work, jiraStatus, target, action, null);
    }

    public enum Kind {
        /** move the issue along the workflow to {@code target} (the rule's status, or the stage's mapped status) */
        MOVE_ISSUE,
        /** Jira's status won: move the record to the stage mapped from {@code jiraStatus} */
        MOVE_STAGE,
        /** nothing to move; remember the stage the decision was made for */
        REMEMBER,
        /** nothing changed on either side */
        NOTHING
    }

    static StatusMove nothing(StatusWork work) {
        return new StatusMove(Kind.NOTHING, work, null, null, null);
    }

    static StatusMove remember(StatusWork work, String jiraStatus) {
        return new StatusMove(Kind.REMEMBER, work, jiraStatus, null, null);
    }
}
