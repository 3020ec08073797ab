package io.hubjira.jira;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code fields} of an issue to create (project, issue type, summary, labels, custom fields…), in their order. */
public record IssueDraft(Map<String, JiraFieldValue> fields) {

    public IssueDraft {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
