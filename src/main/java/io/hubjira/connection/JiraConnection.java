package io.hubjira.connection;

import java.time.Instant;

import io.hubjira.jira.JiraCredentials;

/**
 * A Jira connection of the list (token decrypted in memory only); accountId is the connector's own Jira account on that
 * site. An id of 0 is a connection not saved yet; {@code webhookSecret} signs the site's webhooks to
 * {@code /webhooks/jira/{id}}, {@code forgeInstallationId} is the Forge app's installation on the site.
 */
public record JiraConnection(long id, String name, ConnectionState state, String baseUrl, String email, String apiToken, String accountId,
                             String displayName, String webhookSecret, String forgeInstallationId, Instant connectedAt) {

    /** This connection as saved under {@code newId} and {@code newName}, active. */
    public JiraConnection saved(long newId, String newName) {
        return new JiraConnection(newId, newName, ConnectionState.ACTIVE, baseUrl, email, apiToken, accountId, displayName, webhookSecret,
                forgeInstallationId, connectedAt);
    }

    /** The same credentials with this webhook secret and Forge installation. */
    public JiraConnection withWebhook(String secret, String installationId) {
        return new JiraConnection(id, name, state, baseUrl, email, apiToken, accountId, displayName, secret, installationId, connectedAt);
    }

    public boolean active() {
        return state == ConnectionState.ACTIVE;
    }

    public JiraCredentials credentials() {
        return new JiraCredentials(baseUrl, email, apiToken);
    }

    @Override
    public String toString() {
        return "JiraConnection[id=" + id + ", name=" + name + ", state=" + state + ", baseUrl=" + baseUrl + ", email=" + email + ", accountId=" + accountId + ", apiToken=****]";
    }
}
