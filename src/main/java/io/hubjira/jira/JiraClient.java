package io.hubjira.jira;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.http.ApiRequest;
import org.apache.hc.core5.http.HttpEntity;
import org.springframework.stereotype.Component;

/**
 * Jira Cloud REST API v3 calls (basic auth). Knows Jira's paths and error shape; nothing about HubSpot or the sync.
 * Every call goes through {@link ApiCallExecutor} (rate limits, retries, counting).
 */
@Component
public class JiraClient {

    private final ApiCallExecutor executor;
    private final JiraCredentialSource credentials;
    private final JiraErrorTranslator errors;
    private final io.hubjira.http.JsonBodies bodies;

    public JiraClient(ApiCallExecutor executor, ObjectMapper json, JiraCredentialSource credentials) {
        this.executor = executor;
        this.credentials = credentials;
        this.errors = new JiraErrorTranslator(json);
        this.bodies = new io.hubjira.http.JsonBodies(json);
    }

    /** {@code GET /rest/api/3/myself} with explicit credentials (connection validation). */
    public JsonNode myself(JiraCredentials explicit) {
        return send(request(explicit, "GET", "/rest/api/3/myself").build());
    }

    public JsonNode get(String path, String endpoint, Map<String, ?> query) {
        ApiRequest.Builder b = request(credentials.credentials(), "GET", path).endpoint(endpoint);
        query.forEach(b::query);
        return send(b.build());
    }

    public JsonNode post(String path, String endpoint, Object body) {
        return send(request(credentials.credentials(), "POST", path).endpoint(endpoint).json(write(body)).build());
    }

    public JsonNode put(String path, String endpoint, Object body) {
        return send(request(credentials.credentials(), "PUT", path).endpoint(endpoint).json(write(body)).build());
    }

    public void delete(String path, String endpoint) {
        send(request(credentials.credentials(), "DELETE", path).endpoint(endpoint).build());
    }

    /** Multipart attachment upload: Jira requires {@code X-Atlassian-Token: no-check}. */
    public JsonNode uploadAttachments(String issueKey, HttpEntity multipart) {
        return send(request(credentials.credentials(), "POST", "/rest/api/3/issue/" + issueKey + "/attachments")
                .endpoint("/rest/api/3/issue/{key}/attachments")
                .header("X-Atlassian-Token", "no-check")
                .entity(multipart).build());
    }

    /** Attachment bytes, byte-exact. */
    public byte[] attachmentContent(String attachmentId) {
        ApiRequest req = request(credentials.credentials(), "GET", "/rest/api/3/attachment/content/" + attachmentId)
                .endpoint("/rest/api/3/attachment/content/{id}").header("Accept", "*/*").build();
        return executor.execute(req, errors).body();
    }

    private static ApiRequest.Builder request(JiraCredentials creds, String method, String path) {
        return ApiRequest.builder(ApiName.JIRA, method, creds.baseUrl(), path)
                .header("Authorization", creds.basicAuthorization())
                .header("Accept", "application/json");
    }

    private JsonNode send(ApiRequest request) {
        return bodies.read(request, executor.execute(request, errors));
    }

    private String write(Object body) {
        return bodies.write(body);
    }
}
