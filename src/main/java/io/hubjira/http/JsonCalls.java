package io.hubjira.http;

import java.io.IOException;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The request/response plumbing both API clients share: a call goes through the {@link ApiCallExecutor} (rate budget,
 * retries, lost answers, the API's own error translator) and its JSON answer is read into the client's answer type. An
 * empty, null or unreadable answer is an {@link UnexpectedAnswerException} naming the operation and its endpoint.
 */
public final class JsonCalls {

    private final ApiCallExecutor executor;
    private final ApiErrorTranslator errors;
    private final ObjectMapper json;

    public JsonCalls(ApiCallExecutor executor, ApiErrorTranslator errors, ObjectMapper json) {
        this.executor = executor;
        this.errors = errors;
        this.json = json;
    }

    public ApiResponse send(ApiRequest request) {
        return executor.execute(request, errors);
    }

    /** As {@link #send(ApiRequest)}, where an error status the predicate accepts is an answer to read, not a failure. */
    public ApiResponse send(ApiRequest request, Predicate<ApiResponse> isAnAnswer) {
        return executor.execute(request, errors, isAnAnswer);
    }

    public <T> T read(ApiRequest request, Class<T> type) {
        return parse(request, send(request), json.constructType(type));
    }

    public <T> T parse(ApiRequest request, ApiResponse response, Class<T> type) {
        return parse(request, response, json.constructType(type));
    }

    public <T> T parse(ApiRequest request, ApiResponse response, JavaType type) {
        if (response.body().length == 0) {
            throw unexpected(request, "an empty body", null);
        }
        try {
            T value = json.readValue(response.body(), type);
            if (value == null) {
                throw unexpected(request, "null", null);
            }
            return value;
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw unexpected(request, reason, e);
        }
    }

    /** A request body as JSON. */
    public String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be written as JSON", e);
        }
    }

    private static UnexpectedAnswerException unexpected(ApiRequest request, String problem, Throwable cause) {
        return new UnexpectedAnswerException(request.api(), request.operation(), request.endpoint(), problem, cause);
    }
}
