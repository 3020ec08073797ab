package io.hubjira.panel;

/**
 * Who uses the issue panel: a Jira user, named by the Forge Invocation Token of the panel inside Jira (every
 * operation is then checked against that user's Jira permissions), or the connector's admin (the standalone panel
 * page, an admin tool: the admin acts with the connector's own Jira account).
 *
 * @param accountId the Jira user's account id; null for the admin
 * @param adminName the admin's user name; null for a Jira user
 */
public record PanelActor(String accountId, String adminName) {

    public static PanelActor jiraUser(String accountId) {
        if (accountId == null || accountId.isBlank()) {
            throw new IllegalArgumentException("a Jira user needs an account id");
        }
        return new PanelActor(accountId, null);
    }

    public static PanelActor admin(String name) {
        return new PanelActor(null, name == null || name.isBlank() ? "admin" : name);
    }

    public boolean isJiraUser() {
        return accountId != null;
    }
}
