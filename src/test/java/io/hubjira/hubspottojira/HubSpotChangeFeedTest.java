package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.http.Page;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.hubspot.RecordSearch;
import org.junit.jupiter.api.Test;

/**
 * The poll's paging against a search that behaves like HubSpot's: filters, one sort, 200 per page, an offset "after"
 * cursor and a 400 when paging past 10,000 results.
 */
class HubSpotChangeFeedTest {

    private final ObjectMapper json = new ObjectMapper();

    /** A HubSpot-like search over in-memory records (id → modified millis). */
    final class FakeSearch {
        final Map<Long, Long> records = new HashMap<>();
        int calls;

        Page<HubSpotRecord> search(RecordSearch body) {
            calls++;
            Predicate<Map.Entry<Long, Long>> match = e -> true;
            for (RecordSearch.Filter f : body.filterGroups().get(0)) {
                String prop = f.propertyName();
                String op = f.operator();
                long value = Long.parseLong(f.value());
                Predicate<Map.Entry<Long, Long>> p = e -> {
                    long actual = prop.equals("hs_object_id") ? e.getKey() : e.getValue();
                    return switch (op) {
                        case "GTE" -> actual >= value;
                        case "GT" -> actual > value;
                        case "EQ" -> actual == value;
                        default -> throw new IllegalArgumentException(op);
                    };
                };
                match = match.and(p);
            }
            RecordSearch.Sort sort = body.sorts().get(0);
            Comparator<Map.Entry<Long, Long>> order = sort.propertyName().equals("hs_object_id")
                    ? Map.Entry.comparingByKey() : Map.Entry.<Long, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey());
            List<Map.Entry<Long, Long>> hits = records.entrySet().stream().filter(match).sorted(order).toList();
            int offset = body.after() != null ? Integer.parseInt(body.after()) : 0;
            if (offset >= 10_000) { // HubSpot refuses to page past 10,000 results; the feed never asks
                throw new IllegalStateException("HubSpot would answer 400: paging past 10,000 results");
            }
            int limit = body.limit();
            List<HubSpotRecord> results = new ArrayList<>();
            for (Map.Entry<Long, Long> e : hits.subList(Math.min(offset, hits.size()), Math.min(hits.size(), offset + limit))) {
                results.add(new HubSpotRecord(String.valueOf(e.getKey()), Map.of("hs_object_id", String.valueOf(e.getKey()),
                        "hs_lastmodifieddate", Instant.ofEpochMilli(e.getValue()).toString()), null, null, null, false));
            }
            return new Page<>(results, offset + limit < hits.size() ? String.valueOf(offset + limit) : null);
        }
    }

    private final FakeSearch search = new FakeSearch();
    private final Map<Long, WatermarkStore.Watermark> watermarks = new HashMap<>();

    @SuppressWarnings("unchecked")
    private HubSpotChangeFeed feed() {
        HubSpotClient client = mock(HubSpotClient.class);
        when(client.search(anyString(), any())).thenAnswer(inv -> search.search(inv.getArgument(1, RecordSearch.class)));
        WatermarkStore store = mock(WatermarkStore.class);
        when(store.find(org.mockito.ArgumentMatchers.eq(Feed.RECORDS), org.mockito.ArgumentMatchers.anyLong(), org.mockito.ArgumentMatchers.eq(0L)))
                .thenAnswer(inv -> Optional.ofNullable(watermarks.get(inv.getArgument(1, Long.class))));
        org.mockito.Mockito.doAnswer(inv -> {
            watermarks.put(inv.getArgument(1), new WatermarkStore.Watermark(inv.getArgument(3), inv.getArgument(4)));
            return null;
        }).when(store).advance(org.mockito.ArgumentMatchers.eq(Feed.RECORDS), org.mockito.ArgumentMatchers.anyLong(),
                org.mockito.ArgumentMatchers.eq(0L), any(), any());
        io.hubjira.connection.ConnectionScopes scopes = mock(io.hubjira.connection.ConnectionScopes.class);
        when(scopes.hubspot(1L)).thenReturn(new io.hubjira.connection.HubSpotScope(1, "portal", 12345678, "app.hubspot.com", client, null));
        return new HubSpotChangeFeed(scopes, store, io.hubjira.config.ConnectorProperties.of(null, null, null));
    }

    private List<String> drain(HubSpotChangeFeed feed) {
        PollCursor cursor = feed.start(Feed.RECORDS, 7L, 1L, "deals", List.of("dealname"), Instant.EPOCH);
        List<String> seen = new ArrayList<>();
        int guard = 0;
        while (cursor != null) {
            PolledPage page = feed.fetchPage(cursor);
            page.records().forEach(r -> seen.add(r.id()));
            feed.commitPage(page);
            cursor = page.nextIfMore();
            assertThat(++guard).as("pages").isLessThan(500);
        }
        return seen;
    }

    @Test
    void pagesThroughEveryRecordModifiedSinceTheWatermarkAndMovesItToTheNewest() {
        long base = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        for (long id = 1; id <= 450; id++) {
            search.records.put(id, base + id * 1000);
        }
        List<String> seen = drain(feed());
        assertThat(new java.util.HashSet<>(seen)).hasSize(450);
        assertThat(seen.size()).as("only the records at page boundaries are read twice").isLessThanOrEqualTo(452);
        assertThat(search.calls).as("one search per page: 200 + (1 again + 199) + (1 again + 51)").isEqualTo(3);
        assertThat(watermarks.get(7L).lastModified()).isEqualTo(Instant.ofEpochMilli(base + 450_000));
    }

    @Test
    void theNextRunStartsAtTheWatermarkMinusTheOverlap() {
        long base = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        for (long id = 1; id <= 100; id++) {
            search.records.put(id, base + id * 60_000);
        }
        watermarks.put(7L, new WatermarkStore.Watermark(Instant.ofEpochMilli(base + 90 * 60_000), "90"));
        List<String> seen = drain(feed());
        // 2 minutes of overlap: records 88..100
        assertThat(seen).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(88, 100).mapToObj(String::valueOf).toList());
    }

    @Test
    void moreThanTenThousandRecordsAcrossTimestampsAreAllSeenPastTheCap() {
        long base = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        for (long id = 1; id <= 25_000; id++) {
            search.records.put(id, base + (id / 7) * 1000); // 7 records share each timestamp
        }
        List<String> seen = drain(feed());
        assertThat(new HashSet<>(seen)).hasSize(25_000);
        // records at the re-window timestamps may be read twice (the idempotent repository drops them), never more:
        // at most the 7 at a page's last timestamp, on pages of 200
        assertThat(seen.stream().collect(java.util.stream.Collectors.groupingBy(id -> id, java.util.stream.Collectors.counting())).values())
                .allSatisfy(times -> assertThat(times).isLessThanOrEqualTo(2L));
        assertThat(seen.size()).isLessThan(25_000 + 7 * (25_000 / 193 + 1));
    }

    @Test
    void recordsChangedWhilePagingAreNeitherSkippedNorRepeatedEndlessly() {
        long base = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        for (long id = 1; id <= 700; id++) {
            search.records.put(id, base + id * 1000);
        }
        HubSpotChangeFeed feed = feed();
        PollCursor cursor = feed.start(Feed.RECORDS, 7L, 1L, "deals", List.of(), Instant.EPOCH);
        java.util.Set<String> seen = new java.util.HashSet<>();
        long later = base + 10_000_000;
        while (cursor != null) {
            PolledPage page = feed.fetchPage(cursor);
            for (HubSpotRecord r : page.records()) {
                // the connector writes to every record it sees (e.g. the issue link note): its modification time moves
                if (seen.add(r.id())) {
                    search.records.put(Long.parseLong(r.id()), later++);
                }
            }
            feed.commitPage(page);
            cursor = page.nextIfMore();
        }
        assertThat(seen).hasSize(700);
    }

    @Test
    void moreThanTenThousandRecordsWithOneSharedTimestampDoNotLoopForever() {
        long shared = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        for (long id = 1; id <= 23_456; id++) {
            search.records.put(id, shared);
        }
        for (long id = 23_457; id <= 23_500; id++) {
            search.records.put(id, shared + 5_000);
        }
        List<String> seen = drain(feed());
        Set<String> unique = new HashSet<>(seen);
        assertThat(unique).hasSize(23_500);
        assertThat(seen.size()).isLessThanOrEqualTo(23_500 + 500);
        assertThat(watermarks.get(7L).lastModified()).isEqualTo(Instant.ofEpochMilli(shared + 5_000));
    }
}
