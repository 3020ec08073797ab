package io.hubjira.item;

/** Which side may change a mapped field: HubSpot owns (→), Jira owns (←), or both own (⇄). */
public enum FieldOwner {
    HUBSPOT("→"),
    JIRA("←"),
    BOTH("⇄");

    private final String arrow;

    FieldOwner(String arrow) {
        this.arrow = arrow;
    }

    public String arrow() {
        return arrow;
    }

    public boolean hubSpotWritesJira() {
        return this != JIRA;
    }

    public boolean jiraWritesHubSpot() {
        return this != HUBSPOT;
    }
}
