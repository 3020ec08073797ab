package io.hubjira.sandbox.jira;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An error the simulated Jira answers with: {"errorMessages":[…],"errors":{field:message}}. */
public class JiraError extends RuntimeException {

    final int status;
    final List<String> messages;
    final Map<String, String> errors;

    JiraError(int status, List<String> messages, Map<String, String> errors) {
        super(messages.isEmpty() ? String.valueOf(errors) : messages.get(0));
        this.status = status;
        this.messages = messages;
        this.errors = errors;
    }

    static JiraError of(int status, String message) {
        return new JiraError(status, List.of(message), Map.of());
    }

    static JiraError fields(Map<String, String> errors) {
        return new JiraError(400, List.of(), new LinkedHashMap<>(errors));
    }

    static JiraError issueNotFound() {
        return of(404, "Issue does not exist or you do not have permission to see it.");
    }

    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("errorMessages", messages);
        b.put("errors", errors);
        return b;
    }
}
