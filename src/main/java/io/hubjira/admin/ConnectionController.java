package io.hubjira.admin;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.hubjira.connection.ConnectionProblem;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.HubSpotConnectionService;
import io.hubjira.connection.JiraConnection;
import io.hubjira.connection.JiraConnectionService;
import io.hubjira.ops.SetupStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for the HubSpot and Jira connections. Answers never contain a token or secret. */
@RestController
@RequestMapping("/api/connections")
public class ConnectionController {

    static final String HUBSPOT_HELP_URL = "https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/account-service-keys";

    private final HubSpotConnectionService hubspot;
    private final JiraConnectionService jira;
    private final SetupStatus setup;

    public ConnectionController(HubSpotConnectionService hubspot, JiraConnectionService jira, SetupStatus setup) {
        this.hubspot = hubspot;
        this.jira = jira;
        this.setup = setup;
    }

    static final String LIMIT = "must be at most {max} characters";

    /** A static token: a Service Key, a project app's static token or a legacy private app token ({@code kind}, optional). */
    public record TokenForm(@Size(max = 20, message = LIMIT) String portalId, @Size(max = 2000, message = LIMIT) String token,
                            @Size(max = 20, message = LIMIT) String kind) {
        @Override
        public String toString() {
            return "TokenForm[portalId=" + portalId + ", kind=" + kind + ", token=****]";
        }
    }

    /** The code and state HubSpot's redirect brought back, with the app's credentials. */
    public record OAuthForm(@Size(max = 200, message = LIMIT) String clientId, @Size(max = 2000, message = LIMIT) String clientSecret,
                            @Size(max = 1000, message = LIMIT) String redirectUri, @Size(max = 2000, message = LIMIT) String code,
                            @Size(max = 200, message = LIMIT) String state, @Size(max = 20, message = LIMIT) String portalId) {
        @Override
        public String toString() {
            return "OAuthForm[clientId=" + clientId + ", redirectUri=" + redirectUri + ", secrets=****, state=****]";
        }
    }

    public record JiraForm(@Size(max = 500, message = LIMIT) String baseUrl, @Size(max = 320, message = LIMIT) String email,
                           @Size(max = 2000, message = LIMIT) String apiToken) {
        @Override
        public String toString() {
            return "JiraForm[baseUrl=" + baseUrl + ", email=" + email + ", apiToken=****]";
        }
    }

    @GetMapping
    public Map<String, Object> all() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("hubspot", hubSpotSummary());
        answer.put("jira", jiraSummary());
        answer.put("setup", Map.of("complete", setup.complete(), "missing", setup.missing()));
        return answer;
    }

    @GetMapping("/hubspot")
    public Map<String, Object> hubSpotSummary() {
        return hubspot.current().map(ConnectionController::describe).orElseGet(() -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("connected", false);
            s.put("help", Map.of("title", "Need help connecting to HubSpot?",
                    "text", "Create a Service Key in HubSpot (Settings > Integrations > Service Keys) with the CRM, notes and files "
                            + "scopes your items need, then enter your Hub ID and the key here. For HubSpot webhooks use a "
                            + "project-based app's static token instead; public apps connect with OAuth.",
                    "url", HUBSPOT_HELP_URL));
            return s;
        });
    }

    @PutMapping("/hubspot")
    public Map<String, Object> connectHubSpot(@Valid @RequestBody TokenForm form) {
        return describe(hubspot.connectToken(form.portalId(), form.token(), form.kind()));
    }

    /** The consent URL, carrying a state issued to the admin asking; it comes back with HubSpot's code and must be posted with it. */
    @GetMapping("/hubspot/oauth/authorize-url")
    public Map<String, Object> authorizeUrl(@RequestParam(required = false) String clientId,
                                            @RequestParam(required = false) String redirectUri,
                                            @RequestParam(required = false) String scopes, Principal admin) {
        HubSpotConnectionService.AuthorizeUrl consent = hubspot.authorizeUrl(admin.getName(), clientId, redirectUri, scopes);
        return Map.of("url", consent.url(), "state", consent.state(), "stateExpiresAt", iso(consent.stateExpiresAt()));
    }

    @PostMapping("/hubspot/oauth")
    public Map<String, Object> connectOAuth(@Valid @RequestBody OAuthForm form, Principal admin) {
        return describe(hubspot.connectOAuth(admin.getName(), form.clientId(), form.clientSecret(), form.redirectUri(), form.code(),
                form.state(), form.portalId()));
    }

    @DeleteMapping("/hubspot")
    public ResponseEntity<Void> revokeHubSpot() {
        if (!hubspot.revoke()) {
            throw new ConnectionProblem(404, "not_connected", null, "There is no HubSpot connection to revoke.");
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/jira")
    public Map<String, Object> jiraSummary() {
        return jira.current().map(ConnectionController::describe)
                .orElseGet(() -> new LinkedHashMap<>(Map.of("connected", false)));
    }

    @PutMapping("/jira")
    public Map<String, Object> connectJira(@Valid @RequestBody JiraForm form) {
        return describe(jira.connect(form.baseUrl(), form.email(), form.apiToken()));
    }

    @DeleteMapping("/jira")
    public ResponseEntity<Void> revokeJira() {
        if (!jira.revoke()) {
            throw new ConnectionProblem(404, "not_connected", null, "There is no Jira connection to revoke.");
        }
        return ResponseEntity.noContent().build();
    }

    static Map<String, Object> describe(HubSpotConnection c) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("connected", true);
        s.put("authType", c.authType().name());
        s.put("credential", Map.of("kind", c.tokenKind().name(), "label", c.tokenKind().label(),
                "declared", c.tokenKind() != HubSpotConnection.TokenKind.UNSPECIFIED,
                "webhooks", c.tokenKind().supportsWebhooks()));
        s.put("portalId", c.portalId());
        s.put("uiDomain", c.uiDomain());
        s.put("dataHostingLocation", c.dataHostingLocation());
        s.put("tokenStoredSecurely", true);
        s.put("token", "Token stored securely");
        s.put("connectedAt", iso(c.connectedAt()));
        if (c.authType() == HubSpotConnection.AuthType.OAUTH) {
            s.put("oauthClientId", c.oauthClientId());
            s.put("accessTokenExpiresAt", iso(c.accessTokenExpiresAt()));
            s.put("scopes", c.scopes());
        }
        return s;
    }

    static Map<String, Object> describe(JiraConnection c) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("connected", true);
        s.put("baseUrl", c.baseUrl());
        s.put("email", c.email());
        s.put("accountId", c.accountId());
        s.put("displayName", c.displayName());
        s.put("apiToken", "Token stored securely");
        s.put("connectedAt", iso(c.connectedAt()));
        return s;
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
