package io.hubjira.convert;

import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.item.ValueMap;
import io.hubjira.jira.JiraFieldValue;
import io.hubjira.people.People;

/**
 * Converts one mapped value between HubSpot's string form and the typed value a Jira field takes (the Jira client
 * renders it as Jira's JSON). A user field's owner or account is found through the {@link People} the caller hands
 * over; no conversion calls an API itself.
 */
public interface ValueMapping {

    /** The value for Jira's {@code fields} map ({@link JiraFieldValue#CLEARED} clears the field). */
    JiraFieldValue toJira(String hubspotValue, PropertyInfo property, FieldInfo field, People people);

    /** HubSpot's string for a Jira field value ("" clears the property). */
    String toHubSpot(JiraFieldValue jiraValue, FieldInfo field, PropertyInfo property, People people);

    /** As {@link #toJira(String, PropertyInfo, FieldInfo, People)}, through the mapping's value map first (null: none). */
    JiraFieldValue toJira(String hubspotValue, PropertyInfo property, FieldInfo field, ValueMap map, People people);

    /**
     * What Jira's field gets: as {@link #toJira(String, PropertyInfo, FieldInfo, ValueMap, People)}, and a text longer than the
     * field holds (summary and single-line text 255 characters, description and text areas 32,767) is cut, ending with
     * a note that the full text is in HubSpot at {@code fullText}.
     */
    JiraFieldValue toJira(String hubspotValue, PropertyInfo property, FieldInfo field, ValueMap map, TextFit.FullText fullText, People people);

    /** As {@link #toHubSpot(JiraFieldValue, FieldInfo, PropertyInfo, People)}, through the mapping's value map first (null: none). */
    String toHubSpot(JiraFieldValue jiraValue, FieldInfo field, PropertyInfo property, ValueMap map, People people);

    /**
     * What HubSpot's property gets: as {@link #toHubSpot(JiraFieldValue, FieldInfo, PropertyInfo, ValueMap, People)}, and a text
     * longer than a property holds (65,536 characters) is cut, ending with a note that the full text is in Jira at
     * {@code fullText}.
     */
    String toHubSpot(JiraFieldValue jiraValue, FieldInfo field, PropertyInfo property, ValueMap map, TextFit.FullText fullText, People people);

    /**
     * Whether a user field's value found no user on the other side (a HubSpot owner without a Jira account of the same
     * email, or the reverse): the field is left empty, and the caller says so in the audit.
     */
    boolean unmatchedUser(FieldInfo field, String hubspotValue, JiraFieldValue jiraValue);

    /**
     * Whether the issue already holds the value the connector would write: {@code wanted} as {@link #toJira} makes it,
     * {@code current} as an issue read holds it (read as the field's {@link #shape}). Compared by what the field means:
     * text exactly, rich text by its content, numbers by value, dates by day, datetimes by instant, options, priorities
     * and users by their value, name or account, labels and multi-selects as sets; empty equals empty.
     */
    boolean jiraHolds(JiraFieldValue wanted, JiraFieldValue current, FieldInfo field);

    /** The shape the field's values take in Jira: how an issue's value of it is read ({@link io.hubjira.jira.JiraIssue#fieldValue}). */
    JiraFieldValue.Shape shape(FieldInfo field);
}
