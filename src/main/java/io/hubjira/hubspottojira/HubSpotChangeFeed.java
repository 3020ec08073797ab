package io.hubjira.hubspottojira;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.Page;
import io.hubjira.connection.ConnectionScopes;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.hubspot.RecordSearch.Filter;
import io.hubjira.hubspot.RecordSearch.Sort;
import io.hubjira.hubspot.RecordSearch;
import org.springframework.stereotype.Component;

/**
 * Pages through a feed of HubSpot objects modified since its watermark — an item's records, or the notes of every
 * item — for the one page loop both polls use (hubspot-page-loop): search on hs_lastmodifieddate ≥ watermark − overlap,
 * ascending, 200 per page, only the properties the feed needs. Pages are keyset windows (see
 * {@link PollCursor}), so records changing during the run are neither skipped nor lost, and HubSpot's 10,000-result
 * cap is never reached; a page costs one search. The watermark moves only in
 * {@link #commitPage}, after the page's objects were handed on.
 */
@Component("hubspotChangeFeed")
public class HubSpotChangeFeed {

    static final int PAGE_SIZE = 200;
    static final String MODIFIED = HubSpotRecord.MODIFIED;
    static final String OBJECT_ID = HubSpotRecord.OBJECT_ID;

    private final ConnectionScopes scopes;
    private final WatermarkStore watermarks;
    private final Duration overlap;

    public HubSpotChangeFeed(ConnectionScopes scopes, WatermarkStore watermarks,
                             ConnectorProperties props) {
        this.scopes = scopes;
        this.watermarks = watermarks;
        this.overlap = props.poll().overlap();
    }

    /**
     * A cursor over the feed's objects from its watermark minus the overlap (HubSpot's search index lags);
     * {@code fromWhenNew} where a feed without a watermark starts.
     */
    public PollCursor start(Feed feed, long itemId, long hubspotConnectionId, String objectType, List<String> properties, Instant fromWhenNew) {
        long watermarkConnection = feed == Feed.NOTES ? hubspotConnectionId : WatermarkStore.ANY_CONNECTION;
        Instant from = watermarks.find(feed, itemId, watermarkConnection).map(WatermarkStore.Watermark::lastModified).filter(Objects::nonNull).orElse(fromWhenNew);
        Set<String> props = new LinkedHashSet<>(properties);
        props.add(MODIFIED);
        props.add(OBJECT_ID);
        return PollCursor.starting(itemId, hubspotConnectionId, feed, objectType, new ArrayList<>(props), Math.max(0, from.minus(overlap).toEpochMilli()));
    }

    /** Fetches the page at the cursor; the answer says where the following one starts (or that none follows). */
    public PolledPage fetchPage(PollCursor c) {
        Page<HubSpotRecord> answer = scopes.hubspot(c.hubspotConnectionId()).client().search(c.objectType(), request(c));
        List<HubSpotRecord> results = answer.items();
        // a range window's total is every record from its lower bound on: with those already seen, the whole poll's
        Long expected = c.phase() == PollCursor.Phase.RANGE && answer.total() != null ? c.recordsSeen() + answer.total() : null;
        Instant newest = null;
        String newestId = null;
        for (HubSpotRecord r : results) {
            Instant modified = r.modifiedAt();
            if (modified != null && (newest == null || !modified.isBefore(newest))) {
                newest = modified;
                newestId = r.id();
            }
        }
        if (!answer.hasNext() || results.isEmpty()) {
            if (c.phase() == PollCursor.Phase.SAME_TIME) {
                // every record at that timestamp is done: continue strictly after it
                return new PolledPage(results, newest, newestId,
                        c.afterPage(results.size(), PollCursor.Phase.RANGE, c.sameTimeMillis(), true, c.sameTimeMillis(), "0"), true, expected);
            }
            return new PolledPage(results, newest, newestId, c.afterPage(results.size(), c.phase(), c.rangeFromMillis(), c.rangeExclusive(),
                    c.sameTimeMillis(), c.sameTimeAfterId()), false, expected);
        }
        // Keyset paging instead of HubSpot's offset cursor: records change while we page (our own writes move their
        // modification time), which shifts offsets and would skip some and repeat others. Each page therefore opens a
        // new window at its last timestamp — which also keeps every window far below the 10,000-result cap, however
        // many records share one timestamp.
        HubSpotRecord last = results.get(results.size() - 1);
        if (c.phase() == PollCursor.Phase.RANGE) {
            Instant t = last.modifiedAt();
            long atLast = results.stream().filter(r -> t != null && t.equals(r.modifiedAt())).count();
            if (t != null && atLast < results.size()) {
                // the records at the page's last timestamp may continue on the next page: it starts at that timestamp
                // again, so they all come first (HubSpot's order among equal timestamps is not promised) and the few
                // read twice cost no call (each record version is synced once); one search per page
                return new PolledPage(results, newest, newestId, c.afterPage(results.size() - (int) atLast, PollCursor.Phase.RANGE,
                        t.toEpochMilli(), false, c.sameTimeMillis(), c.sameTimeAfterId()), true, expected);
            }
            // the whole page shares one timestamp: walk the records at it by id, then go on after it
            return new PolledPage(results, newest, newestId, c.afterPage(results.size(), PollCursor.Phase.SAME_TIME, c.rangeFromMillis(),
                    c.rangeExclusive(), t == null ? c.rangeFromMillis() : t.toEpochMilli(), "0"), true, expected);
        }
        return new PolledPage(results, newest, newestId, c.afterPage(results.size(), PollCursor.Phase.SAME_TIME, c.rangeFromMillis(),
                c.rangeExclusive(), c.sameTimeMillis(), last.id()), true, expected);
    }

    /** The page was processed: the watermark may move up to its newest modification time. */
    public PolledPage commitPage(PolledPage page) {
        if (page.newest() != null) {
            watermarks.advance(page.feed(), page.next().itemId(), page.next().watermarkConnection(), page.newest(), page.newestId());
        }
        return page;
    }

    private static RecordSearch request(PollCursor c) {
        List<Filter> position;
        Sort sort;
        if (c.phase() == PollCursor.Phase.RANGE) {
            position = List.of(Filter.of(MODIFIED, c.rangeExclusive() ? "GT" : "GTE", String.valueOf(c.rangeFromMillis())));
            sort = Sort.ascending(MODIFIED);
        } else {
            position = List.of(Filter.of(MODIFIED, "EQ", String.valueOf(c.sameTimeMillis())), Filter.of(OBJECT_ID, "GT", c.sameTimeAfterId()));
            sort = Sort.ascending(OBJECT_ID);
        }
        if (c.narrowing().isEmpty()) {
            return RecordSearch.where(position, sort, c.properties(), PAGE_SIZE);
        }
        List<List<Filter>> groups = new ArrayList<>();
        for (List<Filter> narrowing : c.narrowing()) {
            List<Filter> group = new ArrayList<>(narrowing);
            group.addAll(position);
            groups.add(group);
        }
        return new RecordSearch(groups, List.of(sort), c.properties(), PAGE_SIZE, null, null);
    }
}
