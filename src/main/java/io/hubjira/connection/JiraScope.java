package io.hubjira.connection;

import io.hubjira.catalog.JiraMetadata;
import io.hubjira.jira.JiraClient;

/**
 * One Jira connection as the sync calls it: its site, the connector's own account there (its echoes), its own client
 * (credentials, rate budget) and its own metadata cache. Nothing of one site is reached through another's.
 */
public record JiraScope(long connectionId, String name, String baseUrl, String accountId, JiraClient client, JiraMetadata metadata) {

    public String issueUrl(String issueKey) {
        return baseUrl + "/browse/" + issueKey;
    }
}
