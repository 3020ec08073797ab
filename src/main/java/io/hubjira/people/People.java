package io.hubjira.people;

import java.util.Optional;

/**
 * HubSpot owners ⇄ Jira users, matched by email address: what a user field's conversion is handed to find the person
 * on the other side.
 */
public interface People {

    /** The Jira account of the active Jira user with the owner's email, if there is one. */
    Optional<String> jiraAccountForOwner(String ownerId);

    /** The HubSpot owner with the Jira user's email (when the user's privacy settings show it), if there is one. */
    Optional<String> ownerForJiraAccount(String accountId);
}
