package io.hubjira.item;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Smart Connected Items declared as configuration under {@code connector.items} (in application.yaml or in the
 * file {@code CONNECTOR_ITEMS_FILE} names, which application.yaml imports).
 */
@ConfigurationProperties(prefix = "connector")
public record ItemsAsCode(List<ItemDefinition> items) {

    public ItemsAsCode {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
