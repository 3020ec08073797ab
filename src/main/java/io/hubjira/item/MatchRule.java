package io.hubjira.item;

import jakarta.validation.constraints.Size;

/**
 * How an item finds the Jira issue that already stands for a HubSpot record: the issue whose {@code jiraField}
 * (a field id such as {@code summary} or {@code customfield_10010}, or {@code key}) equals the record's
 * {@code hubspotProperty} ({@code hs_object_id} for the record id). Values compare trimmed, case ignored, numbers by value.
 */
public record MatchRule(@Size(max = 200, message = ItemDefinition.LIMIT) String jiraField,
                        @Size(max = 200, message = ItemDefinition.LIMIT) String hubspotProperty) {

    public static final String ISSUE_KEY = "key";

    public boolean byIssueKey() {
        return ISSUE_KEY.equalsIgnoreCase(jiraField);
    }

    /** The form both sides' values are compared in. */
    public static String normalized(String value) {
        if (value == null) {
            return "";
        }
        String v = value.trim();
        try {
            return new java.math.BigDecimal(v).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException notANumber) {
            return v.toLowerCase(java.util.Locale.ROOT);
        }
    }
}
