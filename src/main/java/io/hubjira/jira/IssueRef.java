package io.hubjira.jira;

/** An issue's id and key. */
public record IssueRef(String id, String key) {}
