package io.hubjira.hubspot;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.http.ApiRequest;
import org.apache.hc.core5.http.HttpEntity;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * HubSpot API calls. Knows HubSpot's paths, auth header and error shape; nothing about Jira or the sync.
 * Every call goes through {@link ApiCallExecutor} (rate limits, retries, counting). The base URL is read from
 * {@code connector.hubspot.base-url} on each call, so a sandbox on a random port is reached correctly.
 */
@Component
public class HubSpotClient {

    private final ApiCallExecutor executor;
    private final Environment env;
    private final HubSpotTokenSource tokens;
    private final HubSpotErrorTranslator errors;
    private final io.hubjira.http.JsonBodies bodies;

    public HubSpotClient(ApiCallExecutor executor, ObjectMapper json, Environment env, HubSpotTokenSource tokens) {
        this.executor = executor;
        this.env = env;
        this.tokens = tokens;
        this.errors = new HubSpotErrorTranslator(json);
        this.bodies = new io.hubjira.http.JsonBodies(json);
    }

    public String baseUrl() {
        return env.getRequiredProperty("connector.hubspot.base-url");
    }

    // ---- calls with an explicit token (connection validation) -------------------------------------------

    /** {@code GET /account-info/v3/details}: portalId, uiDomain, dataHostingLocation, … */
    public JsonNode accountDetails(String token) {
        return send(request("GET", "/account-info/v3/details", token).build());
    }

    /** Private-app token info (hubId, appId, scopes). Not in HubSpot's published specs; used only for the app id. */
    public JsonNode privateAppTokenInfo(String token) {
        return send(request("POST", "/oauth/v2/private-apps/get/access-token-info", token)
                .json(write(Map.of("tokenKey", token))).build());
    }

    /** {@code POST /oauth/v1/token} (form-encoded, no auth header): authorization_code or refresh_token grant. */
    public JsonNode oauthToken(Map<String, String> form) {
        return send(ApiRequest.builder(ApiName.HUBSPOT, "POST", baseUrl(), "/oauth/v1/token").form(form).build());
    }

    public void revokeRefreshToken(String refreshToken) {
        send(ApiRequest.builder(ApiName.HUBSPOT, "DELETE", baseUrl(), "/oauth/v1/refresh-tokens/" + refreshToken)
                .endpoint("/oauth/v1/refresh-tokens/{token}").build());
    }

    // ---- calls as the connected portal ------------------------------------------------------------------

    public JsonNode get(String path, String endpoint, Map<String, ?> query) {
        ApiRequest.Builder b = request("GET", path, tokens.accessToken()).endpoint(endpoint);
        query.forEach(b::query);
        return send(b.build());
    }

    public JsonNode post(String path, String endpoint, Object body) {
        return send(request("POST", path, tokens.accessToken()).endpoint(endpoint).json(write(body)).build());
    }

    public JsonNode put(String path, String endpoint, Object body) {
        ApiRequest.Builder b = request("PUT", path, tokens.accessToken()).endpoint(endpoint);
        if (body != null) {
            b.json(write(body));
        }
        return send(b.build());
    }

    public JsonNode patch(String path, String endpoint, Object body) {
        return send(request("PATCH", path, tokens.accessToken()).endpoint(endpoint).json(write(body)).build());
    }

    public void delete(String path, String endpoint) {
        send(request("DELETE", path, tokens.accessToken()).endpoint(endpoint).build());
    }

    /** CRM search; also held to HubSpot's separate search limit (5 requests per second). */
    public JsonNode search(String objectType, Object searchRequest) {
        return send(request("POST", "/crm/v3/objects/" + objectType + "/search", tokens.accessToken())
                .endpoint("/crm/v3/objects/{objectType}/search")
                .rateGroup(ApiCallExecutor.HUBSPOT_SEARCH_GROUP)
                .json(write(searchRequest)).build());
    }

    /** Multipart upload (Files API). */
    public JsonNode upload(String path, String endpoint, HttpEntity multipart) {
        return send(request("POST", path, tokens.accessToken()).endpoint(endpoint).entity(multipart).build());
    }

    /** Downloads bytes from an absolute URL HubSpot handed out (e.g. a signed file URL), byte-exact. */
    public byte[] download(String absoluteUrl, String endpoint) {
        java.net.URI uri = java.net.URI.create(absoluteUrl);
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        ApiRequest.Builder b = ApiRequest.builder(ApiName.HUBSPOT, "GET", base, uri.getRawPath()).endpoint(endpoint);
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                b.query(name, value);
            }
        }
        return executor.execute(b.build(), errors).body();
    }

    // ---- plumbing ----------------------------------------------------------------------------------------

    private ApiRequest.Builder request(String method, String path, String token) {
        return ApiRequest.builder(ApiName.HUBSPOT, method, baseUrl(), path)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private JsonNode send(ApiRequest request) {
        return bodies.read(request, executor.execute(request, errors));
    }

    private String write(Object body) {
        return bodies.write(body);
    }

    /** A mutable ordered map, handy for building query parameters. */
    public static Map<String, Object> params() {
        return new LinkedHashMap<>();
    }
}
