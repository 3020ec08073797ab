package io.hubjira.jira;

/** A Jira remote issue link: the global id that identifies it, the application it points into, and the linked object. */
public record RemoteLink(String globalId, String applicationType, String applicationName, String url, String title, String summary,
                         String iconUrl) {}
