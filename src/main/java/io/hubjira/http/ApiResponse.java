package io.hubjira.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** An API's answer: status, headers (case-insensitive names) and the raw body bytes (binary-safe). */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {

    public ApiResponse {
        Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = caseInsensitive;
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
