package io.hubjira.hubspottojira;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where each feed the poll pages through stands, per feed and item: the newest HubSpot modification time whose page
 * has been fully processed. An item's records have one watermark per item; the notes feed, across every item, one.
 */
@Repository
public class WatermarkStore {

    /** The item a feed across every item (the notes) is kept under. */
    public static final long EVERY_ITEM = 0;
    /** The connection an item's own feed is kept under: the item names its connection. */
    public static final long ANY_CONNECTION = 0;

    public record Watermark(Instant lastModified, String lastObjectId) {}

    private final JdbcTemplate jdbc;

    public WatermarkStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Watermark> find(Feed feed, long itemId) {
        return find(feed, itemId, ANY_CONNECTION);
    }

    /** The watermark of a feed of one item, or ({@link #EVERY_ITEM}) of one HubSpot connection's feed across items. */
    public Optional<Watermark> find(Feed feed, long itemId, long hubspotConnectionId) {
        return jdbc.query("SELECT last_modified, last_object_id FROM poll_watermark WHERE feed = ? AND item_id = ? AND hubspot_connection_id = ?",
                (rs, n) -> {
                    OffsetDateTime t = rs.getObject("last_modified", OffsetDateTime.class);
                    return new Watermark(t == null ? null : t.toInstant(), rs.getString("last_object_id"));
                }, feed.key(), itemId, hubspotConnectionId).stream().findFirst();
    }

    /** Moves the watermark forward (never back). */
    @Transactional
    public void advance(Feed feed, long itemId, long hubspotConnectionId, Instant lastModified, String lastObjectId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime value = lastModified.atOffset(ZoneOffset.UTC);
        int updated = jdbc.update("""
                UPDATE poll_watermark SET last_modified = ?, last_object_id = ?, updated_at = ?
                WHERE feed = ? AND item_id = ? AND hubspot_connection_id = ? AND (last_modified IS NULL OR last_modified <= ?)""",
                value, lastObjectId, now, feed.key(), itemId, hubspotConnectionId, value);
        if (updated == 0 && find(feed, itemId, hubspotConnectionId).isEmpty()) {
            jdbc.update("INSERT INTO poll_watermark (feed, item_id, hubspot_connection_id, last_modified, last_object_id, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", feed.key(), itemId, hubspotConnectionId, value, lastObjectId, now);
        }
    }

    /** The oldest watermark of the feed among these items (where a new feed over their records starts), if any has one. */
    public Optional<Instant> oldest(Feed feed, Collection<Long> itemIds) {
        return itemIds.stream().map(id -> find(feed, id)).flatMap(Optional::stream).map(Watermark::lastModified)
                .filter(Objects::nonNull).min(Instant::compareTo);
    }
}
