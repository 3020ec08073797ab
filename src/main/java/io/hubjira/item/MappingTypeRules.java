package io.hubjira.item;

import java.util.Optional;

import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.FieldInfo;

/** Save-time type checks the value-transform layer answers: can this pair be synced safely, does this rule operator fit. */
public interface MappingTypeRules {

    /** Why the HubSpot property and Jira field cannot be transformed safely for this owner, or empty when they can. */
    default Optional<String> mappingProblem(PropertyInfo property, FieldInfo field, FieldOwner owner) {
        return mappingProblem(property, field, owner, null);
    }

    /**
     * As {@link #mappingProblem(PropertyInfo, FieldInfo, FieldOwner)}, through the mapping's value map (null: none): a
     * value the map (or its default) turns into one the other side has needs no option of the same name there.
     */
    Optional<String> mappingProblem(PropertyInfo property, FieldInfo field, FieldOwner owner, ValueMap map);

    /** Why the rule operator does not fit the property's type, or empty when it does. */
    Optional<String> operatorProblem(String operator, PropertyInfo property);
}
