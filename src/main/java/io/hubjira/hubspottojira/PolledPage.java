package io.hubjira.hubspottojira;

import java.time.Instant;
import java.util.List;

import io.hubjira.hubspot.HubSpotRecord;

/**
 * One page a poll fetched: its objects (at most 200, in HubSpot's order), the newest modification time among them
 * (where the watermark may move once the page is processed), the cursor after it with the poll's running totals,
 * whether another page follows, and how many records the whole poll should see as far as HubSpot's search total says
 * (null when the page's search could not tell).
 */
public record PolledPage(List<HubSpotRecord> records, Instant newest, String newestId, PollCursor next, boolean hasMore,
                         Long expectedTotal) {

    public PolledPage {
        records = List.copyOf(records);
    }

    /** The feed the page is of: which flow syncs it, which watermark it moves. */
    public Feed feed() {
        return next.feed();
    }

    /** Where the following page starts, or null when this was the last. */
    public PollCursor nextIfMore() {
        return hasMore ? next : null;
    }

    /** The page's records as versions to sync for the cursor's item. */
    public List<RecordVersion> versions() {
        return records.stream().map(r -> new RecordVersion(next.itemId(), r, false)).toList();
    }
}
