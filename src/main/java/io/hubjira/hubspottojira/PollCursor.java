package io.hubjira.hubspottojira;

import java.util.List;

import io.hubjira.hubspot.RecordSearch;

/**
 * Where a poll stands while it pages through HubSpot's search (immutable: each page answers the next cursor). Two
 * phases: RANGE takes the next 200 objects by ascending modification time from a lower bound; after a full page ending
 * at timestamp T, the next RANGE starts at T again (inclusive: the objects at T come first, those already read are read
 * once more). Only when a whole page shares T does SAME_TIME walk the objects modified exactly at T by ascending
 * hs_object_id (200 at a time, so even more than 10,000 objects sharing one timestamp end), and RANGE resumes strictly
 * after T. The running totals (pages,
 * objects, searches, API calls when it started) make the poll's summary.
 *
 * @param itemId              the item whose records it reads ({@link WatermarkStore#EVERY_ITEM} for the notes)
 * @param hubspotConnectionId the HubSpot connection it searches (the item's; for the notes, the portal whose notes it reads)
 * @param feed                what the poll pages through, and so which watermark its pages move
 */
public record PollCursor(long itemId, long hubspotConnectionId, Feed feed, String objectType, List<String> properties, Phase phase, long rangeFromMillis,
                         boolean rangeExclusive, long sameTimeMillis, String sameTimeAfterId, int pages, long recordsSeen, int searchCalls,
                         long hubspotCallsAtStart, long jiraCallsAtStart, List<List<RecordSearch.Filter>> narrowing) {

    public enum Phase { RANGE, SAME_TIME }

    public PollCursor {
        properties = List.copyOf(properties);
        narrowing = narrowing == null ? List.of() : narrowing.stream().map(List::copyOf).toList();
    }

    static PollCursor starting(long itemId, long hubspotConnectionId, Feed feed, String objectType, List<String> properties, long fromMillis) {
        return new PollCursor(itemId, hubspotConnectionId, feed, objectType, properties, Phase.RANGE, fromMillis, false, 0, "0", 0, 0, 0, 0, 0, List.of());
    }

    /**
     * The same position, asking HubSpot only for records matching one of these filter groups (the item's record filter
     * pushed down; each group gets the poll's own filters added).
     */
    /** The connection the watermark is kept under: the notes feed has one per portal, an item's records one per item. */
    public long watermarkConnection() {
        return feed == Feed.NOTES ? hubspotConnectionId : WatermarkStore.ANY_CONNECTION;
    }

    public PollCursor narrowedTo(List<List<RecordSearch.Filter>> groups) {
        return new PollCursor(itemId, hubspotConnectionId, feed, objectType, properties, phase, rangeFromMillis, rangeExclusive, sameTimeMillis, sameTimeAfterId,
                pages, recordsSeen, searchCalls, hubspotCallsAtStart, jiraCallsAtStart, groups);
    }

    /** The same position, with the API call counts the poll's summary starts from. */
    public PollCursor countingFrom(long hubspotCalls, long jiraCalls) {
        return new PollCursor(itemId, hubspotConnectionId, feed, objectType, properties, phase, rangeFromMillis, rangeExclusive, sameTimeMillis, sameTimeAfterId,
                pages, recordsSeen, searchCalls, hubspotCalls, jiraCalls, narrowing);
    }

    /** After one page of {@code fetched} objects: the totals move on, the position is set by the caller. */
    PollCursor afterPage(int fetched, Phase phase, long rangeFromMillis, boolean rangeExclusive, long sameTimeMillis, String sameTimeAfterId) {
        return new PollCursor(itemId, hubspotConnectionId, feed, objectType, properties, phase, rangeFromMillis, rangeExclusive, sameTimeMillis, sameTimeAfterId,
                pages + 1, recordsSeen + fetched, searchCalls + 1, hubspotCallsAtStart, jiraCallsAtStart, narrowing);
    }
}
