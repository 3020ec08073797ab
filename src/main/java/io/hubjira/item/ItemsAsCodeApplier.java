package io.hubjira.item;

import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.jira.JiraNotConnectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Applies the items declared in configuration at start-up, after the connections exist (their metadata validates
 * them). An invalid item stops start-up with a message naming the item and the field.
 */
@Component
public class ItemsAsCodeApplier {

    private static final Logger log = LoggerFactory.getLogger(ItemsAsCodeApplier.class);

    private final ItemsAsCode declared;
    private final ItemService items;

    public ItemsAsCodeApplier(ItemsAsCode declared, ItemService items) {
        this.declared = declared;
        this.items = items;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(10)
    public void apply() {
        for (int i = 0; i < declared.items().size(); i++) {
            ItemDefinition d = declared.items().get(i);
            String name = d.name() == null ? "connector.items[" + i + "]" : d.name();
            try {
                SmartConnectedItem saved = items.applyFromConfiguration(d);
                log.info("Smart Connected Item '{}' applied from configuration (id {})", saved.name(), saved.id());
                int index = i;
                items.warnings(saved).forEach(w -> log.warn("Smart Connected Item '{}' (connector.items[{}]) {}: {}", saved.name(), index, w.field(),
                        w.reason()));
            } catch (HubSpotNotConnectedException | JiraNotConnectedException revoked) {
                // a revoked connection stops its items; it must not stop the connector and every other pair's items
                log.warn("Smart Connected Item '{}' (connector.items[{}]) was not applied: its {} connection is revoked. The item stays as "
                        + "stored, and is applied at the next start after the connection is reconnected", name, i,
                        revoked instanceof HubSpotNotConnectedException ? "HubSpot" : "Jira");
            } catch (ItemValidationException e) {
                throw new IllegalStateException("Invalid Smart Connected Item in configuration (connector.items[" + i + "]): "
                        + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Smart Connected Item '" + name + "' in configuration (connector.items[" + i
                        + "]) cannot be validated: " + e.getMessage(), e);
            }
        }
    }
}
