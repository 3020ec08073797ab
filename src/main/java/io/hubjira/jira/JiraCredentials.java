package io.hubjira.jira;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Site URL + account email + API token (basic auth). {@link #toString()} never shows the token. */
public record JiraCredentials(String baseUrl, String email, String apiToken) {

    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "JiraCredentials[baseUrl=" + baseUrl + ", email=" + email + ", apiToken=****]";
    }
}
