package io.hubjira.hubspottojira;

import java.time.Instant;
import java.util.List;

import io.hubjira.audit.AuditLog;
import io.hubjira.item.ItemRepository;
import io.hubjira.item.SmartConnectedItem;
import io.hubjira.ops.LogContext;
import io.hubjira.ops.SyncMetrics;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** What the scheduled poll works on: enabled synchronized items (never display-only), each polled on its own. */
@Component("pollPlanner")
public class PollPlanner {

    private static final Logger log = LoggerFactory.getLogger(PollPlanner.class);

    private final ItemRepository items;
    private final ItemContexts contexts;
    private final HubSpotChangeFeed feed;
    private final AuditLog audit;
    private final SyncMetrics metrics;
    private final io.hubjira.http.ApiCallExecutor executor;
    private final PollRuns runs;
    private final java.time.Clock clock;

    public PollPlanner(ItemRepository items, ItemContexts contexts, HubSpotChangeFeed feed,
                       AuditLog audit, SyncMetrics metrics, io.hubjira.http.ApiCallExecutor executor, PollRuns runs, java.time.Clock clock) {
        this.clock = clock;
        this.runs = runs;
        this.executor = executor;
        this.items = items;
        this.contexts = contexts;
        this.feed = feed;
        this.audit = audit;
        this.metrics = metrics;
    }

    public List<Long> itemsToPoll() {
        return items.findSyncing().stream().filter(contexts::connected).map(SmartConnectedItem::id).toList();
    }

    /** A cursor at the item's watermark, reading only the properties the item needs. */
    public PollCursor startCursor(long itemId) {
        runs.started(itemId);
        ItemContext ctx = contexts.forItem(itemId);
        return feed.start(Feed.RECORDS, itemId, ctx.hubspot().connectionId(), ctx.objectType(), ctx.neededProperties(ctx.hubspot().metadata().primaryDisplayProperty(ctx.objectType())),
                        Instant.EPOCH)
                .narrowedTo(FilterPushdown.groups(ctx.definition().filter(), clock.instant()))
                .countingFrom(executor.callCount(io.hubjira.http.ApiName.HUBSPOT), executor.callCount(io.hubjira.http.ApiName.JIRA));
    }

    /** A page was processed and its watermark moved: an item's poll run shows its progress (the notes feed has no run). */
    public void pageDone(PolledPage page) {
        PollCursor c = page.next();
        if (page.feed() == Feed.RECORDS) {
            runs.progressed(c.itemId(), c.recordsSeen(), page.expectedTotal(), c.pages());
        }
    }

    public void itemDone(PollCursor cursor) {
        metrics.recordsRead(cursor.itemId(), cursor.recordsSeen());
        // calls counted process-wide: with several items polling at once these include the others' calls
        long hubspotCalls = executor.callCount(io.hubjira.http.ApiName.HUBSPOT) - cursor.hubspotCallsAtStart();
        long jiraCalls = executor.callCount(io.hubjira.http.ApiName.JIRA) - cursor.jiraCallsAtStart();
        String summary = cursor.pages() + " pages, " + cursor.recordsSeen() + " records, " + hubspotCalls + " HubSpot calls ("
                + cursor.searchCalls() + " searches), " + jiraCalls + " Jira calls";
        int failed = runs.startedAt(cursor.itemId()).map(since -> audit.failedRecordsSince(cursor.itemId(), since)).orElse(0);
        if (failed > 0) {
            summary += "; " + failed + (failed == 1 ? " record" : " records") + " failed (see the dead letters)";
        }
        runs.finished(cursor.itemId(), failed > 0 ? PollRuns.Outcome.PARTIAL : PollRuns.Outcome.OK, failed, summary);
        // the poll itself succeeded; its failed records have their own FAILED events
        audit.record(cursor.itemId(), null, null, AuditLog.Direction.HUBSPOT_TO_JIRA, "POLL", List.of(), AuditLog.Outcome.OK, summary);
        log.info("Poll of item {} done: {}", cursor.itemId(), summary);
    }

    /** One item's poll failed: recorded, and the other items go on. The watermark stayed where its last page ended. */
    public void itemFailed(long itemId, Exception failure) {
        try (LogContext ignored = LogContext.of(itemId, null, null)) {
            log.error("Poll of item {} failed: {}", itemId, failure.getMessage());
            runs.finished(itemId, PollRuns.Outcome.FAILED, 0, failure.getMessage());
            audit.record(itemId, null, null, AuditLog.Direction.HUBSPOT_TO_JIRA, "POLL", List.of(), AuditLog.Outcome.FAILED,
                    failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
    }
}
