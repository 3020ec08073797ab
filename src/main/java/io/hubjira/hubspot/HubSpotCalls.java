package io.hubjira.hubspot;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.http.ApiRequest;
import io.hubjira.http.ApiResponse;
import io.hubjira.http.JsonCalls;
import io.hubjira.http.UnexpectedAnswerException;
import org.springframework.core.env.Environment;

/**
 * How a HubSpot call is addressed, sent and read, shared by {@link HubSpotClient} (calls with the connected
 * credential) and {@link HubSpotOAuthClient} (the token endpoint, which needs none).
 */
final class HubSpotCalls {

    private final JsonCalls calls;
    private final Environment env;
    private final HubSpotApiVersion version;

    HubSpotCalls(ApiCallExecutor executor, ObjectMapper json, Environment env, HubSpotApiVersion version) {
        this.calls = new JsonCalls(executor, new HubSpotErrorTranslator(json), json);
        this.env = env;
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
        return calls.send(request);
    }

    <T> T read(ApiRequest request, Class<T> type) {
        return calls.read(request, type);
    }

    String write(Object body) {
        return calls.write(body);
    }

    UnexpectedAnswerException unexpected(HubSpotOperation op, String problem, Throwable cause) {
        return new UnexpectedAnswerException(ApiName.HUBSPOT, op.name(), op.template(version), problem, cause);
    }
}
