package io.hubjira.item;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

/** One HubSpot property paired with one Jira issue field, and who may change it. */
public record FieldMapping(@Size(max = 200, message = ItemDefinition.LIMIT) String hubspotProperty,
                           @Size(max = 200, message = ItemDefinition.LIMIT) String jiraField,
                           FieldOwner owner,
                           @Valid ValueMap valueMap) {

    public boolean hasValueMap() {
        return valueMap != null && !valueMap.isEmpty();
    }

    public FieldMapping withOwner(FieldOwner newOwner) {
        return new FieldMapping(hubspotProperty, jiraField, newOwner, valueMap);
    }
}
