package io.hubjira.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.item.ValueMap;
import io.hubjira.people.People;

/**
 * Converts one mapped value between HubSpot's string form and the JSON a Jira field takes. A user field's owner or
 * account is found through the {@link People} the caller hands over; no conversion calls an API itself.
 */
public interface ValueMapping {

    /** The value for Jira's {@code fields} map (JSON null clears the field). */
    JsonNode toJira(String hubspotValue, PropertyInfo property, FieldInfo field, People people);

    /** HubSpot's string for a Jira field value ("" clears the property). */
    String toHubSpot(JsonNode jiraValue, FieldInfo field, PropertyInfo property, People people);

    /** As {@link #toJira(String, PropertyInfo, FieldInfo, People)}, through the mapping's value map first (null: none). */
    JsonNode toJira(String hubspotValue, PropertyInfo property, FieldInfo field, ValueMap map, People people);

    /**
     * What Jira's field gets: as {@link #toJira(String, PropertyInfo, FieldInfo, ValueMap, People)}, and a text longer than the
     * field holds (summary and single-line text 255 characters, description and text areas 32,767) is cut, ending with
     * a note that the full text is in HubSpot at {@code fullText}.
     */
    JsonNode toJira(String hubspotValue, PropertyInfo property, FieldInfo field, ValueMap map, TextFit.FullText fullText, People people);

    /** As {@link #toHubSpot(JsonNode, FieldInfo, PropertyInfo, People)}, through the mapping's value map first (null: none). */
    String toHubSpot(JsonNode jiraValue, FieldInfo field, PropertyInfo property, ValueMap map, People people);

    /**
     * What HubSpot's property gets: as {@link #toHubSpot(JsonNode, FieldInfo, PropertyInfo, ValueMap, People)}, and a text
     * longer than a property holds (65,536 characters) is cut, ending with a note that the full text is in Jira at
     * {@code fullText}.
     */
    String toHubSpot(JsonNode jiraValue, FieldInfo field, PropertyInfo property, ValueMap map, TextFit.FullText fullText, People people);

    /**
     * Whether a user field's value found no user on the other side (a HubSpot owner without a Jira account of the same
     * email, or the reverse): the field is left empty, and the caller says so in the audit.
     */
    boolean unmatchedUser(FieldInfo field, String hubspotValue, JsonNode jiraValue);

    /**
     * Whether the issue already holds the value the connector would write: {@code wanted} as {@link #toJira} makes it,
     * {@code current} as Jira answers a read (with its ids, links and display names). Compared by what the field means:
     * text exactly, rich text by its content, numbers by value, dates by day, datetimes by instant, options, priorities
     * and users by their value, name or account, labels and multi-selects as sets; empty equals empty.
     */
    boolean jiraHolds(JsonNode wanted, JsonNode current, FieldInfo field);
}
