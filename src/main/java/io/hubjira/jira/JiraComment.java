package io.hubjira.jira;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A comment: its body (ADF from REST v3), who wrote and last edited it, when. */
public record JiraComment(String id, JsonNode body, JiraUser author, JiraUser updateAuthor, Instant created, Instant updated) {}
