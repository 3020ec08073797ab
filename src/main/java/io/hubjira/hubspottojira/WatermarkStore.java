package io.hubjira.hubspottojira;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Per-item poll watermark: the newest HubSpot modification time whose page has been fully processed. */
@Repository
public class WatermarkStore {

    public record Watermark(Instant lastModified, String lastObjectId) {}

    private final JdbcTemplate jdbc;

    public WatermarkStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Watermark> find(long itemId) {
        return jdbc.query("SELECT last_modified, last_object_id FROM sync_watermark WHERE item_id = ?", (rs, n) -> {
            OffsetDateTime t = rs.getObject("last_modified", OffsetDateTime.class);
            return new Watermark(t == null ? null : t.toInstant(), rs.getString("last_object_id"));
        }, itemId).stream().findFirst();
    }

    /** Moves the watermark forward (never back). */
    @Transactional
    public void advance(long itemId, Instant lastModified, String lastObjectId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime value = lastModified.atOffset(ZoneOffset.UTC);
        int updated = jdbc.update("""
                UPDATE sync_watermark SET last_modified = ?, last_object_id = ?, updated_at = ?
                WHERE item_id = ? AND (last_modified IS NULL OR last_modified <= ?)""", value, lastObjectId, now, itemId, value);
        if (updated == 0 && find(itemId).isEmpty()) {
            jdbc.update("INSERT INTO sync_watermark (item_id, last_modified, last_object_id, updated_at) VALUES (?, ?, ?, ?)",
                    itemId, value, lastObjectId, now);
        }
    }

    /** Where a feed that is not an item's records stands (e.g. the notes feed). */
    public Optional<Watermark> findFeed(String feed) {
        return jdbc.query("SELECT last_modified, last_object_id FROM feed_watermark WHERE feed = ?", (rs, n) -> {
            OffsetDateTime t = rs.getObject("last_modified", OffsetDateTime.class);
            return new Watermark(t == null ? null : t.toInstant(), rs.getString("last_object_id"));
        }, feed).stream().findFirst();
    }

    /** Moves a feed's watermark forward (never back). */
    @Transactional
    public void advanceFeed(String feed, Instant lastModified, String lastObjectId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime value = lastModified.atOffset(ZoneOffset.UTC);
        int updated = jdbc.update("""
                UPDATE feed_watermark SET last_modified = ?, last_object_id = ?, updated_at = ?
                WHERE feed = ? AND (last_modified IS NULL OR last_modified <= ?)""", value, lastObjectId, now, feed, value);
        if (updated == 0 && findFeed(feed).isEmpty()) {
            jdbc.update("INSERT INTO feed_watermark (feed, last_modified, last_object_id, updated_at) VALUES (?, ?, ?, ?)",
                    feed, value, lastObjectId, now);
        }
    }

    /** The oldest watermark among these items (where a new feed over their records starts), if any has one. */
    public Optional<Instant> oldest(java.util.Collection<Long> itemIds) {
        return itemIds.stream().map(this::find).flatMap(Optional::stream).map(Watermark::lastModified)
                .filter(java.util.Objects::nonNull).min(Instant::compareTo);
    }

    /** Starts the item over from the given time (e.g. a backfill from the beginning). */
    public void reset(long itemId, Instant from) {
        jdbc.update("DELETE FROM sync_watermark WHERE item_id = ?", itemId);
        if (from != null) {
            advance(itemId, from, null);
        }
    }
}
