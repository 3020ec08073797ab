package io.hubjira.item;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

/**
 * Which HubSpot records an item syncs: groups of conditions on HubSpot properties, ANDed inside a group and ORed
 * between groups (HubSpot's own search shape, so the poll can ask HubSpot for matching records only). A filter gates
 * auto-create always; with {@code applyToLinked} it also pauses the sync of linked records while they don't match
 * (nothing is deleted). {@code jql} optionally limits which Jira issues push changes back.
 */
public record RecordFilter(List<@Valid Group> groups, Boolean applyToLinked,
                           @Size(max = 2000, message = ItemDefinition.LIMIT) String jql) {

    public RecordFilter {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public boolean hasConditions() {
        return !groups.isEmpty();
    }

    public boolean appliesToLinked() {
        return Boolean.TRUE.equals(applyToLinked);
    }

    public boolean hasJql() {
        return jql != null && !jql.isBlank();
    }

    /** Conditions that must all hold. */
    public record Group(List<@Valid Condition> conditions) {
        public Group {
            conditions = conditions == null ? List.of() : List.copyOf(conditions);
        }
    }

    /**
     * One condition: {@code property operator value}; BETWEEN takes value and highValue, IN / NOT_IN take values,
     * WITHIN_LAST_DAYS takes days, KNOWN / UNKNOWN take nothing.
     */
    public record Condition(@Size(max = 200, message = ItemDefinition.LIMIT) String property,
                            @Size(max = 30, message = ItemDefinition.LIMIT) String operator,
                            @Size(max = 1000, message = ItemDefinition.LIMIT) String value,
                            @Size(max = 1000, message = ItemDefinition.LIMIT) String highValue,
                            @Size(max = 100, message = "must list at most {max} values") List<@Size(max = 1000, message = ItemDefinition.LIMIT) String> values,
                            Integer days) {
        public Condition {
            values = values == null ? List.of() : List.copyOf(values);
        }

        public Optional<Operator> op() {
            return Operator.parse(operator);
        }
    }

    public enum Operator {
        EQ, NEQ, IN, NOT_IN, CONTAINS, GT, GTE, LT, LTE, BETWEEN, KNOWN, UNKNOWN, WITHIN_LAST_DAYS;

        public static Optional<Operator> parse(String text) {
            if (text == null || text.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT).replace(' ', '_')));
            } catch (IllegalArgumentException unknown) {
                return Optional.empty();
            }
        }
    }

    /** A filter value as an instant: HubSpot's epoch milliseconds, an ISO-8601 instant or a date (midnight UTC); null otherwise. */
    public static Long epochMillis(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        if (t.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(t);
        }
        try {
            return java.time.Instant.parse(t).toEpochMilli();
        } catch (RuntimeException notAnInstant) {
            try {
                return java.time.LocalDate.parse(t.length() > 10 ? t.substring(0, 10) : t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }
}
