package io.hubjira.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.hc.core5.http.HttpEntity;

/**
 * One call to an external API.
 *
 * @param endpoint  the path template used to count calls (e.g. {@code /crm/v3/objects/{type}/search}), never the concrete path
 * @param rateGroup an extra rate-limit group on top of the API's global one (e.g. HubSpot search), or null
 * @param body      a {@code byte[]}, a {@link String} or an {@link HttpEntity} (multipart), or null
 */
public record ApiRequest(
        ApiName api,
        String method,
        String baseUrl,
        String path,
        String endpoint,
        Map<String, String> query,
        Map<String, String> headers,
        Object body,
        String contentType,
        String rateGroup) {

    public static Builder builder(ApiName api, String method, String baseUrl, String path) {
        return new Builder(api, method, baseUrl, path);
    }

    public String queryString() {
        if (query == null || query.isEmpty()) {
            return null;
        }
        return query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static final class Builder {
        private final ApiName api;
        private final String method;
        private final String baseUrl;
        private final String path;
        private String endpoint;
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Object body;
        private String contentType;
        private String rateGroup;

        private Builder(ApiName api, String method, String baseUrl, String path) {
            this.api = api;
            this.method = method;
            this.baseUrl = baseUrl;
            this.path = path;
        }

        public Builder endpoint(String endpointTemplate) {
            this.endpoint = endpointTemplate;
            return this;
        }

        public Builder query(String name, Object value) {
            if (value != null) {
                query.put(name, String.valueOf(value));
            }
            return this;
        }

        public Builder header(String name, String value) {
            if (value != null) {
                headers.put(name, value);
            }
            return this;
        }

        public Builder json(String json) {
            this.body = json;
            this.contentType = "application/json";
            return this;
        }

        public Builder form(Map<String, String> fields) {
            this.body = fields.entrySet().stream()
                    .filter(e -> e.getValue() != null)
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&"));
            this.contentType = "application/x-www-form-urlencoded";
            return this;
        }

        public Builder entity(HttpEntity entity) {
            this.body = entity;
            this.contentType = entity.getContentType();
            return this;
        }

        public Builder rateGroup(String group) {
            this.rateGroup = group;
            return this;
        }

        public ApiRequest build() {
            return new ApiRequest(api, method, baseUrl, path, endpoint == null ? path : endpoint,
                    Map.copyOf(query), Map.copyOf(headers), body, contentType, rateGroup);
        }
    }
}
