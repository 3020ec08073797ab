package io.hubjira.hubspottojira;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hubjira.audit.DeadLetters;
import io.hubjira.catalog.HubSpotMetadata;
import io.hubjira.hubspot.BatchOutcome;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.item.ItemRepository;
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
 * Near-real-time side of HubSpot → Jira: the records HubSpot webhooks named within a short window are read with one
 * batch read per object type (up to 100 ids, the properties every watching item needs) and handed, per enabled
 * synchronized item, to the same per-record sync the scheduled poll uses. The poll stays the catch-up: whatever a
 * webhook missed, it finds by modification time, and versions already synced here are skipped there.
 */
@Component("hubspotLiveSync")
public class HubSpotLiveSync {

    private static final Logger log = LoggerFactory.getLogger(HubSpotLiveSync.class);

    private final ItemRepository items;
    private final ItemContexts contexts;
    private final HubSpotMetadata metadata;
    private final HubSpotClient hubspot;
    private final io.hubjira.sync.LinkLifecycle lifecycle;

    private final HubSpotChangeQueue queue;
    private final DeadLetters deadLetters;
    private final RetryPolicy retry;

    public HubSpotLiveSync(ItemRepository items, ItemContexts contexts, HubSpotMetadata metadata, HubSpotClient hubspot,
                           io.hubjira.sync.LinkLifecycle lifecycle, HubSpotChangeQueue queue, DeadLetters deadLetters, RetryPolicy retry) {
        this.queue = queue;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.lifecycle = lifecycle;
        this.items = items;
        this.contexts = contexts;
        this.metadata = metadata;
        this.hubspot = hubspot;
    }

    /** The changed records read in batches, as versions to sync for each item that watches their object type. */
    public List<RecordVersion> recordsToSync(List<ChangedRecord> changed) {
        Map<String, Set<String>> idsByType = new LinkedHashMap<>();
        for (ChangedRecord c : changed) {
            idsByType.computeIfAbsent(c.objectType(), k -> new LinkedHashSet<>()).add(c.recordId());
        }
        Set<String> forced = new java.util.HashSet<>();
        changed.stream().filter(ChangedRecord::forced).forEach(c -> forced.add(c.objectType() + ":" + c.recordId()));
        List<RecordVersion> work = new ArrayList<>();
        idsByType.forEach((objectType, ids) -> {
            List<ItemContext> watching = watching(objectType);
            if (watching.isEmpty()) {
                return;
            }
            Set<String> properties = new LinkedHashSet<>(List.of(HubSpotChangeFeed.MODIFIED, "createdate"));
            watching.forEach(ctx -> properties.addAll(ctx.neededProperties(metadata.primaryDisplayProperty(objectType))));
            BatchOutcome<String, HubSpotRecord> read = hubspot.batchReadOutcome(objectType, ids, properties);
            List<HubSpotRecord> records = read.values();
            for (ItemContext ctx : watching) {
                records.forEach(r -> work.add(new RecordVersion(ctx.itemId(), r, forced.contains(objectType + ":" + r.id()))));
            }
            // a record HubSpot could not read now (a 207 naming it) is tried again later on its own, the others go on
            read.failed().forEach((recordId, e) -> unread(objectType, recordId, e, watching));
            Set<String> gone = read.notFound();
            if (!gone.isEmpty()) {
                // archived (a deletion event) or never known: the linked ones get the item's archive handling
                watching.forEach(ctx -> lifecycle.recordsArchived(ctx, List.copyOf(gone)));
            }
            log.info("HubSpot webhooks: {} changed {} read for {} item(s)", records.size(), objectType, watching.size());
        });
        return work;
    }

    /** A record whose read failed: queued for a later try while the retry policy allows, then a dead letter per item. */
    private void unread(String objectType, String recordId, HubSpotApiException e, List<ItemContext> watching) {
        if (retry.isTransient(e) && queue.tryLater(objectType, recordId, e.getMessage())) {
            log.warn("HubSpot could not read {} {} now ({}); tried again later", objectType, recordId, e.getMessage());
            return;
        }
        for (ItemContext ctx : watching) {
            deadLetters.add(new DeadLetters.Failure("hubspot-record", ctx.itemId(), recordId, null, DeadLetters.recordSubject(ctx.itemId(), recordId),
                    "{\"objectType\":\"" + objectType + "\",\"id\":\"" + recordId + "\"}", e.getMessage(), RetryPolicy.category(e),
                    retry.isTransient(e) ? retry.laterAttempts() + 1 : 1));
        }
    }

    /**
     * Fencing before a queued record's writes: true while the round that claimed it still holds its row (see
     * {@link HubSpotChangeQueue#stillHeld}).
     */
    public boolean stillHeld(QueueClaim round, RecordVersion version) {
        return queue.stillHeld(round, contexts.forItem(version.itemId()).objectType(), version.record().id());
    }

    private List<ItemContext> watching(String objectType) {
        return items.findSyncing().stream().filter(item -> item.definition().hubspotObject().equals(objectType)).map(contexts::forItem).toList();
    }
}
