package io.hubjira.convert;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.jira.JiraClient;
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
        return jiraAccountByOwner.computeIfAbsent(ownerId, id -> {
            String email = hubspot.get("/crm/v3/owners/" + id, "/crm/v3/owners/{ownerId}", Map.of()).path("email").asText(null);
            if (email == null) {
                return Optional.empty();
            }
            for (JsonNode user : jira.get("/rest/api/3/user/search", "/rest/api/3/user/search", Map.of("query", email))) {
                if (email.equalsIgnoreCase(user.path("emailAddress").asText())) {
                    return Optional.of(user.path("accountId").asText());
                }
            }
            return Optional.empty();
        });
    }

    public Optional<String> ownerForJiraAccount(String accountId) {
        return ownerByJiraAccount.computeIfAbsent(accountId, id -> {
            String email = jira.get("/rest/api/3/user", "/rest/api/3/user", Map.of("accountId", id)).path("emailAddress").asText(null);
            if (email == null) {
                return Optional.empty();
            }
            JsonNode owners = hubspot.get("/crm/v3/owners", "/crm/v3/owners", Map.of("email", email, "limit", 10));
            for (JsonNode owner : owners.path("results")) {
                if (email.equalsIgnoreCase(owner.path("email").asText())) {
                    return Optional.of(owner.path("id").asText());
                }
            }
            return Optional.empty();
        });
    }
}
