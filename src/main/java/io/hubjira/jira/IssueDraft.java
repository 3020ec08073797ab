package io.hubjira.jira;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code fields} of an issue to create (project, issue type, summary, labels, custom fields…). */
public record IssueDraft(Map<String, JsonNode> fields) {

    public IssueDraft {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
