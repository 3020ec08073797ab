package io.hubjira.connection;

import java.time.Instant;

import io.hubjira.jira.JiraCredentials;

/** The stored Jira connection (token decrypted in memory only); accountId is the connector's own Jira account. */
public record JiraConnection(String baseUrl, String email, String apiToken, String accountId, String displayName, Instant connectedAt) {

    public JiraCredentials credentials() {
        return new JiraCredentials(baseUrl, email, apiToken);
    }

    @Override
    public String toString() {
        return "JiraConnection[baseUrl=" + baseUrl + ", email=" + email + ", accountId=" + accountId + ", apiToken=****]";
    }
}
