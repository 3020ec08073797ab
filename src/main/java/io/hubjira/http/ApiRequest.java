package io.hubjira.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.hc.core5.http.HttpEntity;

/**
 * One call to an external API, built by the HubSpot or Jira client that owns the operation.
 *
 * @param operation  the client's name of the operation (e.g. {@code OBJECTS_SEARCH}), used in errors
 * @param endpoint   the path template used to count calls (e.g. {@code /crm/objects/2026-03/{objectType}/search})
 * @param query      query parameters in order; a name may repeat
 * @param body       a {@link String} or an {@link HttpEntity} (multipart), or null
 * @param rateClass  which client-side limits the call counts against
 * @param idempotent whether sending it twice has the effect of sending it once (reads, and writes that set a value):
 *                   only those are retried blindly after an ambiguous failure
 * @param account    the API account whose rate budget the call spends (a HubSpot portal id, a Jira site's host)
 * @param writeTarget the one resource a write changes when the API limits writes per resource (a Jira issue), or null
 */
public record ApiRequest(
        ApiName api,
        String operation,
        String method,
        String baseUrl,
        String path,
        String endpoint,
        List<Map.Entry<String, String>> query,
        Map<String, String> headers,
        Object body,
        String contentType,
        RateClass rateClass,
        boolean idempotent,
        String account,
        String writeTarget) {

    /** The client-side limit a call counts against. */
    public enum RateClass {
        /** the API's overall limit */
        STANDARD,
        /**
         * HubSpot's CRM search: its own per-second limit only (HubSpot's specification exempts search from the
         * ten-second window: {@code x-hubspot-rate-limit-exemptions: ["ten-secondly"]})
         */
        SEARCH,
        /** not an API call (a download from a URL the API handed out) */
        NONE
    }

    public static Builder builder(ApiName api, String operation, String method, String baseUrl, String path) {
        return new Builder(api, operation, method, baseUrl, path);
    }

    public String queryString() {
        if (query == null || query.isEmpty()) {
            return null;
        }
        return query.stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static final class Builder {
        private final ApiName api;
        private final String operation;
        private final String method;
        private final String baseUrl;
        private final String path;
        private String endpoint;
        private final List<Map.Entry<String, String>> query = new ArrayList<>();
        private final Map<String, String> headers = new java.util.LinkedHashMap<>();
        private Object body;
        private String contentType;
        private RateClass rateClass = RateClass.STANDARD;
        private Boolean idempotent;
        private String account;
        private String writeTarget;

        private Builder(ApiName api, String operation, String method, String baseUrl, String path) {
            this.api = api;
            this.operation = operation;
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
                query.add(Map.entry(name, String.valueOf(value)));
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

        public Builder rateClass(RateClass rateClass) {
            this.rateClass = rateClass;
            return this;
        }

        /** Overrides the default (GET, PUT, PATCH and DELETE are idempotent, POST is not). */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /** The API account whose rate budget the call spends (a HubSpot portal id, a Jira site's host). */
        public Builder account(String account) {
            this.account = account;
            return this;
        }

        /** The one resource this write changes, when the API limits writes per resource (a Jira issue). */
        public Builder writeTarget(String writeTarget) {
            this.writeTarget = writeTarget;
            return this;
        }

        public ApiRequest build() {
            boolean safe = idempotent != null ? idempotent : !method.equals("POST");
            return new ApiRequest(api, operation, method, baseUrl, path, endpoint == null ? path : endpoint,
                    List.copyOf(query), Map.copyOf(headers), body, contentType, rateClass, safe, account, writeTarget);
        }
    }
}
