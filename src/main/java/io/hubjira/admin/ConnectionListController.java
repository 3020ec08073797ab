package io.hubjira.admin;

import static io.hubjira.admin.ConnectionController.LIMIT;

import java.net.URI;
import java.util.Map;

import io.hubjira.connection.ConnectionProblem;
import io.hubjira.connection.ConnectionTarget;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.HubSpotConnectionService;
import io.hubjira.connection.JiraConnection;
import io.hubjira.connection.JiraConnectionService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The lists of HubSpot and Jira connections by id: add one under a name an admin chooses (validated against HubSpot or
 * Jira exactly as the first one), read one, rename it, reconnect it with new credentials, set its webhook secret (and
 * HubSpot's signed webhook URL, Jira's Forge installation), and revoke it: its tokens are erased, its row, items and
 * links stay, and it can be reconnected later. Answers never contain a token or secret ({@link ConnectionAnswers}).
 */
@RestController
@RequestMapping("/api/connections")
public class ConnectionListController {

    private final HubSpotConnectionService hubspot;
    private final JiraConnectionService jira;
    private final ConnectionAnswers answers;

    public ConnectionListController(HubSpotConnectionService hubspot, JiraConnectionService jira, ConnectionAnswers answers) {
        this.hubspot = hubspot;
        this.jira = jira;
        this.answers = answers;
    }

    /**
     * A HubSpot connection to add, or what to change of one: its name, a new static token (with its portal and kind), the
     * client secret of the app whose webhooks it sends and the URL they are signed for. On a change, a field left out
     * stays as it is; an empty webhook secret or URL removes it.
     */
    public record HubSpotForm(@Size(max = 100, message = LIMIT) String name, @Size(max = 20, message = LIMIT) String portalId,
                              @Size(max = 2000, message = LIMIT) String token, @Size(max = 20, message = LIMIT) String kind,
                              @Size(max = 2000, message = LIMIT) String webhookSecret, @Size(max = 1000, message = LIMIT) String webhookUrl) {
        @Override
        public String toString() {
            return "HubSpotForm[name=" + name + ", portalId=" + portalId + ", kind=" + kind + ", webhookUrl=" + webhookUrl
                    + ", token=****, webhookSecret=****]";
        }

        boolean changesCredentials() {
            return token != null || portalId != null || kind != null;
        }

        boolean changesWebhook() {
            return webhookSecret != null || webhookUrl != null;
        }
    }

    /**
     * A Jira connection to add, or what to change of one: its name, new credentials (site URL, account email, API token),
     * the secret its webhooks are signed with and the Forge app's installation on the site. On a change, a field left out
     * stays as it is; an empty webhook secret or installation removes it.
     */
    public record JiraForm(@Size(max = 100, message = LIMIT) String name, @Size(max = 500, message = LIMIT) String baseUrl,
                           @Size(max = 320, message = LIMIT) String email, @Size(max = 2000, message = LIMIT) String apiToken,
                           @Size(max = 2000, message = LIMIT) String webhookSecret,
                           @Size(max = 300, message = LIMIT) String forgeInstallationId) {
        @Override
        public String toString() {
            return "JiraForm[name=" + name + ", baseUrl=" + baseUrl + ", email=" + email + ", forgeInstallationId=" + forgeInstallationId
                    + ", apiToken=****, webhookSecret=****]";
        }

        boolean changesCredentials() {
            return apiToken != null || baseUrl != null || email != null;
        }

        boolean changesWebhook() {
            return webhookSecret != null || forgeInstallationId != null;
        }
    }

    // ---- HubSpot --------------------------------------------------------------------------------------------------------

    /** Adds a HubSpot connection with a static token (public apps: the OAuth install with {@code name}). 201 with its answer. */
    @PostMapping("/hubspot")
    public ResponseEntity<Map<String, Object>> addHubSpot(@Valid @RequestBody HubSpotForm form) {
        ConnectionTarget target = ConnectionTarget.added(form.name());
        HubSpotConnectionService.requireValidWebhookUrl(form.webhookUrl());
        HubSpotConnection c = hubspot.connectToken(target, form.portalId(), form.token(), form.kind());
        if (form.changesWebhook()) {
            c = hubspot.setWebhook(c.id(), form.webhookSecret(), form.webhookUrl());
        }
        return ResponseEntity.created(URI.create("/api/connections/hubspot/" + c.id()))
                .body(answers.hubspot(c, ConnectionAnswers.Health.JUST_VALIDATED));
    }

    @GetMapping("/hubspot/{id}")
    public Map<String, Object> hubSpot(@PathVariable long id) {
        return answers.hubspot(hubSpotConnection(id), ConnectionAnswers.Health.PROBED);
    }

    /**
     * Changes a HubSpot connection: everything is checked before anything is saved, then the new token (validated against
     * HubSpot; a revoked connection becomes active again), the name, the webhook settings. Without a new token a revoked
     * connection stays revoked.
     */
    @PutMapping("/hubspot/{id}")
    public Map<String, Object> updateHubSpot(@PathVariable long id, @Valid @RequestBody HubSpotForm form) {
        HubSpotConnection c = hubSpotConnection(id);
        if (form.name() == null && !form.changesCredentials() && !form.changesWebhook()) {
            throw nothingToUpdate("name, token (with portalId and kind), webhookSecret or webhookUrl");
        }
        String name = form.name() == null ? null : requireFreeName(c.name(), ConnectionTarget.added(form.name()).name(),
                hubspot.connections().stream().map(HubSpotConnection::name).toList(), "HubSpot");
        HubSpotConnectionService.requireValidWebhookUrl(form.webhookUrl());
        if (form.changesCredentials()) {
            if (form.token() == null) {
                throw new ConnectionProblem(400, "token_required", "token", "A new portal ID or token kind comes with the token it is for.");
            }
            c = hubspot.connectToken(ConnectionTarget.existing(id), form.portalId() == null ? String.valueOf(c.portalId()) : form.portalId(),
                    form.token(), form.kind() == null ? declaredKind(c) : form.kind());
        }
        if (name != null) {
            c = hubspot.rename(id, name);
        }
        if (form.changesWebhook()) {
            c = hubspot.setWebhook(id, form.webhookSecret() == null ? c.webhookSecret() : form.webhookSecret(),
                    form.webhookUrl() == null ? c.webhookUrl() : form.webhookUrl());
        }
        return answers.hubspot(c, form.changesCredentials() ? ConnectionAnswers.Health.JUST_VALIDATED : ConnectionAnswers.Health.PROBED);
    }

