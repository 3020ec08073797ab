package io.hubjira.jira;

/** Supplies the connected Jira site's credentials. */
@FunctionalInterface
public interface JiraCredentialSource {

    /** @throws JiraNotConnectedException when no Jira connection is configured */
    JiraCredentials credentials();
}
