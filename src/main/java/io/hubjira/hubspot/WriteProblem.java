package io.hubjira.hubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One thing HubSpot refused in a write (a 400 VALIDATION_ERROR), read from whichever form its body takes: since 2026-09
 * the portal's own rules come as {@code errors[]} with a {@code code} and {@code context.propertyName}; a value that
 * does not fit a property comes as a JSON list inside {@code message} ("Property values were not valid: [...]"); a
 * user without the Edit Associations permission only as the message. {@link #plain()} says it in words for operators.
 */
public record WriteProblem(Kind kind, List<String> properties, List<String> basedOn, String hubspotMessage) {

    public enum Kind {
        /** a property a portal rule makes required when another property has some value (2026-09) */
        CONDITIONAL_REQUIRED("MISSING_CONDITIONAL_REQUIRED_PROPERTY"),
        /** a property the object's Create Record settings make required on creation (2026-09) */
        REQUIRED_ON_CREATE("MISSING_REQUIRED_PROPERTY"),
        /** the HubSpot user behind a user-level token may not edit associations (2026-09) */
        ASSOCIATION_PERMISSION("MISSING_ASSOCIATION_PERMISSION"),
        /** a value the property does not take (an option it does not have, a malformed number or date) */
        INVALID_VALUE("INVALID_PROPERTY_VALUE"),
        /** a property the object does not have */
        UNKNOWN_PROPERTY("PROPERTY_DOESNT_EXIST"),
        OTHER("VALIDATION_ERROR");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The code a dead letter is filed under: HubSpot's own where it has one. */
        public String code() {
            return code;
        }

        /** Whether a rule a HubSpot admin configured for the portal refused the write (not the value itself). */
        public boolean portalRule() {
            return this == CONDITIONAL_REQUIRED || this == REQUIRED_ON_CREATE || this == ASSOCIATION_PERMISSION;
        }
    }

    public WriteProblem {
        properties = properties == null ? List.of() : List.copyOf(properties);
        basedOn = basedOn == null ? List.of() : List.copyOf(basedOn);
    }

    private static final String VALUES_NOT_VALID = "Property values were not valid:";
    private static final Pattern BASED_ON = Pattern.compile("based on \\[([^\\]]*)]");
    private static final Pattern EDIT_ASSOCIATIONS = Pattern.compile("Edit Associations", Pattern.CASE_INSENSITIVE);

    /** The problems a 400 body names (empty when it names none this connector can read). */
    static List<WriteProblem> of(ObjectMapper json, JsonNode body) {
        List<WriteProblem> problems = new ArrayList<>();
        for (JsonNode e : body.path("errors")) {
            String code = e.path("code").asText("");
            String message = e.path("message").asText("");
            List<String> properties = texts(e.path("context").path("propertyName"));
            switch (code) {
                case "MISSING_CONDITIONAL_REQUIRED_PROPERTY" -> problems.add(new WriteProblem(Kind.CONDITIONAL_REQUIRED,
                        properties.isEmpty() ? firstWord(message) : properties, basedOn(message), message));
                case "MISSING_REQUIRED_PROPERTY" -> problems.add(new WriteProblem(Kind.REQUIRED_ON_CREATE, properties, List.of(), message));
                case "" -> {
                    if (!message.isEmpty()) {
                        problems.add(new WriteProblem(Kind.OTHER, properties, List.of(), message));
                    }
                }
                default -> problems.add(new WriteProblem(Kind.OTHER, properties, List.of(), code + ": " + message));
            }
        }
        String message = body.path("message").asText("");
        if (EDIT_ASSOCIATIONS.matcher(message).find()) {
            problems.add(new WriteProblem(Kind.ASSOCIATION_PERMISSION, List.of(), List.of(), message));
        }
        int list = message.indexOf(VALUES_NOT_VALID);
        if (list >= 0) {
            try {
                for (JsonNode p : json.readTree(message.substring(list + VALUES_NOT_VALID.length()).trim())) {
                    String name = p.path("name").asText("");
                    String error = p.path("error").asText("");
                    Kind kind = error.equals("PROPERTY_DOESNT_EXIST") ? Kind.UNKNOWN_PROPERTY
                            : error.startsWith("REQUIRED") ? Kind.OTHER : Kind.INVALID_VALUE;
                    problems.add(new WriteProblem(kind, name.isEmpty() ? List.of() : List.of(name), List.of(), p.path("message").asText(error)));
                }
            } catch (Exception notAList) {
                // HubSpot's words stay in the message as they are
            }
        }
        return problems;
    }

    /** What went wrong, in plain words. */
    public String plain() {
        String names = String.join(", ", properties);
        return switch (kind) {
            case CONDITIONAL_REQUIRED -> "the portal's conditional property rule requires " + orSome(names)
                    + (basedOn.isEmpty() ? "" : " when " + String.join(", ", basedOn) + " has the value written")
                    + ", and the write leaves it empty";
            case REQUIRED_ON_CREATE -> "the object's Create Record settings require " + orSome(names) + " on every new record";
            case ASSOCIATION_PERMISSION -> "the HubSpot user the connector acts as lacks the Edit Associations permission";
            case INVALID_VALUE -> (names.isEmpty() ? "" : names + ": ") + hubspotMessage;
            case UNKNOWN_PROPERTY -> "property " + orSome(names) + " does not exist";
            case OTHER -> hubspotMessage;
        };
    }

    private static String orSome(String names) {
        return names.isEmpty() ? "a property" : names;
    }

    private static List<String> basedOn(String message) {
        Matcher m = BASED_ON.matcher(message);
        if (!m.find()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String n : m.group(1).split(",")) {
            if (!n.isBlank()) {
                names.add(n.trim());
            }
        }
        return names;
    }

    private static List<String> firstWord(String message) {
        String word = message.trim().split("\\s+", 2)[0];
        return word.isEmpty() || !word.matches("[a-z0-9_]+") ? List.of() : List.of(word.toLowerCase(Locale.ROOT));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
