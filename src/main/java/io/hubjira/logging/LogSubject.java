package io.hubjira.logging;

/**
 * A piece of work that says which item, HubSpot record and Jira issue it concerns. While a route step handles such a
 * body, the connector's log context interceptor puts them into the logging context, so every line logged meanwhile names them.
 */
public interface LogSubject {

    default Object logItem() {
        return null;
    }

    default String logRecord() {
        return null;
    }

    default String logIssue() {
        return null;
    }
}
