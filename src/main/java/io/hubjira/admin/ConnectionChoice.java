package io.hubjira.admin;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.hubjira.connection.ConnectionProblem;
import io.hubjira.connection.ConnectionScopes;
import io.hubjira.connection.ConnectionStore;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.HubSpotScope;
import io.hubjira.connection.JiraConnection;
import io.hubjira.connection.JiraScope;
import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.jira.JiraNotConnectedException;
import org.springframework.stereotype.Component;

/**
 * Which connection an admin call works against, from its {@code ?hubspot=} or {@code ?jira=} parameter (an id or a
 * name). The parameter may be left out while the list holds one connection; with several it is required (400
 * {@code connection_required}, naming the choices); a connection that does not exist is a 404
 * {@code unknown_connection}; a revoked one cannot be called (409 {@code not_connected}).
 */
@Component
public class ConnectionChoice {

    static final String HUBSPOT_PARAM = "hubspot";
    static final String JIRA_PARAM = "jira";

    private final ConnectionStore store;
    private final ConnectionScopes scopes;

    public ConnectionChoice(ConnectionStore store, ConnectionScopes scopes) {
        this.store = store;
        this.scopes = scopes;
    }

    public HubSpotScope hubspot(String chosen) {
        long id = hubspotId(chosen).orElseThrow(HubSpotNotConnectedException::new);
        return scopes.hubspot(id);
    }

    public JiraScope jira(String chosen) {
        long id = jiraId(chosen).orElseThrow(JiraNotConnectedException::new);
        return scopes.jira(id);
    }

    /** The chosen HubSpot connection's id; empty when there is no connection at all. */
    public Optional<Long> hubspotId(String chosen) {
        return pick(HUBSPOT_PARAM, "HubSpot", chosen, store.hubSpotConnections(), HubSpotConnection::id, HubSpotConnection::name);
    }

    /** The chosen Jira connection's id; empty when there is no connection at all. */
    public Optional<Long> jiraId(String chosen) {
        return pick(JIRA_PARAM, "Jira", chosen, store.jiraConnections(), JiraConnection::id, JiraConnection::name);
    }

    private static <C> Optional<Long> pick(String param, String kind, String chosen, List<C> connections, Function<C, Long> id,
                                           Function<C, String> name) {
        if (chosen == null || chosen.isBlank()) {
            if (connections.size() > 1) {
                throw new ConnectionProblem(400, "connection_required", param, "Several " + kind + " connections exist: name the one "
                        + "to use with ?" + param + "=<id or name> (" + choices(connections, id, name) + ").");
            }
            return connections.stream().findFirst().map(id);
        }
        String wanted = chosen.trim();
        return Optional.of(connections.stream().filter(c -> String.valueOf(id.apply(c)).equals(wanted) || name.apply(c).equals(wanted))
                .findFirst().map(id)
                .orElseThrow(() -> new ConnectionProblem(404, "unknown_connection", param, "There is no " + kind + " connection '"
                        + abbreviate(wanted) + "'" + (connections.isEmpty() ? "." : " (connections: " + choices(connections, id, name) + ")."))));
    }

    private static <C> String choices(List<C> connections, Function<C, Long> id, Function<C, String> name) {
        return connections.stream().map(c -> id.apply(c) + " '" + name.apply(c) + "'").collect(Collectors.joining(", "));
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
