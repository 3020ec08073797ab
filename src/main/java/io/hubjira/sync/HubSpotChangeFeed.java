package io.hubjira.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.hubspot.HubSpotClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Pages through the HubSpot records of one item modified since its watermark: search on hs_lastmodifieddate ≥
 * watermark − overlap, ascending, 200 per page, only the properties the item needs. Pages are keyset windows (see
 * {@link PollCursor}), so records changing during the run are neither skipped nor lost, and HubSpot's 10,000-result
 * cap is never reached. The watermark moves only in
 * {@link #commitPage}, after the page's records were handed on.
 */
@Component("hubspotChangeFeed")
public class HubSpotChangeFeed {

    static final int PAGE_SIZE = 200;
    static final String MODIFIED = "hs_lastmodifieddate";
    static final String OBJECT_ID = "hs_object_id";

    private final HubSpotClient hubspot;
    private final WatermarkStore watermarks;
    private final Duration overlap;

    public HubSpotChangeFeed(HubSpotClient hubspot, WatermarkStore watermarks,
                             @Value("${connector.poll.overlap:2m}") Duration overlap) {
        this.hubspot = hubspot;
        this.watermarks = watermarks;
        this.overlap = overlap;
    }

    /** A cursor starting at the item's watermark minus the overlap (the beginning of time for a new item). */
    public PollCursor start(long itemId, String objectType, List<String> properties) {
        long from = watermarks.find(itemId)
                .map(WatermarkStore.Watermark::lastModified)
                .filter(t -> t != null)
                .map(t -> Math.max(0, t.minus(overlap).toEpochMilli()))
                .orElse(0L);
        Set<String> props = new LinkedHashSet<>(properties);
        props.add(MODIFIED);
        props.add(OBJECT_ID);
        return new PollCursor(itemId, objectType, new ArrayList<>(props), from);
    }

    /** Fetches the next page into the cursor and decides where the following one starts. */
    public PollCursor fetchPage(PollCursor c) {
        JsonNode answer = hubspot.search(c.objectType, request(c));
        c.searchCalls++;
        c.pages++;
        List<JsonNode> results = new ArrayList<>();
        answer.path("results").forEach(results::add);
        c.records = results;
        c.recordsSeen += results.size();
        c.fetchedInWindow += results.size();
        c.pageNewest = null;
        c.pageNewestId = null;
        for (JsonNode r : results) {
            Instant modified = modifiedAt(r);
            if (modified != null && (c.pageNewest == null || !modified.isBefore(c.pageNewest))) {
                c.pageNewest = modified;
                c.pageNewestId = r.path("id").asText();
            }
        }
        String next = answer.path("paging").path("next").path("after").asText(null);
        if (next == null || results.isEmpty()) {
            windowExhausted(c);
        } else {
            // Keyset paging instead of HubSpot's offset cursor: records change while we page (our own issue-link notes
            // move their modification time), which shifts offsets and would skip some and repeat others. Each page
            // therefore opens a new window at its last timestamp — which also keeps every window far below the
            // 10,000-result cap, however many records share one timestamp.
            nextWindow(c, results);
        }
        return c;
    }

    /** The page was processed: the watermark may move up to its newest modification time. */
    public PollCursor commitPage(PollCursor c) {
        if (c.pageNewest != null) {
            watermarks.advance(c.itemId, c.pageNewest, c.pageNewestId);
        }
        return c;
    }

    private void windowExhausted(PollCursor c) {
        if (c.phase == PollCursor.Phase.SAME_TIME) {
            // every record at that timestamp is done: continue strictly after it
            c.phase = PollCursor.Phase.RANGE;
            c.rangeFromMillis = c.sameTimeMillis;
            c.rangeExclusive = true;
            c.fetchedInWindow = 0;
            c.hasMore = true;
        } else {
            c.hasMore = false;
        }
    }

    private void nextWindow(PollCursor c, List<JsonNode> page) {
        JsonNode last = page.get(page.size() - 1);
        if (c.phase == PollCursor.Phase.RANGE) {
            // the records at the page's last timestamp may continue on the next page: walk them by id, then go on after it
            c.phase = PollCursor.Phase.SAME_TIME;
            Instant t = modifiedAt(last);
            c.sameTimeMillis = t == null ? c.rangeFromMillis : t.toEpochMilli();
            c.sameTimeAfterId = "0";
        } else {
            c.sameTimeAfterId = last.path("id").asText();
        }
        c.fetchedInWindow = 0;
        c.hasMore = true;
    }

    private static Map<String, Object> request(PollCursor c) {
        List<Map<String, Object>> filters = new ArrayList<>();
        Map<String, Object> sort;
        if (c.phase == PollCursor.Phase.RANGE) {
            filters.add(filter(MODIFIED, c.rangeExclusive ? "GT" : "GTE", String.valueOf(c.rangeFromMillis)));
            sort = Map.of("propertyName", MODIFIED, "direction", "ASCENDING");
        } else {
            filters.add(filter(MODIFIED, "EQ", String.valueOf(c.sameTimeMillis)));
            filters.add(filter(OBJECT_ID, "GT", c.sameTimeAfterId));
            sort = Map.of("propertyName", OBJECT_ID, "direction", "ASCENDING");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filterGroups", List.of(Map.of("filters", filters)));
        body.put("sorts", List.of(sort));
        body.put("properties", c.properties);
        body.put("limit", PAGE_SIZE);
        return body;
    }

    private static Map<String, Object> filter(String property, String operator, String value) {
        return Map.of("propertyName", property, "operator", operator, "value", value);
    }

    static Instant modifiedAt(JsonNode record) {
        String text = record.path("properties").path(MODIFIED).asText(null);
        if (text == null || text.isBlank()) {
            text = record.path("updatedAt").asText(null);
        }
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        return Instant.parse(text);
    }
}
