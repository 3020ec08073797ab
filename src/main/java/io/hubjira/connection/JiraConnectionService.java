package io.hubjira.connection;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiBaseUrls;
import io.hubjira.http.ApiException;
import io.hubjira.jira.JiraApiException;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraCredentials;
import io.hubjira.jira.JiraCredentialsChanged;
import io.hubjira.jira.JiraUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Connects the Jira Cloud site (site URL + account email + API token, validated by asking Jira who they belong to)
 * and remembers the connector's own accountId, which echo suppression needs. The site URL must follow
 * {@link ApiBaseUrls#jiraSite} before anything is sent to it. The connection it saves is what
 * {@link JiraSiteCredentials} hands the Jira client.
 */
@Service
public class JiraConnectionService {

    private static final Logger log = LoggerFactory.getLogger(JiraConnectionService.class);

    private final ConnectionStore store;
    private final JiraSiteCredentials saved;
    private final JiraClient jira;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final boolean allowLoopback;
    private final ConnectorProperties props;
    private final LinkedItems linkedItems;

    public JiraConnectionService(ConnectionStore store, JiraSiteCredentials saved, JiraClient jira, Clock clock, ApplicationEventPublisher events,
                                 ConnectorProperties props, LinkedItems linkedItems) {
        this.props = props;
        this.linkedItems = linkedItems;
        this.store = store;
        this.saved = saved;
        this.jira = jira;
        this.clock = clock;
        this.events = events;
        this.allowLoopback = props.http().allowLoopbackBaseUrls();
    }

    public JiraConnection connect(String baseUrl, String email, String apiToken) {
        return connect(ConnectionTarget.first(), baseUrl, email, apiToken);
    }

    /** Connects a site into {@code target} (the first connection, an existing one, or a new one). */
    public JiraConnection connect(ConnectionTarget target, String baseUrl, String email, String apiToken) {
        JiraConnection existing = existing(target);
        String site = site("baseUrl", baseUrl);
        if (email == null || email.isBlank()) {
            throw new ConnectionProblem(400, "email_required", "email", "The Jira account email is required.");
        }
        if (apiToken == null || apiToken.isBlank()) {
            throw new ConnectionProblem(400, "api_token_required", "apiToken",
                    "The Jira API token is required (create one at id.atlassian.com > Security > API tokens).");
        }
        requireSameSiteWhileLinked(existing, site);
        JiraCredentials credentials = new JiraCredentials(site, email.trim(), apiToken.trim());
        io.hubjira.secret.SecretMasker.register(credentials.apiToken());
        JiraUser me;
        try {
            me = jira.myself(credentials);
        } catch (JiraApiException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new ConnectionProblem(422, "invalid_credentials", "apiToken", "Jira rejected the account email and API token ("
                        + e.status() + "): check both, and that the account can use the site " + site + ".");
            }
            if (e.status() == 404) {
                throw new ConnectionProblem(422, "not_a_jira_site", "baseUrl", "No Jira Cloud REST API answered at " + site
                        + " (404 on " + e.endpoint() + "): check the site URL, e.g. https://your-site.atlassian.net.");
            }
            throw unreachable(site, e);
        } catch (io.hubjira.http.UnexpectedAnswerException e) {
            throw new ConnectionProblem(422, "not_a_jira_site", "baseUrl", "The answer at " + site + " to " + e.endpoint() + " is not "
                    + "Jira's (" + e.getMessage() + "); is it a Jira Cloud site?");
        } catch (ApiException e) {
            throw unreachable(site, e);
        }
        JiraConnection connected = new JiraConnection(0, null, ConnectionState.ACTIVE, site, credentials.email(), credentials.apiToken(),
                me.accountId(), me.displayName(), null, null, clock.instant());
        // a reconnect keeps the row (its id binds the secrets), the name, the webhook secret and the Forge installation
        JiraConnection toSave = existing != null
                ? connected.saved(existing.id(), existing.name()).withWebhook(existing.webhookSecret(), existing.forgeInstallationId())
                : connected.saved(0, target.kind() == ConnectionTarget.Kind.NEW ? target.name() : "jira-default");
        JiraConnection connection;
        try {
            connection = store.saveJira(toSave);
        } catch (DuplicateKeyException raced) {
            throw nameTaken(toSave.name());
        }
        saved.forget();
        events.publishEvent(new JiraCredentialsChanged(connection.id(), site));
        log.info("Jira site {} connected as {} ({}) as connection {}", site, connection.displayName(), connection.accountId(), connection.name());
        return connection;
    }

    /**
     * A connection whose items have linked issues stays on its site: those links name the old site's issue keys and
     * ids, which on another site are other issues (409). With nothing linked an admin may still correct the URL.
     */
    private void requireSameSiteWhileLinked(JiraConnection existing, String site) {
        if (existing == null || existing.baseUrl() == null || existing.baseUrl().equalsIgnoreCase(site)) {
            return;
        }
        int linked = linkedItems.linkedItemsOfJira(existing.id());
        if (linked > 0) {
            throw new ConnectionProblem(409, "connection_bound_elsewhere", "baseUrl", "Jira connection '" + existing.name() + "' is bound to "
                    + "the site " + existing.baseUrl() + " and " + linked + " of its Smart Connected Items have linked issues there; the new "
                    + "site is " + site + ", where those issue keys are other issues. Nothing was saved: connect " + site + " as a new "
                    + "connection (POST /api/connections/jira) and create items for it.");
        }
    }

    public Optional<JiraConnection> current() {
        return saved.current();
    }

    /** The first connection of the list (the one the start-up settings and the single-connection paths manage), active or revoked. */
    public Optional<JiraConnection> first() {
        return store.firstJira();
    }

    /** Every Jira connection, active and revoked, oldest first. */
    public List<JiraConnection> connections() {
        return store.jiraConnections();
    }

    public Optional<JiraConnection> connection(long id) {
        return store.findJira(id);
    }

    /** Revokes the first connection (the single-connection API path). */
    public boolean revoke() {
        return store.firstJira().map(c -> revoke(c.id())).orElse(false);
    }

    /** Revokes a connection: its token is erased and its items stop; their links and queues stay for a reconnect. */
    public boolean revoke(long id) {
        boolean revoked = store.revokeJira(id);
        saved.forget();
        events.publishEvent(new JiraCredentialsChanged(id, null));
        if (revoked) {
            log.info("Jira connection {} revoked", id);
        }
        return revoked;
    }

    /**
     * Sets the secret the site's webhooks are signed with and the Forge installation on the site (blank: none). A
     * revoked connection stays revoked; an installation another connection has is refused (409).
     */
    public JiraConnection setWebhook(long id, String secret, String forgeInstallationId) {
        JiraConnection c = store.findJira(id).orElseThrow(() -> unknownConnection(id));
        String installation = forgeInstallationId == null || forgeInstallationId.isBlank() ? null : forgeInstallationId.trim();
        requireInstallationFree(id, installation);
        String newSecret = secret == null || secret.isBlank() ? null : secret.trim();
        io.hubjira.secret.SecretMasker.register(newSecret);
        try {
            store.updateJiraWebhook(id, newSecret, installation);
        } catch (DuplicateKeyException raced) {
            throw installationTaken(installation);
        }
        saved.forget();
        events.publishEvent(new JiraCredentialsChanged(id, c.active() ? c.baseUrl() : null));
        return store.findJira(id).orElseThrow(() -> unknownConnection(id));
    }

    /** 409 when another connection than {@code id} (0: a new one) has this Forge installation. */
    public void requireInstallationFree(long id, String forgeInstallationId) {
        if (forgeInstallationId != null && !forgeInstallationId.isBlank()
                && store.findJiraByForgeInstallation(forgeInstallationId.trim()).filter(other -> other.id() != id).isPresent()) {
            throw installationTaken(forgeInstallationId.trim());
        }
    }

    /** Gives a connection another name (409 when another connection has it); its state, items and links stay. */
    public JiraConnection rename(long id, String name) {
        String newName = ConnectionTarget.added(name).name();
        JiraConnection c = store.findJira(id).orElseThrow(() -> unknownConnection(id));
        if (newName.equals(c.name())) {
            return c;
        }
        if (store.findJiraByName(newName).isPresent()) {
            throw nameTaken(newName);
        }
        try {
            store.renameJira(id, newName);
        } catch (DuplicateKeyException raced) {
            throw nameTaken(newName);
        }
        events.publishEvent(new JiraCredentialsChanged(id, c.active() ? c.baseUrl() : null));
        log.info("Jira connection {} renamed to {}", c.name(), newName);
        return store.findJira(id).orElseThrow(() -> unknownConnection(id));
    }

    /**
     * The secret this connection's webhooks are verified with: its own, else for the first connection
     * {@code connector.jira.webhook-secret} (JIRA_WEBHOOK_SECRET).
     */
    public Optional<String> webhookSecret(JiraConnection c) {
        if (c.webhookSecret() != null && !c.webhookSecret().isBlank()) {
            return Optional.of(c.webhookSecret());
        }
        String setting = props.jira() == null ? null : props.jira().webhookSecret();
        return isFirst(c) && setting != null && !setting.isBlank() ? Optional.of(setting.trim()) : Optional.empty();
    }

    /** Whether this is the first connection of the list (the one the start-up settings and the single-connection paths manage). */
    public boolean isFirst(JiraConnection c) {
        return store.firstJira().map(JiraConnection::id).filter(id -> id == c.id()).isPresent();
    }

    private static ConnectionProblem nameTaken(String name) {
        return new ConnectionProblem(409, "name_taken", "name", "A Jira connection named '" + name + "' exists already.");
    }

    private static ConnectionProblem installationTaken(String installation) {
        return new ConnectionProblem(409, "installation_taken", "forgeInstallationId", "Another Jira connection has the Forge installation '"
                + installation + "': each installation of the app belongs to one site.");
    }

    private JiraConnection existing(ConnectionTarget target) {
        return switch (target.kind()) {
            case FIRST -> store.firstJira().orElse(null);
            case EXISTING -> store.findJira(target.id()).orElseThrow(() -> unknownConnection(target.id()));
            case NEW -> {
                if (store.findJiraByName(target.name()).isPresent()) {
                    throw nameTaken(target.name());
                }
                yield null;
            }
        };
    }

    public static ConnectionProblem unknownConnection(long id) {
        return new ConnectionProblem(404, "unknown_connection", "id", "There is no Jira connection with id " + id + ".");
    }

    /** The connector's own Jira accountId (events it authored are its own echoes). */
    public Optional<String> connectorAccountId() {
        return current().map(JiraConnection::accountId);
    }

    private static ConnectionProblem unreachable(String site, ApiException e) {
        return new ConnectionProblem(502, "jira_unavailable", "baseUrl",
                "Jira at " + site + " could not be reached or kept failing (" + e.getMessage() + "); nothing was saved, try again.");
    }

    /** The site URL as it would be saved, or the input itself when it is refused. */
    String siteQuietly(String baseUrl) {
        try {
            return site("baseUrl", baseUrl);
        } catch (ConnectionProblem refused) {
            return baseUrl;
        }
    }

    /**
     * The site URL as it is saved (no trailing slash), or a {@link ConnectionProblem} naming {@code field} and the rule
     * it breaks: 400 when missing, 422 otherwise.
     */
    String site(String field, String baseUrl) {
        try {
            return ApiBaseUrls.jiraSite(field, baseUrl, allowLoopback);
        } catch (ApiBaseUrls.Refused refused) {
            throw ConnectionProblem.of(refused);
        }
    }

    /** Why the saved connection's site URL is refused by the current rules (saved by an earlier version), if it is. */
    public Optional<ConnectionProblem> savedSiteProblem() {
        return current().flatMap(c -> {
            try {
                site("saved Jira site URL", c.baseUrl());
                return Optional.empty();
            } catch (ConnectionProblem refused) {
                return Optional.of(refused);
            }
        });
    }
}