    /** Revokes a HubSpot connection: tokens erased, row, items and links kept. 204, also when it was revoked already. */
    @DeleteMapping("/hubspot/{id}")
    public ResponseEntity<Void> revokeHubSpot(@PathVariable long id) {
        hubSpotConnection(id);
        hubspot.revoke(id);
        return ResponseEntity.noContent().build();
    }

    private HubSpotConnection hubSpotConnection(long id) {
        return hubspot.connection(id).orElseThrow(() -> HubSpotConnectionService.unknownConnection(id));
    }

    /** The kind the saved token was declared as, kept when a new token comes without one. */
    private static String declaredKind(HubSpotConnection c) {
        return switch (c.tokenKind()) {
            case OAUTH, UNSPECIFIED -> null;
            default -> c.tokenKind().name();
        };
    }

    // ---- Jira -----------------------------------------------------------------------------------------------------------

    /** Adds a Jira connection (validated by asking the site who the credentials belong to). 201 with its answer. */
    @PostMapping("/jira")
    public ResponseEntity<Map<String, Object>> addJira(@Valid @RequestBody JiraForm form) {
        ConnectionTarget target = ConnectionTarget.added(form.name());
        jira.requireInstallationFree(0, form.forgeInstallationId());
        JiraConnection c = jira.connect(target, form.baseUrl(), form.email(), form.apiToken());
        if (form.changesWebhook()) {
            c = jira.setWebhook(c.id(), form.webhookSecret(), form.forgeInstallationId());
        }
        return ResponseEntity.created(URI.create("/api/connections/jira/" + c.id())).body(answers.jira(c, ConnectionAnswers.Health.JUST_VALIDATED));
    }

    @GetMapping("/jira/{id}")
    public Map<String, Object> jira(@PathVariable long id) {
        return answers.jira(jiraConnection(id), ConnectionAnswers.Health.PROBED);
    }

    /**
     * Changes a Jira connection: everything is checked before anything is saved, then the new credentials (validated
     * against the site; a revoked connection becomes active again), the name, the webhook secret and Forge installation.
     */
    @PutMapping("/jira/{id}")
    public Map<String, Object> updateJira(@PathVariable long id, @Valid @RequestBody JiraForm form) {
        JiraConnection c = jiraConnection(id);
        if (form.name() == null && !form.changesCredentials() && !form.changesWebhook()) {
            throw nothingToUpdate("name, apiToken (with baseUrl and email), webhookSecret or forgeInstallationId");
        }
        String name = form.name() == null ? null : requireFreeName(c.name(), ConnectionTarget.added(form.name()).name(),
                jira.connections().stream().map(JiraConnection::name).toList(), "Jira");
        if (form.forgeInstallationId() != null) {
            jira.requireInstallationFree(id, form.forgeInstallationId());
        }
        if (form.changesCredentials()) {
            if (form.apiToken() == null) {
                throw new ConnectionProblem(400, "api_token_required", "apiToken", "A new site URL or account email comes with the API token "
                        + "it is for.");
            }
            c = jira.connect(ConnectionTarget.existing(id), form.baseUrl() == null ? c.baseUrl() : form.baseUrl(),
                    form.email() == null ? c.email() : form.email(), form.apiToken());
        }
        if (name != null) {
            c = jira.rename(id, name);
        }
        if (form.changesWebhook()) {
            c = jira.setWebhook(id, form.webhookSecret() == null ? c.webhookSecret() : form.webhookSecret(),
                    form.forgeInstallationId() == null ? c.forgeInstallationId() : form.forgeInstallationId());
        }
        return answers.jira(c, form.changesCredentials() ? ConnectionAnswers.Health.JUST_VALIDATED : ConnectionAnswers.Health.PROBED);
    }

    /** Revokes a Jira connection: token erased, row, items and links kept. 204, also when it was revoked already. */
    @DeleteMapping("/jira/{id}")
    public ResponseEntity<Void> revokeJira(@PathVariable long id) {
        jiraConnection(id);
        jira.revoke(id);
        return ResponseEntity.noContent().build();
    }

    private JiraConnection jiraConnection(long id) {
        return jira.connection(id).orElseThrow(() -> JiraConnectionService.unknownConnection(id));
    }

    // ---- both -----------------------------------------------------------------------------------------------------------

    /** The new name, checked free before anything is saved (the rename checks again, in case another took it meanwhile). */
    private static String requireFreeName(String current, String wanted, java.util.List<String> taken, String api) {
        if (!wanted.equals(current) && taken.contains(wanted)) {
            throw new ConnectionProblem(409, "name_taken", "name", "A " + api + " connection named '" + wanted + "' exists already.");
        }
        return wanted;
    }

    private static ConnectionProblem nothingToUpdate(String fields) {
        return new ConnectionProblem(400, "nothing_to_update", null, "The request changes nothing: send at least one of " + fields + ".");
    }
}
