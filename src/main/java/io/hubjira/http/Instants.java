package io.hubjira.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads the instants HubSpot and Jira write: epoch milliseconds (HubSpot datetime properties, webhook times), ISO
 * instants and offsets, Jira's {@code 2026-01-15T10:00:00.000-0300}, and ISO dates (midnight UTC, as HubSpot stores
 * dates). The one place timestamps are parsed.
 */
public final class Instants {

    public static final DateTimeFormatter JIRA = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private Instants() {}

    /** The instant, or null for null, blank or unreadable text. */
    public static Instant parseOrNull(String text) {
        try {
            return text == null || text.isBlank() ? null : parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    /** @throws DateTimeParseException or NumberFormatException when the text is none of the known forms */
    public static Instant parse(String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(t));
        }
        if (t.length() == 10) {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException notOffset) {
                return OffsetDateTime.parse(t, JIRA).toInstant();
            }
        }
    }
}
