package io.hubjira.jira;

/** No Jira connection is configured yet. */
public class JiraNotConnectedException extends RuntimeException {

    public JiraNotConnectedException() {
        super("Jira connection not configured: save the site URL, account email and API token first");
    }
}
