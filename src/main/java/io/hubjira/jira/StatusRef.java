package io.hubjira.jira;

/** A workflow status with its category key (new, indeterminate, done). */
public record StatusRef(String id, String name, String categoryKey, String categoryName) {}
