package io.hubjira.sandbox.hubspot;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import io.hubjira.sandbox.hubspot.HubSpotSandbox.PropertyDef;

/** What HubSpot accepts as a property value (all values are strings; "" clears). */
final class HubSpotValues {

    /**
     * The longest value a property takes (a note body included), in characters: HubSpot documents 65,536 for note
     * bodies and string properties. A longer one is refused with 400 VALIDATION_ERROR naming the property.
     */
    static final int MAX_STRING_LENGTH = 65_536;

    private HubSpotValues() {}

    /** Null when the value is valid for the property, otherwise HubSpot's complaint. */
    static String problem(PropertyDef def, String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (def.readOnly() && !def.name().equals("hs_object_id")) {
            return def.name() + " is a read only property; its value cannot be set.";
        }
        switch (def.type()) {
            case "number" -> {
                try {
                    new BigDecimal(value.trim());
                } catch (NumberFormatException e) {
                    return value + " was not a valid number.";
                }
            }
            case "bool" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    return value + " was not a valid boolean (true or false).";
                }
            }
            case "date", "datetime" -> {
                if (instant(value) == null) {
                    return value + " is not a valid " + def.type() + " (use epoch milliseconds or an ISO 8601 string).";
                }
            }
            case "enumeration" -> {
                if (def.options().isEmpty()) {
                    return null;
                }
                for (String v : def.fieldType().equals("checkbox") ? value.split(";") : new String[] {value}) {
                    if (def.options().stream().noneMatch(o -> o.value().equals(v))) {
                        return v + " was not one of the allowed options: " + def.options().stream()
                                .map(o -> "[label: \"" + o.label() + "\"\nvalue: \"" + o.value() + "\"]").toList();
                    }
                }
            }
            default -> { }
        }
        return null;
    }

    static Instant instant(String value) {
        String v = value.trim();
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(v));
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
            }
            return Instant.parse(v);
        } catch (Exception e) {
            return null;
        }
    }
}
