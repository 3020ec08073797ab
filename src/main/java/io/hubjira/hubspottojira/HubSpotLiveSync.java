package io.hubjira.hubspottojira;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hubjira.audit.DeadLetters;
import io.hubjira.connection.HubSpotScope;
import io.hubjira.hubspot.BatchOutcome;
import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.item.ItemRepository;
import io.hubjira.jira.JiraNotConnectedException;
import io.hubjira.queue.ChangedRecord;
import io.hubjira.queue.HubSpotChangeQueue;
import io.hubjira.queue.QueueClaim;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Near-real-time side of HubSpot → Jira: the records HubSpot webhooks named within a short window are read, per HubSpot
 * connection, with one batch read per object type (up to 100 ids, the properties every watching item needs) through
 * that connection's client, and handed, per enabled synchronized item bound to that connection, to the same per-record
 * sync the scheduled poll uses: a record of one portal never reaches an item of another, whatever its id. The poll
 * stays the catch-up: whatever a webhook missed, it finds by modification time, and versions already synced here are
 * skipped there.
 */
@Component("hubspotLiveSync")
public class HubSpotLiveSync {

    private static final Logger log = LoggerFactory.getLogger(HubSpotLiveSync.class);

    private final ItemRepository items;
    private final ItemContexts contexts;
    private final io.hubjira.sync.LinkLifecycle lifecycle;

    private final HubSpotChangeQueue queue;
    private final DeadLetters deadLetters;
    private final RetryPolicy retry;

    public HubSpotLiveSync(ItemRepository items, ItemContexts contexts, io.hubjira.sync.LinkLifecycle lifecycle, HubSpotChangeQueue queue,
                           DeadLetters deadLetters, RetryPolicy retry) {
        this.queue = queue;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.lifecycle = lifecycle;
        this.items = items;
        this.contexts = contexts;
    }

    /** The records of one object type queued for one HubSpot connection. */
    private record ConnectionObject(long hubspotConnectionId, String objectType) {}

    /**
     * The changed records read in batches, per connection and object type, as versions to sync for each item bound to
     * that connection that watches their object type.
     */
    public List<RecordVersion> recordsToSync(List<ChangedRecord> changed) {
        Map<ConnectionObject, Set<String>> idsByType = new LinkedHashMap<>();
        for (ChangedRecord c : changed) {
            idsByType.computeIfAbsent(new ConnectionObject(c.hubspotConnectionId(), c.objectType()), k -> new LinkedHashSet<>()).add(c.recordId());
        }
        Set<ChangedRecord> forced = new java.util.HashSet<>();
        changed.stream().filter(ChangedRecord::forced).forEach(c -> forced.add(new ChangedRecord(c.hubspotConnectionId(), c.objectType(), c.recordId())));
        Map<Long, RuntimeException> portalsUnavailable = new LinkedHashMap<>();
        List<ItemContext> syncing = syncingItems(portalsUnavailable);
        List<RecordVersion> work = new ArrayList<>();
        idsByType.forEach((queued, ids) -> {
            String objectType = queued.objectType();
            RuntimeException unavailable = portalsUnavailable.get(queued.hubspotConnectionId());
            if (unavailable != null) {
                // this portal's records wait for a later round; the other portals' go on now
                ids.stream().filter(recordId -> !queue.tryLater(queued.hubspotConnectionId(), objectType, recordId, unavailable.getMessage()))
                        .forEach(recordId -> log.error("HubSpot {} {} (connection {}) is left to the poll after its tries: its items could not be read ({})",
                                objectType, recordId, queued.hubspotConnectionId(), unavailable.getMessage()));
                return;
            }
            List<ItemContext> watching = syncing.stream()
                    .filter(ctx -> ctx.hubspot().connectionId() == queued.hubspotConnectionId() && ctx.objectType().equals(objectType)).toList();
            if (watching.isEmpty()) {
                return;
            }
            HubSpotScope portal = watching.get(0).hubspot();
            BatchOutcome<String, HubSpotRecord> read;
            try {
                Set<String> properties = new LinkedHashSet<>(List.of(HubSpotChangeFeed.MODIFIED, "createdate"));
                watching.forEach(ctx -> properties.addAll(ctx.neededProperties(portal.metadata().primaryDisplayProperty(objectType))));
                read = portal.client().batchReadOutcome(objectType, ids, properties);
            } catch (RuntimeException e) {
                ids.forEach(recordId -> unread(queued, recordId, e, watching));
                return;
            }
            List<HubSpotRecord> records = read.values();
            for (ItemContext ctx : watching) {
                records.forEach(r -> work.add(new RecordVersion(ctx.itemId(), r,
                        forced.contains(new ChangedRecord(queued.hubspotConnectionId(), objectType, r.id())))));
            }
            // a record HubSpot could not read now (a 207 naming it) is tried again later on its own, the others go on
            read.failed().forEach((recordId, e) -> unread(queued, recordId, e, watching));
            Set<String> gone = read.notFound();
            if (!gone.isEmpty()) {
                // archived (a deletion event) or never known: the linked ones get the item's archive handling
                watching.forEach(ctx -> lifecycle.recordsArchived(ctx, List.copyOf(gone)));
            }
            log.info("HubSpot webhooks: {} changed {} of portal {} read for {} item(s)", records.size(), objectType, portal.portalId(), watching.size());
        });
        return work;
    }

    /** A record whose read failed: queued for a later try while the retry policy allows, then a dead letter per item. */
    private void unread(ConnectionObject queued, String recordId, RuntimeException e, List<ItemContext> watching) {
        if (retry.isTransient(e) && queue.tryLater(queued.hubspotConnectionId(), queued.objectType(), recordId, e.getMessage())) {
            log.warn("HubSpot could not read {} {} now ({}); tried again later", queued.objectType(), recordId, e.getMessage());
            return;
        }
        for (ItemContext ctx : watching) {
            deadLetters.add(new DeadLetters.Failure("hubspot-record", ctx.itemId(), recordId, null, DeadLetters.recordSubject(ctx.itemId(), recordId),
                    "{\"objectType\":\"" + queued.objectType() + "\",\"id\":\"" + recordId + "\"}", e.getMessage(), RetryPolicy.category(e),
                    retry.isTransient(e) ? retry.laterAttempts() + 1 : 1));
        }
    }

    /**
     * Fencing before a queued record's writes: true while the round that claimed it still holds its row (see
     * {@link HubSpotChangeQueue#stillHeld}).
     */
    public boolean stillHeld(QueueClaim round, RecordVersion version) {
        ItemContext ctx = contexts.forItem(version.itemId());
        return queue.stillHeld(round, ctx.hubspot().connectionId(), ctx.objectType(), version.record().id());
    }

    /**
     * The enabled synchronized items whose connections are active (an item of a revoked connection is stopped). An item
     * whose context cannot be read now (its portal's metadata failing) marks its portal unavailable for this round.
     */
    private List<ItemContext> syncingItems(Map<Long, RuntimeException> portalsUnavailable) {
        List<ItemContext> syncing = new ArrayList<>();
        for (var item : items.findSyncing()) {
            try {
                syncing.add(contexts.forItem(item));
            } catch (HubSpotNotConnectedException | JiraNotConnectedException revoked) {
                log.debug("item '{}' is not synced: one of its connections is revoked", item.name());
            } catch (RuntimeException e) {
                log.warn("item '{}' cannot be synced now ({}); its portal's changed records wait for a later round", item.name(), e.getMessage());
                portalsUnavailable.putIfAbsent(contexts.hubspotConnectionOf(item), e);
            }
        }
        return syncing;
    }
}
