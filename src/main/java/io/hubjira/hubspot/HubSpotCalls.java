package io.hubjira.hubspot;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.http.ApiRequest;
import io.hubjira.http.ApiResponse;
import io.hubjira.http.UnexpectedAnswerException;
import org.springframework.core.env.Environment;

/**
 * How a HubSpot call is addressed, sent and read, shared by {@link HubSpotClient} (calls with the connected
 * credential) and {@link HubSpotOAuthClient} (the token endpoint, which needs none).
 */
final class HubSpotCalls {

    private final ApiCallExecutor executor;
    private final ObjectMapper json;
    private final Environment env;
    private final HubSpotErrorTranslator errors;
    private final HubSpotApiVersion version;

    HubSpotCalls(ApiCallExecutor executor, ObjectMapper json, Environment env, HubSpotApiVersion version) {
        this.executor = executor;
        this.json = json;
        this.env = env;
        this.errors = new HubSpotErrorTranslator(json);
        this.version = version;
    }

    HubSpotApiVersion version() {
        return version;
    }

    /** Read when used: a test or the sandbox may name the server's port only once it runs. */
    String baseUrl() {
        return env.getRequiredProperty("connector.hubspot.base-url");
    }

    String property(String name, String defaultValue) {
        return env.getProperty(name, defaultValue);
    }

    /** The operation's request in the configured generation, spending {@code account}'s rate budget; no credential yet. */
    ApiRequest.Builder request(HubSpotOperation op, Map<String, String> variables, String account) {
        return ApiRequest.builder(ApiName.HUBSPOT, op.name(), op.method(version), baseUrl(), op.path(version, variables))
                .endpoint(op.template(version))
                .rateClass(op.rateClass())
                .account(account)
                .header("Accept", "application/json");
    }

    ApiResponse send(ApiRequest request) {
        return executor.execute(request, errors);
    }

    <T> T read(HubSpotOperation op, ApiRequest request, Class<T> type) {
        return parse(op, request, send(request), json.constructType(type));
    }

    private <T> T parse(HubSpotOperation op, ApiRequest request, ApiResponse response, JavaType type) {
        if (response.body().length == 0) {
            throw unexpected(op, "an empty body", null);
        }
        try {
            T value = json.readValue(response.body(), type);
            if (value == null) {
                throw unexpected(op, "null", null);
            }
            return value;
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new UnexpectedAnswerException(ApiName.HUBSPOT, op.name(), request.endpoint(), reason, e);
        }
    }

    UnexpectedAnswerException unexpected(HubSpotOperation op, String problem, Throwable cause) {
        return new UnexpectedAnswerException(ApiName.HUBSPOT, op.name(), op.template(version), problem, cause);
    }
}
