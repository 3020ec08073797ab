package io.hubjira.hubspot;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A property of a CRM object ({@code Property}): name, label, type and field type, options, and whether it can be written. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HubSpotProperty(String name, String label, String type, String fieldType, List<Option> options, boolean calculated,
                              boolean archived, boolean hidden, ModificationMetadata modificationMetadata, String referencedObjectType) {

    public HubSpotProperty {
        options = options == null ? List.of() : List.copyOf(options);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Option(String label, String value, int displayOrder, boolean hidden) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ModificationMetadata(boolean readOnlyValue, boolean readOnlyDefinition, boolean archivable) {}

    /** HubSpot computes it, or refuses writes to it. */
    public boolean readOnly() {
        return calculated || (modificationMetadata != null && modificationMetadata.readOnlyValue());
    }
}
