package io.hubjira.admin;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.hubjira.connection.ConnectionProblem;
import io.hubjira.connection.ConnectionTarget;
import io.hubjira.connection.HubSpotConnectionService;
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

/**
 * Admin API for the first HubSpot and Jira connections (the single-connection paths every earlier version offered, and
 * the start-up settings manage), and the OAuth install into any connection. {@code GET /api/connections/hubspot} and
 * {@code /jira} answer the first connection's summary as always, with every connection of the list under
 * {@code connections}; {@link ConnectionListController} manages the lists by id. Answers never contain a token or secret.
 */
@RestController
@RequestMapping("/api/connections")
public class ConnectionController {

    static final String HUBSPOT_HELP_URL = "https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/account-service-keys";

    private final HubSpotConnectionService hubspot;
    private final JiraConnectionService jira;
    private final SetupStatus setup;
    private final ConnectionAnswers answers;

    public ConnectionController(HubSpotConnectionService hubspot, JiraConnectionService jira, SetupStatus setup, ConnectionAnswers answers) {
        this.hubspot = hubspot;
        this.jira = jira;
        this.setup = setup;
        this.answers = answers;
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
        answer.put("hubspot", firstHubSpot());
        answer.put("jira", firstJira());
        answer.put("setup", Map.of("complete", setup.complete(), "missing", setup.missing()));
        return answer;
    }

    /** The first connection's summary, and every HubSpot connection of the list under {@code connections}. */
    @GetMapping("/hubspot")
    public Map<String, Object> hubSpotSummary() {
        Map<String, Object> summary = firstHubSpot();
        summary.put("connections", answers.hubspotList());
        return summary;
    }

    private Map<String, Object> firstHubSpot() {
        return hubspot.current().map(c -> answers.hubspot(c, ConnectionAnswers.Health.PROBED)).orElseGet(() -> {
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
        return answers.hubspot(hubspot.connectToken(form.portalId(), form.token(), form.kind()), ConnectionAnswers.Health.JUST_VALIDATED);
    }

    /**
     * The consent URL, carrying a state issued to the admin asking; it comes back with HubSpot's code and must be posted
     * with it. The install connects the first connection, or the existing one {@code connectionId} names, or a new one
     * named {@code name}.
     */
    @GetMapping("/hubspot/oauth/authorize-url")
    public Map<String, Object> authorizeUrl(@RequestParam(required = false) String clientId,
                                            @RequestParam(required = false) String redirectUri,
                                            @RequestParam(required = false) String scopes,
                                            @RequestParam(required = false) String name,
                                            @RequestParam(required = false) Long connectionId, Principal admin) {
        ConnectionTarget target = installTarget(name, connectionId);
        HubSpotConnectionService.AuthorizeUrl consent = hubspot.authorizeUrl(target, admin.getName(), clientId, redirectUri, scopes);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("url", consent.url());
        answer.put("state", consent.state());
        answer.put("stateExpiresAt", iso(consent.stateExpiresAt()));
        answer.put("target", switch (target.kind()) {
            case FIRST -> Map.of("connection", "first");
            case EXISTING -> Map.of("connection", "existing", "id", target.id());
            case NEW -> Map.of("connection", "new", "name", target.name());
        });
        return answer;
    }

    private static ConnectionTarget installTarget(String name, Long connectionId) {
        if (name != null && connectionId != null) {
            throw new ConnectionProblem(400, "one_target", "name", "Name either a new connection (name) or an existing one (connectionId), "
                    + "not both.");
        }
        if (connectionId != null) {
            return ConnectionTarget.existing(connectionId);
        }
        return name == null ? ConnectionTarget.first() : ConnectionTarget.added(name);
    }

    /** The code exchange, into the connection the install was started for (its state remembers which). */
    @PostMapping("/hubspot/oauth")
    public Map<String, Object> connectOAuth(@Valid @RequestBody OAuthForm form, Principal admin) {
        return answers.hubspot(hubspot.connectOAuth(admin.getName(), form.clientId(), form.clientSecret(), form.redirectUri(), form.code(),
                form.state(), form.portalId()), ConnectionAnswers.Health.JUST_VALIDATED);
    }

    @DeleteMapping("/hubspot")
    public ResponseEntity<Void> revokeHubSpot() {
        if (!hubspot.revoke()) {
            throw new ConnectionProblem(404, "not_connected", null, "There is no HubSpot connection to revoke.");
        }
        return ResponseEntity.noContent().build();
    }

    /** The first connection's summary, and every Jira connection of the list under {@code connections}. */
    @GetMapping("/jira")
    public Map<String, Object> jiraSummary() {
        Map<String, Object> summary = firstJira();
        summary.put("connections", answers.jiraList());
        return summary;
    }

    private Map<String, Object> firstJira() {
        return jira.current().map(c -> answers.jira(c, ConnectionAnswers.Health.PROBED))
                .orElseGet(() -> new LinkedHashMap<>(Map.of("connected", false)));
    }

    @PutMapping("/jira")
    public Map<String, Object> connectJira(@Valid @RequestBody JiraForm form) {
        return answers.jira(jira.connect(form.baseUrl(), form.email(), form.apiToken()), ConnectionAnswers.Health.JUST_VALIDATED);
    }

    @DeleteMapping("/jira")
    public ResponseEntity<Void> revokeJira() {
        if (!jira.revoke()) {
            throw new ConnectionProblem(404, "not_connected", null, "There is no Jira connection to revoke.");
        }
        return ResponseEntity.noContent().build();
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
