package io.hubjira.jira;

/**
 * Jira Cloud's limits on the text a field or a comment holds, in characters. A longer value is refused with 400 and
 * the field named in {@code errors}: "The entered text is too long. It exceeds the allowed limit of 32,767
 * characters." (comments, descriptions, text areas), "Summary can't exceed 255 characters.", and the 255-character
 * message for single-line text fields. Jira does not say how it counts a body written in ADF; the connector counts the
 * ADF's JSON, which is never shorter than its text, so a body it sends is never refused for its length.
 */
public enum JiraTextLimit {

    /** The issue summary. */
    SUMMARY(255),
    /** Single-line text custom fields (…:textfield), URL fields and other plain string fields. */
    TEXT_FIELD(255),
    /** The issue description (and environment), in ADF. */
    DESCRIPTION(32_767),
    /** Multi-line text custom fields (…:textarea), in ADF. */
    TEXT_AREA(32_767),
    /** A comment's body, in ADF. */
    COMMENT(32_767);

    private final int maxLength;

    JiraTextLimit(int maxLength) {
        this.maxLength = maxLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /** The limit of the string field with this id and schema (system name, custom type key; either may be null). */
    public static JiraTextLimit ofStringField(String fieldId, String system, String custom) {
        if ("summary".equals(fieldId) || "summary".equals(system)) {
            return SUMMARY;
        }
        if ("description".equals(system) || "environment".equals(system)) {
            return DESCRIPTION;
        }
        return custom != null && custom.endsWith(":textarea") ? TEXT_AREA : TEXT_FIELD;
    }
}
