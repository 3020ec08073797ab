package io.hubjira.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.hubspot.HubSpotRecord;

import io.hubjira.catalog.HubSpotMetadata;
import io.hubjira.item.ItemRepository;
import io.hubjira.item.SmartConnectedItem;
import io.hubjira.ops.LogContext;
import io.hubjira.storage.IdempotencyConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** What the scheduled poll works on: enabled synchronized items (never display-only), each polled on its own. */
@Component("pollPlanner")
public class PollPlanner {

    private static final Logger log = LoggerFactory.getLogger(PollPlanner.class);

    private final ItemRepository items;
    private final ItemContexts contexts;
    private final HubSpotMetadata hubspotMetadata;
    private final HubSpotChangeFeed feed;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final HubSpotNotes notes;
    private final io.hubjira.http.ApiCallExecutor executor;
    private final NamedParameterJdbcTemplate jdbc;

    public PollPlanner(ItemRepository items, ItemContexts contexts, HubSpotMetadata hubspotMetadata, HubSpotChangeFeed feed,
                       AuditLog audit, MeterRegistry meters, HubSpotNotes notes, io.hubjira.http.ApiCallExecutor executor,
                       NamedParameterJdbcTemplate jdbc) {
        this.executor = executor;
        this.jdbc = jdbc;
        this.notes = notes;
        this.items = items;
        this.contexts = contexts;
        this.hubspotMetadata = hubspotMetadata;
        this.feed = feed;
        this.audit = audit;
        this.meters = meters;
    }

    public List<Long> itemsToPoll() {
        return items.findSyncing().stream().map(SmartConnectedItem::id).toList();
    }

    /** A cursor at the item's watermark, reading only the properties the item needs. */
    public PollCursor startCursor(long itemId) {
        ItemContext ctx = contexts.forItem(itemId);
        PollCursor cursor = feed.start(itemId, ctx.objectType(), ctx.neededProperties(hubspotMetadata.primaryDisplayProperty(ctx.objectType())));
        cursor.hubspotCallsAtStart = executor.callCount(io.hubjira.http.ApiName.HUBSPOT);
        cursor.jiraCallsAtStart = executor.callCount(io.hubjira.http.ApiName.JIRA);
        return cursor;
    }

    /** Reads ahead the notes of the page's records when the item syncs comments or attachments (batched reads). */
    public void prefetchNotes(PollCursor cursor) {
        ItemContext ctx = contexts.forItem(cursor.getItemId());
        if (ctx.definition().isCommentsSync() || ctx.definition().isAttachmentsSync()) {
            List<String> changed = unprocessedRecordIds(cursor);
            if (!changed.isEmpty()) {
                notes.prefetch(ctx.objectType(), changed);
            }
        }
    }

    /**
     * Records of the page whose version has not been processed yet: the window's overlap re-reads records already
     * synced, and reading their notes again would spend HubSpot calls on records the idempotent consumer then skips.
     */
    private List<String> unprocessedRecordIds(PollCursor cursor) {
        Map<String, String> recordIdByKey = new LinkedHashMap<>();
        for (HubSpotRecord record : cursor.getRecords()) {
            recordIdByKey.put(RecordSync.versionKey(cursor.getItemId(), record), record.id());
        }
        if (recordIdByKey.isEmpty()) {
            return List.of();
        }
        List<String> processed = jdbc.queryForList("SELECT messageid FROM camel_messageprocessed WHERE processorname = :processor AND messageid IN (:keys)",
                Map.of("processor", IdempotencyConfig.RECORD_VERSIONS, "keys", recordIdByKey.keySet()), String.class);
        processed.forEach(recordIdByKey::remove);
        return List.copyOf(recordIdByKey.values());
    }

    public void forgetPrefetchedNotes() {
        notes.clearPrefetched();
    }

    public void itemDone(PollCursor cursor) {
        meters.counter("connector.poll.records", "item", String.valueOf(cursor.getItemId())).increment(cursor.getRecordsSeen());
        // calls counted process-wide: with several items polling at once these include the others' calls
        long hubspotCalls = executor.callCount(io.hubjira.http.ApiName.HUBSPOT) - cursor.hubspotCallsAtStart;
        long jiraCalls = executor.callCount(io.hubjira.http.ApiName.JIRA) - cursor.jiraCallsAtStart;
        String summary = cursor.getPages() + " pages, " + cursor.getRecordsSeen() + " records, " + hubspotCalls + " HubSpot calls ("
                + cursor.getSearchCalls() + " searches), " + jiraCalls + " Jira calls";
        audit.record(cursor.getItemId(), null, null, AuditLog.Direction.HUBSPOT_TO_JIRA, "POLL", List.of(), AuditLog.Outcome.OK, summary);
        log.info("Poll of item {} done: {}", cursor.getItemId(), summary);
    }

    /** One item's poll failed: recorded, and the other items go on. The watermark stayed where its last page ended. */
    public void itemFailed(long itemId, Exception failure) {
        try (LogContext ignored = LogContext.of(itemId, null, null)) {
            log.error("Poll of item {} failed: {}", itemId, failure.getMessage());
            audit.record(itemId, null, null, AuditLog.Direction.HUBSPOT_TO_JIRA, "POLL", List.of(), AuditLog.Outcome.FAILED,
                    failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
    }
}
