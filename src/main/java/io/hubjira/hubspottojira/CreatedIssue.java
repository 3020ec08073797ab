package io.hubjira.hubspottojira;

/**
 * Jira's answer for one created (or found by marker) issue; {@code status}: its status when Jira's answer was read back
 * (null when not read), so the creation's STATUS step need not read it again.
 */
public record CreatedIssue(CreationRequest request, String issueId, String issueKey, boolean found, String status) {}
