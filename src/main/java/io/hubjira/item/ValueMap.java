package io.hubjira.item;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.Size;

/**
 * A mapping's explicit value map: HubSpot values (option values, owner ids) to Jira values (option or priority names,
 * labels, account ids), used both ways (Jira → HubSpot by the reverse map, the first HubSpot value of a Jira value
 * winning), with an optional default each way for a value the map does not name. Values the map does not name and
 * without a default convert as they would without a map.
 */
public record ValueMap(@Size(max = 500, message = "must map at most {max} values")
                       Map<@Size(max = 1000, message = ItemDefinition.LIMIT) String, @Size(max = 1000, message = ItemDefinition.LIMIT) String> values,
                       @Size(max = 1000, message = ItemDefinition.LIMIT) String defaultJiraValue,
                       @Size(max = 1000, message = ItemDefinition.LIMIT) String defaultHubSpotValue) {

    public ValueMap {
        values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean isEmpty() {
        return values.isEmpty() && blank(defaultJiraValue) && blank(defaultHubSpotValue);
    }

    /** The Jira value of a HubSpot value: mapped, else the default, else empty (convert as usual). */
    public Optional<String> toJira(String hubspotValue) {
        String mapped = values.get(hubspotValue);
        if (mapped == null) {
            mapped = values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(hubspotValue)).map(Map.Entry::getValue).findFirst().orElse(null);
        }
        return Optional.ofNullable(mapped != null ? mapped : blank(defaultJiraValue) ? null : defaultJiraValue);
    }

    /** The HubSpot value of a Jira value: the first HubSpot value mapped to it (case ignored), else the default, else empty. */
    public Optional<String> toHubSpot(String jiraValue) {
        String lower = jiraValue == null ? "" : jiraValue.toLowerCase(Locale.ROOT);
        Optional<String> mapped = values.entrySet().stream().filter(e -> e.getValue().toLowerCase(Locale.ROOT).equals(lower)).map(Map.Entry::getKey)
                .findFirst();
        return mapped.isPresent() ? mapped : Optional.ofNullable(blank(defaultHubSpotValue) ? null : defaultHubSpotValue);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
