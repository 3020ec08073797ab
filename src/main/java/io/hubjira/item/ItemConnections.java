package io.hubjira.item;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.hubjira.catalog.HubSpotPortalRules;
import io.hubjira.connection.ConnectionScopes;
import io.hubjira.connection.ConnectionStore;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.HubSpotScope;
import io.hubjira.connection.JiraConnection;
import io.hubjira.connection.JiraScope;
import io.hubjira.item.ItemValidationException.Violation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

/**
 * Binds an item to the HubSpot and Jira connections its definition names, and validates it against that pair's
 * metadata. A connection may be left unnamed while its list holds one connection (or none yet: the item is then bound
 * when the first connection is saved); with several, the item must name it.
 */
@Component
public class ItemConnections {

    private final ConnectionStore store;
    private final ConnectionScopes scopes;
    private final MappingTypeRules types;
    private final Validator limits;
    private final HubSpotPortalRules portalRules;

    public ItemConnections(ConnectionStore store, ConnectionScopes scopes, MappingTypeRules types, Validator limits, HubSpotPortalRules portalRules) {
        this.store = store;
        this.scopes = scopes;
        this.types = types;
        this.limits = limits;
        this.portalRules = portalRules;
    }

    /**
     * The pair the definition names, or an {@link ItemValidationException} naming the fields that are wrong: values over
     * their length limits first, then the connection names.
     */
    public ConnectionPair resolve(ItemDefinition d) {
        ItemValidator.requireWithinLimits(limits, d);
        String itemName = d.name() == null ? "" : d.name();
        List<HubSpotConnection> hubspot = store.hubSpotConnections();
        List<JiraConnection> jira = store.jiraConnections();
        long hubspotId = pick(itemName, "hubspotConnection", "HubSpot", d.hubspotConnection(), hubspot, HubSpotConnection::name, HubSpotConnection::id);
        long jiraId = pick(itemName, "jiraConnection", "Jira", d.jiraConnection(), jira, JiraConnection::name, JiraConnection::id);
        return new ConnectionPair(hubspotId, jiraId);
    }

    private static <C> long pick(String itemName, String field, String kind, String named, List<C> connections, Function<C, String> name,
                                 Function<C, Long> id) {
        if (named == null || named.isBlank()) {
            if (connections.size() <= 1) {
                return connections.isEmpty() ? 0 : id.apply(connections.get(0));
            }
            throw new ItemValidationException(itemName, List.of(new Violation(field, "several " + kind + " connections exist: name the one "
                    + "this item syncs with (" + names(connections, name) + ")")));
        }
        return connections.stream().filter(c -> name.apply(c).equals(named.trim())).findFirst().map(id)
                .orElseThrow(() -> new ItemValidationException(itemName, List.of(new Violation(field, "there is no " + kind
                        + " connection named '" + named.trim() + "'" + (connections.isEmpty() ? "" : " (connections: " + names(connections, name) + ")")))));
    }

    private static <C> String names(List<C> connections, Function<C, String> name) {
        return connections.stream().map(name).collect(Collectors.joining(", "));
    }

    /** A validator against the pair's portal and site. */
    public ItemValidator validatorFor(ConnectionPair pair) {
        HubSpotScope hubspot = scopes.hubspot(pair.hubspotConnectionId());
        JiraScope jira = scopes.jira(pair.jiraConnectionId());
        return new ItemValidator(hubspot.metadata(), jira.metadata(), types, limits, portalRules, hubspot.portalId());
    }
}
