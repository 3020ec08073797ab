package io.hubjira.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubjira.config.ForgeProperties;
import io.hubjira.connection.ConnectionStore;
import io.hubjira.connection.JiraConnection;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * The Forge app's installations this connector serves, each on the Jira site of one connection: every ACTIVE Jira
 * connection's Forge installation (its installation id, or its site's cloud id), and {@code connector.forge.installation-id}
 * for the first Jira connection while that connection names none (or before any is saved). A FIT is accepted only from
 * one of these, and the panel request it carries works against that connection's site.
 */
@Component
public class ForgeSites {

    /** The site of a FIT accepted while no Jira connection exists yet: the panel answers that nothing is configured. */
    static final long NO_CONNECTION = 0;

    private final ConnectionStore store;
    private final ForgeProperties forge;

    public ForgeSites(ConnectionStore store, ForgeProperties forge) {
        this.store = store;
        this.forge = forge;
    }

    /** Installation id or cloud id → the Jira connection it is on ({@link #NO_CONNECTION} before any is saved). */
    Map<String, Long> installations() {
        List<JiraConnection> connections = store.jiraConnections();
        Map<String, Long> known = new LinkedHashMap<>();
        connections.stream().filter(JiraConnection::active).filter(c -> present(c.forgeInstallationId()))
                .forEach(c -> known.putIfAbsent(c.forgeInstallationId(), c.id()));
        if (present(forge.installationId())) {
            if (connections.isEmpty()) {
                known.putIfAbsent(forge.installationId(), NO_CONNECTION);
            } else if (connections.get(0).active() && !present(connections.get(0).forgeInstallationId())) {
                known.putIfAbsent(forge.installationId(), connections.get(0).id());
            }
        }
        return known;
    }

    /** The Jira connection a verified FIT's installation is on. */
    Optional<Long> siteOf(Jwt fit) {
        return ForgeTokens.site(fit, installations());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
