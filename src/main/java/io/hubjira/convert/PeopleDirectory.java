package io.hubjira.convert;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.Owner;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraUser;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/** HubSpot owners ⇄ Jira users, matched by email address (cached). */
@Component
public class PeopleDirectory {

    private final HubSpotClient hubspot;
    private final JiraClient jira;
    private final Map<String, Optional<String>> jiraAccountByOwner = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> ownerByJiraAccount = new ConcurrentHashMap<>();

    public PeopleDirectory(@Lazy HubSpotClient hubspot, @Lazy JiraClient jira) {
        this.hubspot = hubspot;
        this.jira = jira;
    }

    public Optional<String> jiraAccountForOwner(String ownerId) {
        return jiraAccountByOwner.computeIfAbsent(ownerId, id -> hubspot.owner(id).map(Owner::email).filter(e -> !e.isBlank())
                .flatMap(jira::userByEmail).map(JiraUser::accountId));
    }

    public Optional<String> ownerForJiraAccount(String accountId) {
        return ownerByJiraAccount.computeIfAbsent(accountId, id -> jira.user(id).map(JiraUser::emailAddress).filter(e -> e != null && !e.isBlank())
                .flatMap(hubspot::ownerByEmail).map(Owner::id));
    }
}
