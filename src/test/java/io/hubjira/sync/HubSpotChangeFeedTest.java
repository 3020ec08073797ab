package io.hubjira.sync;

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
import io.hubjira.hubspot.HubSpotClient;
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

        JsonNode search(Map<String, Object> body) {
            calls++;
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) body.get("filterGroups");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> filters = (List<Map<String, Object>>) groups.get(0).get("filters");
            Predicate<Map.Entry<Long, Long>> match = e -> true;
            for (Map<String, Object> f : filters) {
                String prop = (String) f.get("propertyName");
                String op = (String) f.get("operator");
                long value = Long.parseLong((String) f.get("value"));
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
            @SuppressWarnings("unchecked")
            Map<String, Object> sort = ((List<Map<String, Object>>) body.get("sorts")).get(0);
            Comparator<Map.Entry<Long, Long>> order = sort.get("propertyName").equals("hs_object_id")
                    ? Map.Entry.comparingByKey() : Map.Entry.<Long, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey());
            List<Map.Entry<Long, Long>> hits = records.entrySet().stream().filter(match).sorted(order).toList();
            int offset = body.containsKey("after") ? Integer.parseInt((String) body.get("after")) : 0;
            if (offset >= 10_000) { // HubSpot refuses to page past 10,000 results; the feed never asks
                throw new IllegalStateException("HubSpot would answer 400: paging past 10,000 results");
            }
            int limit = (Integer) body.get("limit");
            ObjectNode answer = json.createObjectNode().put("total", hits.size());
            var results = answer.putArray("results");
            for (Map.Entry<Long, Long> e : hits.subList(Math.min(offset, hits.size()), Math.min(hits.size(), offset + limit))) {
                ObjectNode r = results.addObject().put("id", String.valueOf(e.getKey()));
                r.putObject("properties").put("hs_object_id", String.valueOf(e.getKey()))
                        .put("hs_lastmodifieddate", Instant.ofEpochMilli(e.getValue()).toString());
            }
            if (offset + limit < hits.size()) {
                answer.putObject("paging").putObject("next").put("after", String.valueOf(offset + limit));
            }
            return answer;
        }
    }

    private final FakeSearch search = new FakeSearch();
    private final Map<Long, WatermarkStore.Watermark> watermarks = new HashMap<>();

    @SuppressWarnings("unchecked")
    private HubSpotChangeFeed feed() {
        HubSpotClient client = mock(HubSpotClient.class);
        when(client.search(anyString(), any())).thenAnswer(inv -> search.search((Map<String, Object>) inv.getArgument(1)));
        WatermarkStore store = mock(WatermarkStore.class);
        when(store.find(org.mockito.ArgumentMatchers.anyLong())).thenAnswer(inv -> Optional.ofNullable(watermarks.get(inv.getArgument(0, Long.class))));
        org.mockito.Mockito.doAnswer(inv -> {
            watermarks.put(inv.getArgument(0), new WatermarkStore.Watermark(inv.getArgument(1), inv.getArgument(2)));
            return null;
        }).when(store).advance(org.mockito.ArgumentMatchers.anyLong(), any(), any());
        return new HubSpotChangeFeed(client, store, Duration.ofMinutes(2));
    }

    private List<String> drain(HubSpotChangeFeed feed) {
        PollCursor cursor = feed.start(7L, "deals", List.of("dealname"));
        List<String> seen = new ArrayList<>();
        int guard = 0;
        while (cursor.isHasMore()) {
            feed.fetchPage(cursor);
            cursor.getRecords().forEach(r -> seen.add(r.path("id").asText()));
            feed.commitPage(cursor);
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
        assertThat(search.calls).isEqualTo(5);
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
        // records at the re-window timestamps may be read twice (the idempotent repository drops them), never more
        assertThat(seen.size()).isLessThan(25_000 + 500);
    }

    @Test
    void recordsChangedWhilePagingAreNeitherSkippedNorRepeatedEndlessly() {
        long base = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        for (long id = 1; id <= 700; id++) {
            search.records.put(id, base + id * 1000);
        }
        HubSpotChangeFeed feed = feed();
        PollCursor cursor = feed.start(7L, "deals", List.of());
        java.util.Set<String> seen = new java.util.HashSet<>();
        long later = base + 10_000_000;
        while (cursor.isHasMore()) {
            feed.fetchPage(cursor);
            for (JsonNode r : cursor.getRecords()) {
                // the connector writes to every record it sees (e.g. the issue link note): its modification time moves
                if (seen.add(r.path("id").asText())) {
                    search.records.put(Long.parseLong(r.path("id").asText()), later++);
                }
            }
            feed.commitPage(cursor);
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
