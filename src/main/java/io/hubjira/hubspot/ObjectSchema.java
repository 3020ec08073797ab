package io.hubjira.hubspot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A custom object's schema: its type id (2-…), name, labels and the property that names its records. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObjectSchema(String objectTypeId, String name, Labels labels, String primaryDisplayProperty, boolean archived) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Labels(String singular, String plural) {}

    public String pluralLabel() {
        return labels != null && labels.plural() != null ? labels.plural() : name;
    }
}
