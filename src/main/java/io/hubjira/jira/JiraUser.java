package io.hubjira.jira;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A Jira user as Jira shows it (the email only when the user's privacy settings allow). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JiraUser(String accountId, String displayName, String emailAddress, Boolean active) {}
