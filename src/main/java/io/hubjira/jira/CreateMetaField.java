package io.hubjira.jira;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A field of a project's create screen for one issue type ({@code FieldCreateMetadata}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateMetaField(String fieldId, String key, String name, boolean required, boolean hasDefaultValue, Schema schema,
                              List<AllowedValue> allowedValues, List<String> operations) {

    public CreateMetaField {
        allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
        operations = operations == null ? List.of() : List.copyOf(operations);
    }

    /** The field id (older answers only carry the key). */
    public String id() {
        return fieldId != null ? fieldId : key;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Schema(String type, String items, String system, String custom) {}

    /** An allowed value: options carry "value", priorities and the like "name". */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AllowedValue(String id, String value, String name) {}
}
