package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.item.ItemRepository;
import io.hubjira.storage.EmbeddedPostgresSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one watermark table of the poll's feeds, on H2 (PostgreSQL mode) and on a real PostgreSQL: an upgrade in place
 * keeps where every item's records and the notes feed stood, a watermark never moves back, and an item's watermark
 * goes with the item.
 */
class WatermarkStoreTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static Stream<Arguments> databases() {
        return EmbeddedPostgresSupport.h2AndPostgres("watermarks");
    }

    private static long item(JdbcTemplate jdbc, String name) {
        OffsetDateTime now = T0.atOffset(ZoneOffset.UTC);
        jdbc.update("INSERT INTO sync_item (name, mode, hubspot_module, hubspot_object_type, jira_project_keys, created_at, updated_at)"
                + " VALUES (?, 'ONE_WAY', 'DEALS', 'deals', 'SUP', ?, ?)", name, now, now);
        return jdbc.queryForObject("SELECT id FROM sync_item WHERE name = ?", Long.class, name);
    }

    private static OffsetDateTime at(long seconds) {
        return T0.plusSeconds(seconds).atOffset(ZoneOffset.UTC);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anUpgradeInPlaceKeepsWhereEveryFeedStood(String name, DataSource ds) {
        JdbcTemplate jdbc = EmbeddedPostgresSupport.migrated(ds, "20");
        long deals = item(jdbc, "Deals");
        long tickets = item(jdbc, "Tickets");
        long fresh = item(jdbc, "Fresh");
        jdbc.update("INSERT INTO sync_watermark (item_id, last_modified, last_object_id, updated_at) VALUES (?, ?, ?, ?)",
                deals, at(60), "41", at(61));
        jdbc.update("INSERT INTO sync_watermark (item_id, last_modified, last_object_id, updated_at) VALUES (?, ?, ?, ?)",
                tickets, at(-3600), "7", at(-3599));
        jdbc.update("INSERT INTO feed_watermark (feed, last_modified, last_object_id, updated_at) VALUES ('notes', ?, ?, ?)",
                at(30), "900", at(31));

        EmbeddedPostgresSupport.migrated(ds, null);
        WatermarkStore watermarks = new WatermarkStore(jdbc);
        assertThat(watermarks.find(Feed.RECORDS, deals)).contains(new WatermarkStore.Watermark(T0.plusSeconds(60), "41"));
        assertThat(watermarks.find(Feed.RECORDS, tickets)).contains(new WatermarkStore.Watermark(T0.minusSeconds(3600), "7"));
        assertThat(watermarks.find(Feed.RECORDS, fresh)).as("an item never polled starts from the beginning").isEmpty();
        assertThat(watermarks.find(Feed.NOTES, WatermarkStore.EVERY_ITEM)).contains(new WatermarkStore.Watermark(T0.plusSeconds(30), "900"));
        assertThat(watermarks.find(Feed.NOTES, deals)).as("the notes feed is one, across the items").isEmpty();
        assertThat(watermarks.oldest(Feed.RECORDS, List.of(deals, tickets, fresh))).contains(T0.minusSeconds(3600));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aWatermarkOnlyMovesForwardAndGoesWithItsItem(String name, DataSource ds) {
        JdbcTemplate jdbc = EmbeddedPostgresSupport.migrated(ds, null);
        long deals = item(jdbc, "Deals");
        WatermarkStore watermarks = new WatermarkStore(jdbc);

        watermarks.advance(Feed.RECORDS, deals, 0, T0, "5");
        watermarks.advance(Feed.RECORDS, deals, 0, T0.minusSeconds(1), "4");
        watermarks.advance(Feed.NOTES, WatermarkStore.EVERY_ITEM, 1, T0.plusSeconds(10), "77");
        watermarks.advance(Feed.NOTES, WatermarkStore.EVERY_ITEM, 2, T0.plusSeconds(20), "88");
        assertThat(watermarks.find(Feed.RECORDS, deals)).as("never back").contains(new WatermarkStore.Watermark(T0, "5"));
        watermarks.advance(Feed.RECORDS, deals, 0, T0.plusSeconds(5), "6");
        assertThat(watermarks.find(Feed.RECORDS, deals)).contains(new WatermarkStore.Watermark(T0.plusSeconds(5), "6"));
        assertThat(watermarks.find(Feed.NOTES, WatermarkStore.EVERY_ITEM, 1)).as("each feed its own, and each portal's notes theirs")
                .contains(new WatermarkStore.Watermark(T0.plusSeconds(10), "77"));
        assertThat(watermarks.find(Feed.NOTES, WatermarkStore.EVERY_ITEM, 2)).contains(new WatermarkStore.Watermark(T0.plusSeconds(20), "88"));

        assertThat(new ItemRepository(jdbc, new ObjectMapper()).delete(deals)).isTrue();
        assertThat(watermarks.find(Feed.RECORDS, deals)).as("deleted with its item").isEmpty();
        assertThat(watermarks.find(Feed.NOTES, WatermarkStore.EVERY_ITEM, 1)).as("the notes feed stays").isPresent();
    }
}
