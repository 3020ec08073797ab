package io.hubjira.sandbox.jira;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.sandbox.jira.JiraSandbox.FieldDef;

/** What each Jira field type accepts on create and edit, and how it is stored and returned. */
final class JiraValues {

    private JiraValues() {}

    static String problem(JiraSandbox s, FieldDef def, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        boolean adf = "description".equals(def.system()) || (def.custom() != null && def.custom().endsWith(":textarea"));
        switch (def.type()) {
            case "string" -> {
                if (adf && !(v.isObject() && "doc".equals(v.path("type").asText()))) {
                    return "Operation value must be an Atlassian Document (see the Atlassian Document Format)";
                }
                if (!adf && !v.isTextual()) {
                    return "Operation value must be a string";
                }
                if (!adf && def.id().equals("summary") && v.asText().length() > 255) {
                    return "Summary can't exceed 255 characters.";
                }
                if (!adf && v.asText().length() > 255) {
                    return tooLong(255);
                }
                if (adf && s.jsonLength(v) > JiraSandbox.TEXT_LIMIT) {
                    return tooLong(JiraSandbox.TEXT_LIMIT);
                }
            }
            case "number" -> {
                if (!v.isNumber()) {
                    return "Operation value must be a number";
                }
            }
            case "date" -> {
                try {
                    LocalDate.parse(v.asText());
                } catch (Exception e) {
                    return "Error parsing date string: " + v.asText();
                }
            }
            case "datetime" -> {
                try {
                    OffsetDateTime.parse(v.asText(), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ"));
                } catch (Exception e) {
                    try {
                        OffsetDateTime.parse(v.asText());
                    } catch (Exception e2) {
                        return "Error parsing date-time string: " + v.asText();
                    }
                }
            }
            case "option" -> {
                String value = v.path("value").asText(null);
                if (value == null || !def.allowedValues().contains(value)) {
                    return "Option value '" + (value == null ? v : value) + "' is not valid";
                }
            }
            case "priority" -> {
                String name = v.path("name").asText(null);
                String id = v.path("id").asText(null);
                if (name == null && id == null || name != null && !def.allowedValues().contains(name)) {
                    return "Specify a valid value for priority";
                }
            }
            case "user" -> {
                if (s.userById(v.path("accountId").asText("")).isEmpty()) {
                    return "Specify a valid user (accountId)";
                }
            }
            case "array" -> {
                if (!v.isArray()) {
                    return "Operation value must be an array";
                }
                for (JsonNode e : v) {
                    if ("option".equals(def.items()) && !def.allowedValues().contains(e.path("value").asText())) {
                        return "Option value '" + e.path("value").asText() + "' is not valid";
                    }
                    if ("string".equals(def.items()) && (!e.isTextual() || e.asText().contains(" "))) {
                        return "The label '" + e.asText() + "' contains spaces which is invalid.";
                    }
                }
            }
            default -> { }
        }
        return null;
    }

    /** Jira Cloud's answer to a text longer than the field holds (as a value of "errors", under the field's id). */
    static String tooLong(int limit) {
        return "The entered text is too long. It exceeds the allowed limit of " + String.format(java.util.Locale.ROOT, "%,d", limit) + " characters.";
    }

    /** The stored (and returned) value of a valid input. */
    static JsonNode stored(JiraSandbox s, FieldDef def, JsonNode v) {
        if (v == null || v.isNull()) {
            return v;
        }
        switch (def.type()) {
            case "option" -> {
                ObjectNode o = s.json.createObjectNode();
                String value = v.path("value").asText();
                o.put("self", "/rest/api/3/customFieldOption/" + (10100 + def.allowedValues().indexOf(value)));
                o.put("value", value);
                o.put("id", String.valueOf(10100 + def.allowedValues().indexOf(value)));
                return o;
            }
            case "array" -> {
                if ("option".equals(def.items())) {
                    ArrayNode a = s.json.createArrayNode();
                    v.forEach(e -> a.addObject().put("value", e.path("value").asText())
                            .put("id", String.valueOf(10200 + def.allowedValues().indexOf(e.path("value").asText()))));
                    return a;
                }
                return v.deepCopy();
            }
            case "priority" -> {
                String name = v.has("name") ? v.get("name").asText() : def.allowedValues().get(Integer.parseInt(v.path("id").asText("3")) - 1);
                ObjectNode p = s.json.createObjectNode();
                p.put("self", "/rest/api/3/priority/" + (def.allowedValues().indexOf(name) + 1));
                p.put("iconUrl", "/images/icons/priorities/" + name.toLowerCase() + ".svg");
                p.put("name", name);
                p.put("id", String.valueOf(def.allowedValues().indexOf(name) + 1));
                return p;
            }
            case "user" -> {
                return s.userJson(s.userById(v.path("accountId").asText()).orElseThrow(), "");
            }
            case "datetime" -> {
                try {
                    return s.json.getNodeFactory().textNode(JiraSandbox.JIRA_TIME.format(OffsetDateTime.parse(v.asText(),
                            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toInstant()));
                } catch (Exception e) {
                    return s.json.getNodeFactory().textNode(JiraSandbox.JIRA_TIME.format(OffsetDateTime.parse(v.asText()).toInstant()));
                }
            }
            default -> {
                return v.deepCopy();
            }
        }
    }
}
