package io.hubjira.jira;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * JQL the connector writes, with every value quoted and escaped (a project key, status or label can never change the
 * query's meaning). Search JQL must be bounded: every query here names a project or explicit keys.
 */
public final class Jql {

    private final String text;

    private Jql(String text) {
        this.text = text;
    }

    /** A JQL string literal: double-quoted, with backslashes and double quotes escaped. */
    public static String literal(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String list(Collection<String> values) {
        return values.stream().map(Jql::literal).collect(Collectors.joining(", ", "(", ")"));
    }

    public static Jql projectIs(String projectKey) {
        return new Jql("project = " + literal(projectKey));
    }

    public static Jql keysIn(Collection<String> keys) {
        return new Jql("key in " + list(keys));
    }

    /** Issues by id (ids stay when an issue moves to another project and its key changes). */
    public static Jql idsIn(Collection<String> ids) {
        return new Jql("id in " + list(ids));
    }

    public Jql andLabelsIn(Collection<String> labels) {
        return new Jql(text + " AND labels in " + list(labels));
    }

    /**
     * Field contains the text (Jira's {@code ~}: text fields take no {@code =}); custom fields by their clause name
     * {@code cf[10010]}. Jira matches words, so callers compare the issues found exactly themselves.
     */
    public Jql andFieldContains(String fieldId, String text) {
        return new Jql(this.text + " AND " + clauseName(fieldId) + " ~ " + literal(text));
    }

    /** Field equals the value, custom fields by their clause name (numbers, options, users). */
    public Jql andFieldEquals(String fieldId, String value) {
        return new Jql(this.text + " AND " + clauseName(fieldId) + " = " + literal(value));
    }

    static String clauseName(String fieldId) {
        return fieldId.startsWith("customfield_") ? "cf[" + fieldId.substring("customfield_".length()) + "]" : fieldId;
    }

    /** The user's own JQL, AND-ed as one group (a filter an admin configured and the connector validated). */
    public Jql and(String userJql) {
        return new Jql(text + " AND (" + userJql + ")");
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
