package io.hubjira.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON request and response bodies of API calls (an empty answer reads as an empty object). */
public final class JsonBodies {

    private final ObjectMapper json;

    public JsonBodies(ObjectMapper json) {
        this.json = json;
    }

    public JsonNode read(ApiRequest request, ApiResponse response) {
        if (response.body().length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.api().tag() + " answered " + request.endpoint() + " with a body that is not JSON", e);
        }
    }

    public String write(Object body) {
        try {
            return body instanceof String s ? s : json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be written as JSON", e);
        }
    }
}
