package io.hubjira.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.FieldInfo;

/** Converts one mapped value between HubSpot's string form and the JSON a Jira field takes. */
public interface ValueMapping {

    /** The value for Jira's {@code fields} map (JSON null clears the field). */
    JsonNode toJira(String hubspotValue, PropertyInfo property, FieldInfo field);

    /** HubSpot's string for a Jira field value ("" clears the property). */
    String toHubSpot(JsonNode jiraValue, FieldInfo field, PropertyInfo property);
}
