package io.hubjira.hubspottojira;

/** Jira's answer for one created (or found by marker) issue. */
public record CreatedIssue(CreationRequest request, String issueId, String issueKey, boolean found) {}
