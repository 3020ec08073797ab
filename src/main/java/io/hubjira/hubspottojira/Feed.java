package io.hubjira.hubspottojira;

import java.util.Locale;

/**
 * What the poll pages through, each with a watermark of its own in {@link WatermarkStore}: an item's records, or the
 * notes of every item (one feed, kept under {@link WatermarkStore#EVERY_ITEM}).
 */
public enum Feed {
    RECORDS, NOTES;

    /** How the feed is named in the watermark table. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
