package io.hubjira.item;

import java.util.List;

import io.hubjira.failure.ConflictException;
import io.hubjira.failure.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Creates, changes, pauses and removes Smart Connected Items; nothing is saved unless validation passes. */
@Service
public class ItemService {

    public static final String SOURCE_API = "API";
    public static final String SOURCE_CONFIG = "CONFIG";
    private static final Logger log = LoggerFactory.getLogger(ItemService.class);

    private final ItemRepository items;
    private final ItemConnections connections;

    public ItemService(ItemRepository items, ItemConnections connections) {
        this.items = items;
        this.connections = connections;
    }

    public List<SmartConnectedItem> list() {
        return items.findAll();
    }

    public SmartConnectedItem get(long id) {
        return items.findById(id).orElseThrow(() -> notFound(id));
    }

    public SmartConnectedItem create(ItemDefinition definition) {
        ConnectionPair pair = connections.resolve(definition);
        ItemDefinition valid = connections.validatorFor(pair).validate(definition);
        if (items.findByName(valid.name().trim()).isPresent()) {
            throw nameTaken(valid.name());
        }
        try {
            long id = items.insert(trimmedName(valid), SOURCE_API, pair);
            log.info("Smart Connected Item '{}' created (id {}, {})", valid.name(), id, valid.mode());
            return get(id);
        } catch (DuplicateKeyException e) {
            throw nameTaken(valid.name());
        }
    }

    /** Replaces the item's definition; {@code expectedVersion} (optional) guards against overwriting someone else's change. */
    public SmartConnectedItem update(long id, ItemDefinition definition, Integer expectedVersion) {
        SmartConnectedItem current = get(id);
        ConnectionPair pair = connections.resolve(definition);
        requireSamePairOnceLinked(current, pair);
        ItemDefinition valid = connections.validatorFor(pair).validate(definition);
        items.findByName(valid.name().trim()).filter(other -> other.id() != id).ifPresent(other -> {
            throw nameTaken(valid.name());
        });
        int version = expectedVersion == null ? current.version() : expectedVersion;
        if (!items.update(id, trimmedName(valid), version, SOURCE_API, pair)) {
            throw new ConflictException("stale_item", "Smart Connected Item '" + current.name() + "' was changed by someone else "
                    + "(version " + get(id).version() + ", you sent " + version + "); reload it and apply your change again.");
        }
        log.info("Smart Connected Item '{}' updated (id {})", valid.name(), id);
        return get(id);
    }

    /** What the saved item will likely run into although it is valid (see {@link ItemValidator#warnings}). */
    public List<ItemValidationException.Violation> warnings(SmartConnectedItem item) {
        return connections.validatorFor(new ConnectionPair(item.hubspotConnectionId(), item.jiraConnectionId())).warnings(item.definition());
    }

    public SmartConnectedItem setEnabled(long id, boolean enabled) {
        get(id);
        items.setEnabled(id, enabled);
        return get(id);
    }

    public void delete(long id) {
        SmartConnectedItem item = get(id);
        items.delete(id);
        log.info("Smart Connected Item '{}' deleted (id {})", item.name(), id);
    }

    /** Applies an item declared in configuration: created, or replaced when one of that name exists. */
    public SmartConnectedItem applyFromConfiguration(ItemDefinition definition) {
        ConnectionPair pair = connections.resolve(definition);
        ItemDefinition valid = trimmedName(connections.validatorFor(pair).validate(definition));
        var existing = items.findByName(valid.name());
        if (existing.isEmpty()) {
            return get(items.insert(valid, SOURCE_CONFIG, pair));
        }
        SmartConnectedItem current = existing.get();
        requireSamePairOnceLinked(current, pair);
        items.update(current.id(), valid, current.version(), SOURCE_CONFIG, pair);
        return get(current.id());
    }

    private static ItemDefinition trimmedName(ItemDefinition d) {
        return new ItemDefinition(d.name().trim(), d.mode(), d.hubspotModule(), d.hubspotObject(), d.jiraProjects(),
                d.jiraIssueType(), d.displayFields(), d.fieldMappings(), d.autoCreate(), d.associatedRecords(), d.statusSync(),
                d.statusMapping(), d.commentsSync(), d.attachmentsSync(), d.rule(), d.enabled(), d.filter(), d.remoteLink(),
                d.issueKeyProperty() == null || d.issueKeyProperty().isBlank() ? null : d.issueKeyProperty().trim(), d.match(), d.lifecycle(),
                d.hubspotConnection(), d.jiraConnection());
    }

    /** Links name records of one portal and issues of one site: an item with links keeps its connections. */
    private void requireSamePairOnceLinked(SmartConnectedItem current, ConnectionPair pair) {
        boolean samePair = current.hubspotConnectionId() == pair.hubspotConnectionId() && current.jiraConnectionId() == pair.jiraConnectionId();
        boolean unboundBefore = current.hubspotConnectionId() == 0 || current.jiraConnectionId() == 0;
        if (!samePair && !unboundBefore && items.hasLinks(current.id())) {
            throw new ConflictException("connections_fixed", "Smart Connected Item '" + current.name() + "' has linked records, so it keeps its "
                    + "HubSpot and Jira connections; create a new item for the other connections.");
        }
    }

    private static ConflictException nameTaken(String name) {
        return new ConflictException("duplicate_name", "A Smart Connected Item named '" + name.trim() + "' already exists.");
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("unknown_item", "There is no Smart Connected Item with id " + id + ".");
    }
}
