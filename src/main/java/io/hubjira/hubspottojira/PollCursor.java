package io.hubjira.hubspottojira;

import java.time.Instant;
import java.util.List;

import io.hubjira.hubspot.HubSpotRecord;

/**
 * Where one item's poll stands while it pages through HubSpot's search. Two phases: RANGE takes the next 200 records
 * by ascending modification time from a lower bound; after a full page ending at timestamp T, SAME_TIME walks the
 * records modified exactly at T by ascending hs_object_id (200 at a time, so even more than 10,000 records sharing one
 * timestamp end), and RANGE resumes strictly after T.
 */
public final class PollCursor {

    public enum Phase { RANGE, SAME_TIME }

    final long itemId;
    /** the feed this cursor pages (its watermark), or null for the item's records */
    final String feed;
    final String objectType;
    final List<String> properties;
    Phase phase = Phase.RANGE;
    long rangeFromMillis;
    boolean rangeExclusive;
    long sameTimeMillis;
    String sameTimeAfterId = "0";
    int fetchedInWindow;
    boolean hasMore = true;
    List<HubSpotRecord> records = List.of();
    Instant pageNewest;
    String pageNewestId;
    int pages;
    long recordsSeen;
    int searchCalls;
    long hubspotCallsAtStart;
    long jiraCallsAtStart;

    PollCursor(long itemId, String objectType, List<String> properties, long fromMillis) {
        this(itemId, null, objectType, properties, fromMillis);
    }

    PollCursor(long itemId, String feed, String objectType, List<String> properties, long fromMillis) {
        this.itemId = itemId;
        this.feed = feed;
        this.objectType = objectType;
        this.properties = List.copyOf(properties);
        this.rangeFromMillis = fromMillis;
    }

    public long getItemId() {
        return itemId;
    }

    public boolean isHasMore() {
        return hasMore;
    }

    /** The current page's records as versions to sync for the cursor's item. */
    public List<RecordVersion> getVersions() {
        return records.stream().map(r -> new RecordVersion(itemId, r, false)).toList();
    }

    /** The records of the current page (at most 200), in the order HubSpot returned them. */
    public List<HubSpotRecord> getRecords() {
        return records;
    }

    public int getPages() {
        return pages;
    }

    public long getRecordsSeen() {
        return recordsSeen;
    }

    public int getSearchCalls() {
        return searchCalls;
    }

    public Phase getPhase() {
        return phase;
    }

    @Override
    public String toString() {
        return "PollCursor[item=" + itemId + ", " + objectType + ", phase=" + phase + ", pages=" + pages + ", records=" + recordsSeen + "]";
    }
}
