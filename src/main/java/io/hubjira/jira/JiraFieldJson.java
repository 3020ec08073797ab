package io.hubjira.jira;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.http.Instants;
import io.hubjira.jira.JiraFieldValue.Date;
import io.hubjira.jira.JiraFieldValue.DateTime;
import io.hubjira.jira.JiraFieldValue.Document;
import io.hubjira.jira.JiraFieldValue.IssueTypeById;
import io.hubjira.jira.JiraFieldValue.Labels;
import io.hubjira.jira.JiraFieldValue.Number;
import io.hubjira.jira.JiraFieldValue.Option;
import io.hubjira.jira.JiraFieldValue.Options;
import io.hubjira.jira.JiraFieldValue.Priority;
import io.hubjira.jira.JiraFieldValue.ProjectByKey;
import io.hubjira.jira.JiraFieldValue.Shape;
import io.hubjira.jira.JiraFieldValue.Text;
import io.hubjira.jira.JiraFieldValue.User;

/**
 * Jira's JSON for an issue field value, both ways: what an edit or a creation sends ({@code "text"}, {@code 12.5},
 * {@code "2026-03-01"}, {@code "2026-03-01T09:30:00.000+0000"}, {@code {"value": "Gold"}}, {@code [{"value": "A"}]},
 * {@code ["a", "b"]}, {@code {"name": "High"}}, {@code {"accountId": "…"}}, an ADF document, {@code null}) and what a
 * read answers, taken by the shape the field's schema gives it (Jira adds ids, links and display names, left aside).
 */
public final class JiraFieldJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JiraFieldJson() {}

    public static JsonNode render(JiraFieldValue value) {
        if (value instanceof Text t) {
            return NODES.textNode(t.text());
        }
        if (value instanceof Document d) {
            return d.adf();
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.value());
        }
        if (value instanceof Date d) {
            return NODES.textNode(d.day().toString());
        }
        if (value instanceof DateTime d) {
            return NODES.textNode(Instants.JIRA.format(d.instant().atOffset(ZoneOffset.UTC)));
        }
        if (value instanceof Option o) {
            return option(o);
        }
        if (value instanceof Options o) {
            ArrayNode options = NODES.arrayNode();
            o.options().forEach(option -> options.add(option(option)));
            return options;
        }
        if (value instanceof Labels l) {
            ArrayNode labels = NODES.arrayNode();
            l.labels().forEach(labels::add);
            return labels;
        }
        if (value instanceof Priority p) {
            return NODES.objectNode().put("name", p.name());
        }
        if (value instanceof User u) {
            return NODES.objectNode().put("accountId", u.accountId());
        }
        if (value instanceof ProjectByKey p) {
            return NODES.objectNode().put("key", p.key());
        }
        if (value instanceof IssueTypeById t) {
            return NODES.objectNode().put("id", t.id());
        }
        if (value instanceof JiraFieldValue.Cleared) {
            return NullNode.getInstance();
        }
        throw new IllegalArgumentException("no Jira JSON for " + value);
    }

    /** The {@code fields} of an edit or a creation, in their order. */
    static Map<String, JsonNode> render(Map<String, JiraFieldValue> fields) {
        Map<String, JsonNode> rendered = new LinkedHashMap<>();
        fields.forEach((id, value) -> rendered.put(id, render(value)));
        return rendered;
    }

    private static ObjectNode option(Option o) {
        ObjectNode option = NODES.objectNode();
        if (o.value() != null) {
            option.put("value", o.value());
        }
        if (o.id() != null) {
            option.put("id", o.id());
        }
        return option;
    }

    /**
     * A field's value as a read answers it, taken as the shape the field has. A value not of that shape (a text where a
     * number or a date belongs) is kept as {@link Text}, for the caller to judge.
     */
    public static JiraFieldValue read(JsonNode json, Shape shape) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return JiraFieldValue.CLEARED;
        }
        if (json.isTextual() && json.textValue().isEmpty()) {
            return new Text("");
        }
        return switch (shape) {
            case TEXT -> new Text(json.isTextual() ? json.textValue() : json.toString());
            case DOCUMENT -> json.isObject() ? new Document(json) : new Text(json.asText());
            case NUMBER -> json.isNumber() ? new Number(json.decimalValue()) : new Text(json.asText());
            case DATE -> date(json.asText());
            case DATETIME -> dateTime(json.asText());
            case OPTION -> readOption(json);
            case OPTIONS -> {
                List<Option> options = new ArrayList<>();
                json.forEach(o -> options.add(readOption(o)));
                yield new Options(options);
            }
            case LABELS -> {
                List<String> labels = new ArrayList<>();
                json.forEach(l -> labels.add(l.asText()));
                yield new Labels(labels);
            }
            case PRIORITY -> new Priority(json.path("name").asText(json.asText()));
            case USER -> new User(json.path("accountId").asText());
        };
    }

    private static Option readOption(JsonNode json) {
        return new Option(json.path("value").asText(), json.hasNonNull("id") ? json.get("id").asText() : null);
    }

    private static JiraFieldValue date(String text) {
        try {
            return new Date(LocalDate.parse(text));
        } catch (DateTimeParseException notADay) {
            return new Text(text);
        }
    }

    private static JiraFieldValue dateTime(String text) {
        try {
            return new DateTime(Instants.parse(text));
        } catch (RuntimeException notAnInstant) {
            return new Text(text);
        }
    }
}
