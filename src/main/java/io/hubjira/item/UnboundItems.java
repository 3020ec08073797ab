package io.hubjira.item;

import io.hubjira.connection.ConnectionStore;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.JiraConnection;
import io.hubjira.hubspot.HubSpotCredentialsChanged;
import io.hubjira.jira.JiraCredentialsChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Items bound to no connection — made on an installation upgraded before it was ever connected — are bound to the first
 * connection of each list once it is saved (from the start-up settings, the API or the console). Items already bound
 * are never moved, and a connection added later binds nothing by itself.
 */
@Component
public class UnboundItems {

    private static final Logger log = LoggerFactory.getLogger(UnboundItems.class);

    private final ConnectionStore store;
    private final ItemRepository items;

    public UnboundItems(ConnectionStore store, ItemRepository items) {
        this.store = store;
        this.items = items;
    }

    @EventListener
    public void hubSpotSaved(HubSpotCredentialsChanged changed) {
        if (changed.connectionId() == 0 || changed.portalId() == null) {
            return;
        }
        store.firstHubSpot().filter(HubSpotConnection::active).filter(c -> c.id() == changed.connectionId()).ifPresent(c -> {
            int bound = items.bindUnboundToHubSpot(c.id());
            if (bound > 0) {
                log.info("{} Smart Connected Item(s) bound to no HubSpot connection are now bound to {}", bound, c.name());
            }
        });
    }

    @EventListener
    public void jiraSaved(JiraCredentialsChanged changed) {
        if (changed.connectionId() == 0 || changed.site() == null) {
            return;
        }
        store.firstJira().filter(JiraConnection::active).filter(c -> c.id() == changed.connectionId()).ifPresent(c -> {
            int bound = items.bindUnboundToJira(c.id());
            if (bound > 0) {
                log.info("{} Smart Connected Item(s) bound to no Jira connection are now bound to {}", bound, c.name());
            }
        });
    }
}
