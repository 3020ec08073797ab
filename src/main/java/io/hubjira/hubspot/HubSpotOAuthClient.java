package io.hubjira.hubspot;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiCallExecutor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * HubSpot's OAuth 2.0 token endpoint (public apps): code exchange, refresh and revocation. Its calls carry the app's
 * client credentials, never an access token, so this client stands apart from {@link HubSpotClient}: whatever
 * supplies HubSpotClient's token can refresh it here. Each call spends the rate budget of the portal it is for.
 */
@Component
public class HubSpotOAuthClient {

    private final HubSpotCalls calls;

    public HubSpotOAuthClient(ApiCallExecutor executor, ObjectMapper json, Environment env, ConnectorProperties props) {
        this.calls = new HubSpotCalls(executor, json, env, HubSpotApiVersion.fromSetting(props.hubspot().apiVersion()));
    }

    /** HubSpot's consent page for OAuth installs (read when used, like the base URL: it may name the server's port). */
    public String authorizeUrl() {
        return calls.property("connector.hubspot.oauth.authorize-url", "https://app.hubspot.com/oauth/authorize");
    }

    /**
     * Exchanges an authorization code. Form-encoded, every parameter in the body. The portal is not known until the
     * token names it: the call spends the budget of {@code account}, the portal connected so far if any.
     */
    public OAuthTokens exchangeCode(String account, String clientId, String clientSecret, String redirectUri, String code) {
        return tokens(account, grant("authorization_code", clientId, clientSecret, redirectUri, "code", code));
    }

    /** A new access token for a refresh token; HubSpot may hand out a new refresh token too. */
    public OAuthTokens refresh(String account, String clientId, String clientSecret, String redirectUri, String refreshToken) {
        return tokens(account, grant("refresh_token", clientId, clientSecret, redirectUri, "refresh_token", refreshToken));
    }

    private static Map<String, String> grant(String type, String clientId, String clientSecret, String redirectUri, String name, String value) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", type);
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.put("redirect_uri", redirectUri);
        form.put(name, value);
        return form;
    }

    public void revokeRefreshToken(String account, String clientId, String clientSecret, String refreshToken) {
        HubSpotOperation op = HubSpotOperation.OAUTH_REVOKE;
        if (calls.version() == HubSpotApiVersion.LEGACY) {
            calls.send(calls.request(op, Map.of("token", refreshToken), account).idempotent(true).build());
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", refreshToken);
        form.put("token_type_hint", "refresh_token");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        calls.send(calls.request(op, Map.of(), account).form(form).idempotent(true).build());
    }

    private OAuthTokens tokens(String account, Map<String, String> form) {
        HubSpotOperation op = HubSpotOperation.OAUTH_TOKEN;
        OAuthTokens answer = calls.read(calls.request(op, Map.of(), account).form(form).build(), OAuthTokens.class);
        if (answer.accessToken() == null || answer.accessToken().isBlank()) {
            throw calls.unexpected(op, "no access_token", null);
        }
        return answer;
    }
}
