package io.hubjira.sandbox.hubspot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The rules a HubSpot admin configured for the simulated portal, which HubSpot enforces on CRM writes from the 2026-09
 * API version on (earlier versions ignore them): a property required when another property has one of some values
 * (conditional property rules), properties required on creation (the object's Create Record settings), and users whose
 * tokens may not edit associations. Strictest plausible reading: every write is checked against the record as it would
 * be afterwards, clearing a required property counts as leaving it empty, and a batch with one offending input is
 * refused whole — the error names the property and the rule, not the record.
 */
public class PortalValidationRules {

    private record Conditional(String objectType, String property, String whenProperty, Set<String> whenValues) {}

    private final List<Conditional> conditional = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> requiredOnCreate = new ConcurrentHashMap<>();
    private final Set<String> withoutAssociationEdits = ConcurrentHashMap.newKeySet();

    /** A conditional property rule: {@code property} is required whenever {@code whenProperty} has one of the values. */
    public void requireWhen(String objectType, String property, String whenProperty, String... whenValues) {
        conditional.add(new Conditional(objectType, property, whenProperty, Set.of(whenValues)));
    }

    /** The object's Create Record settings require these properties. */
    public void requireOnCreate(String objectType, String... properties) {
        requiredOnCreate.computeIfAbsent(objectType, k -> ConcurrentHashMap.newKeySet()).addAll(List.of(properties));
    }

    /** The user behind this (user-level OAuth) token lacks the Edit Associations permission. */
    public void denyAssociationEdits(String token) {
        withoutAssociationEdits.add(token);
    }

    void reset() {
        conditional.clear();
        requiredOnCreate.clear();
        withoutAssociationEdits.clear();
    }

    /**
     * The 400 a write answers with, or null when it keeps the rules: {@code current} is the record's values (null for a
     * new record), {@code written} what the request sets.
     */
    HubSpotError refusal(String objectType, Map<String, String> current, Map<String, String> written) {
        Map<String, String> after = new LinkedHashMap<>(current == null ? Map.of() : current);
        after.putAll(written);
        List<Map<String, Object>> errors = new ArrayList<>();
        if (current == null) {
            for (String property : requiredOnCreate.getOrDefault(objectType, Set.of())) {
                if (blank(after.get(property))) {
                    errors.add(Map.of("code", "MISSING_REQUIRED_PROPERTY", "message", "A value for " + property + " must be provided",
                            "context", Map.of("propertyName", List.of(property))));
                }
            }
        }
        for (Conditional c : conditional) {
            if (c.objectType().equals(objectType) && c.whenValues().contains(after.getOrDefault(c.whenProperty(), "")) && blank(after.get(c.property()))) {
                errors.add(Map.of("code", "MISSING_CONDITIONAL_REQUIRED_PROPERTY",
                        "message", c.property() + " is required because of a conditional property rule based on [" + c.whenProperty() + "]",
                        "context", Map.of("propertyName", List.of(c.property()))));
            }
        }
        return errors.isEmpty() ? null : new HubSpotError(400, "VALIDATION_ERROR", "The property values provided are invalid", errors);
    }

    /** The 400 an association write answers with when the token's user may not edit associations, or null. */
    HubSpotError associationRefusal(String token) {
        return withoutAssociationEdits.contains(token) ? new HubSpotError(400, "VALIDATION_ERROR", "Missing 'Edit Associations' permission.") : null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
