package io.hubjira.jira;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An issue as the connector reads it: the standard fields it uses, typed, and the mapped fields' values, read as the
 * {@link JiraFieldValue} of the shape the field has (text, ADF, an option, a user…). The changelog is there when it
 * was asked for.
 */
public record JiraIssue(String id, String key, String summary, StatusRef status, String projectKey, List<String> labels,
                        Instant updated, List<JiraAttachment> attachments, Map<String, JsonNode> fields, List<ChangeHistory> changelog) {

    public JiraIssue {
        labels = labels == null ? List.of() : List.copyOf(labels);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        changelog = changelog == null ? List.of() : List.copyOf(changelog);
    }

    /** One change of the changelog: who made it (account id), when, and which fields changed. */
    public record ChangeHistory(String authorAccountId, Instant created, List<FieldChange> items) {}

    /** One field's change (webhook changelog items have the same shape); fieldId is the stable name. */
    public record FieldChange(String fieldId, String field, String from, String to, String fromText, String toText) {}

    private Optional<JsonNode> field(String fieldId) {
        JsonNode value = fields.get(fieldId);
        return value == null || value.isMissingNode() ? Optional.empty() : Optional.of(value);
    }

    /** A field's value taken as the shape the field has ({@link JiraFieldValue#CLEARED} when the issue has none). */
    public JiraFieldValue fieldValue(String fieldId, JiraFieldValue.Shape shape) {
        return JiraFieldJson.read(fields.get(fieldId), shape);
    }

    /**
     * A field's value as the text a person sees in it (what a match rule compares): a text as it is, an option's
     * value, a priority's or an object's name, a number written plainly; "" when the issue has none.
     */
    public String fieldText(String fieldId) {
        JsonNode value = fields.get(fieldId);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isObject()) {
            return value.path("value").asText(value.path("name").asText(""));
        }
        return value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
    }

    /** The issue type's id, when the issue was read with its {@code issuetype} field. */
    public Optional<String> issueTypeId() {
        return field("issuetype").map(t -> t.path("id").asText(null));
    }

    /** The issue type's name, when the issue was read with its {@code issuetype} field. */
    public Optional<String> issueTypeName() {
        return field("issuetype").map(t -> t.path("name").asText(null));
    }

    public String statusName() {
        return status == null ? "" : status.name();
    }

    /** When the status last changed, from the changelog; the last update when the changelog does not say. */
    public Instant statusChangedAt() {
        Instant newest = null;
        for (ChangeHistory h : changelog) {
            boolean status = h.items().stream().anyMatch(i -> "status".equalsIgnoreCase(i.fieldId() != null ? i.fieldId() : i.field()));
            if (status && h.created() != null && (newest == null || h.created().isAfter(newest))) {
                newest = h.created();
            }
        }
        return newest != null ? newest : updated != null ? updated : Instant.EPOCH;
    }
}
