package io.hubjira.hubspot;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.hubjira.http.Instants;

/**
 * A HubSpot CRM record ({@code SimplePublicObject}): its id, the properties read (HubSpot's values are always strings,
 * or null), optionally their history, and its timestamps.
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record HubSpotRecord(String id, Map<String, String> properties, Map<String, List<PropertyVersion>> propertiesWithHistory,
                            Instant createdAt, Instant updatedAt, boolean archived) {

    /** The last-modified property HubSpot keeps on every CRM object. */
    public static final String MODIFIED = "hs_lastmodifieddate";
    public static final String OBJECT_ID = "hs_object_id";

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record PropertyVersion(String value, Instant timestamp, String sourceType, String sourceId) {}

    public HubSpotRecord {
        Objects.requireNonNull(id, "a HubSpot record without id");
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.HashMap<>(properties));
        propertiesWithHistory = propertiesWithHistory == null ? Map.of() : Map.copyOf(propertiesWithHistory);
    }

    /** The property's value, "" when the record has none. */
    public String property(String name) {
        String value = properties.get(name);
        return value == null ? "" : value;
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** When the record last changed: hs_lastmodifieddate when it was read, else updatedAt. */
    public Instant modifiedAt() {
        Instant modified = Instants.parseOrNull(properties.get(MODIFIED));
        return modified != null ? modified : updatedAt;
    }

    /** When the property last took a new value, from its history (read with propertiesWithHistory), if known. */
    public Optional<Instant> changedAt(String property) {
        return propertiesWithHistory.getOrDefault(property, List.of()).stream().map(PropertyVersion::timestamp)
                .filter(Objects::nonNull).max(Comparator.naturalOrder());
    }
}
