package io.hubjira.jira;

/** A transition an issue offers now, and the status it leads to. */
public record Transition(String id, String name, StatusRef to) {}
