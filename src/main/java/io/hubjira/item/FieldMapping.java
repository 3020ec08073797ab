package io.hubjira.item;

/** One HubSpot property paired with one Jira issue field, and who may change it. */
public record FieldMapping(String hubspotProperty, String jiraField, FieldOwner owner) {

    public FieldMapping withOwner(FieldOwner newOwner) {
        return new FieldMapping(hubspotProperty, jiraField, newOwner);
    }
}
