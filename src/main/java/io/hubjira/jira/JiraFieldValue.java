package io.hubjira.jira;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One value of a Jira issue field, typed by the shape Jira gives it: what the conversions make for a write and what a
 * read of the issue holds. Only this package turns a value into Jira's JSON or back ({@link JiraFieldJson}); a value
 * serialized by Jackson (a dry run's answer) comes out as that same JSON.
 */
public sealed interface JiraFieldValue {

    /** The shapes a mapped field's value takes in Jira, by the field's schema. */
    enum Shape { TEXT, DOCUMENT, NUMBER, DATE, DATETIME, OPTION, OPTIONS, LABELS, PRIORITY, USER }

    /** No value: the field is cleared ({@code null}). */
    Cleared CLEARED = new Cleared();

    /** Whether the value is empty (nothing, an empty text, no options, no labels, no user). */
    default boolean isEmpty() {
        return this instanceof Cleared || this instanceof Text t && t.text().isEmpty() || this instanceof Options o && o.options().isEmpty()
                || this instanceof Labels l && l.labels().isEmpty() || this instanceof User u && u.accountId().isBlank();
    }

    /** Jira's JSON for the value. */
    @JsonValue
    default JsonNode json() {
        return JiraFieldJson.render(this);
    }

    record Cleared() implements JiraFieldValue {}

    /** A single- or multi-line text field (and what a read answers where a field holds no value of its own shape). */
    record Text(String text) implements JiraFieldValue {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A rich text field: an Atlassian Document Format document. */
    record Document(JsonNode adf) implements JiraFieldValue {
        public Document {
            Objects.requireNonNull(adf, "adf");
        }
    }

    record Number(BigDecimal value) implements JiraFieldValue {
        public Number {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A date field: a calendar day. */
    record Date(LocalDate day) implements JiraFieldValue {
        public Date {
            Objects.requireNonNull(day, "day");
        }
    }

    /** A datetime field: an instant, to the millisecond as Jira keeps it. */
    record DateTime(Instant instant) implements JiraFieldValue {
        public DateTime {
            instant = instant.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    /** A select option, by its value; a read also carries Jira's option id (null when not known). */
    record Option(String value, String id) implements JiraFieldValue {
        public static Option withValue(String value) {
            return new Option(value, null);
        }
    }

    /** A multi-select's options. */
    record Options(List<Option> options) implements JiraFieldValue {
        public Options {
            options = List.copyOf(options);
        }
    }

    /** A labels field: its labels, in order. */
    record Labels(List<String> labels) implements JiraFieldValue {
        public Labels {
            labels = List.copyOf(labels);
        }
    }

    /** A priority, by its name. */
    record Priority(String name) implements JiraFieldValue {
        public Priority {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A user picker: the user's account id. */
    record User(String accountId) implements JiraFieldValue {
        public User {
            Objects.requireNonNull(accountId, "accountId");
        }
    }

    /** The project of an issue to create, by its key. */
    record ProjectByKey(String key) implements JiraFieldValue {}

    /** The issue type of an issue to create, by its id. */
    record IssueTypeById(String id) implements JiraFieldValue {}
}
