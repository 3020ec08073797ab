package io.hubjira.hubspottojira;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hubjira.catalog.HubSpotMetadata;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.item.ItemRepository;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
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

    public HubSpotLiveSync(ItemRepository items, ItemContexts contexts, HubSpotMetadata metadata, HubSpotClient hubspot,
                           io.hubjira.sync.LinkLifecycle lifecycle) {
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
            // archived or unknown ids are left out of the answer: nothing to sync for them
            List<HubSpotRecord> records = hubspot.batchRead(objectType, ids, properties);
            for (ItemContext ctx : watching) {
                records.forEach(r -> work.add(new RecordVersion(ctx.itemId(), r, forced.contains(objectType + ":" + r.id()))));
            }
            Set<String> gone = new LinkedHashSet<>(ids);
            records.forEach(r -> gone.remove(r.id()));
            if (!gone.isEmpty()) {
                // archived (a deletion event) or never known: the linked ones get the item's archive handling
                watching.forEach(ctx -> lifecycle.recordsArchived(ctx, List.copyOf(gone)));
            }
            log.info("HubSpot webhooks: {} changed {} read for {} item(s)", records.size(), objectType, watching.size());
        });
        return work;
    }

    private List<ItemContext> watching(String objectType) {
        return items.findSyncing().stream().filter(item -> item.definition().hubspotObject().equals(objectType)).map(contexts::forItem).toList();
    }
}
