package io.hubjira.jiratohubspot;

/** What jira-inbox-event does with an opened comment or attachment event; the route has a branch for each. */
public enum InboxVerdict {
    /** handle it now */
    PROCESS,
    /** an earlier event of its issue waits for its retry: this one goes back behind it */
    WAIT,
    /** this instance lost its issue's claim (it stalled past its lease): the instance that took it over handles it */
    TAKEN_OVER
}
