package io.hubjira.convert;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.item.RecordFilter.Condition;
import io.hubjira.item.RecordFilter.Group;
import io.hubjira.item.RecordFilter.Operator;
import io.hubjira.item.RecordFilter;

/**
 * Does a record match an item's filter? Evaluated after reading, as HubSpot's search would: equality of text ignores
 * case, numbers compare by value, dates and datetimes by instant (HubSpot's epoch milliseconds or ISO-8601), a
 * multiple-checkbox value matches when one of its options does.
 */
public final class RecordFilters {

    private RecordFilters() {
    }

    /** True without conditions; else when every condition of at least one group holds. */
    public static boolean matches(RecordFilter filter, Function<String, String> valueOf, Map<String, PropertyInfo> properties, Instant now) {
        if (filter == null || !filter.hasConditions()) {
            return true;
        }
        for (Group group : filter.groups()) {
            if (group.conditions().stream().allMatch(c -> holds(c, nullToEmpty(valueOf.apply(c.property())), properties.get(c.property()), now))) {
                return true;
            }
        }
        return false;
    }

    static boolean holds(Condition c, String value, PropertyInfo property, Instant now) {
        Operator op = c.op().orElseThrow(() -> new IllegalArgumentException("unknown filter operator " + c.operator()));
        return switch (op) {
            case KNOWN -> !value.isEmpty();
            case UNKNOWN -> value.isEmpty();
            case EQ -> equal(value, c.value());
            case NEQ -> !equal(value, c.value());
            case IN -> c.values().stream().anyMatch(v -> equal(value, v));
            case NOT_IN -> c.values().stream().noneMatch(v -> equal(value, v));
            case CONTAINS -> value.toLowerCase(Locale.ROOT).contains(nullToEmpty(c.value()).toLowerCase(Locale.ROOT));
            case GT -> compare(value, c.value(), property) > 0;
            case GTE -> compare(value, c.value(), property) >= 0;
            case LT -> !value.isEmpty() && compare(value, c.value(), property) < 0;
            case LTE -> !value.isEmpty() && compare(value, c.value(), property) <= 0;
            case BETWEEN -> compare(value, c.value(), property) >= 0 && !value.isEmpty() && compare(value, c.highValue(), property) <= 0;
            case WITHIN_LAST_DAYS -> {
                Long at = RecordFilter.epochMillis(value);
                yield at != null && at >= now.minus(Duration.ofDays(c.days() == null ? 0 : c.days())).toEpochMilli() && at <= now.toEpochMilli();
            }
        };
    }

    private static boolean equal(String actual, String expected) {
        String e = nullToEmpty(expected).trim();
        for (String option : actual.split(";")) {
            String a = option.trim();
            if (a.equalsIgnoreCase(e)) {
                return true;
            }
            BigDecimal x = number(a);
            BigDecimal y = number(e);
            if (x != null && y != null && x.compareTo(y) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Sign of actual − bound; an empty or unreadable value sorts below every bound (never "greater"). */
    private static int compare(String actual, String bound, PropertyInfo property) {
        if (actual.isEmpty()) {
            return -1;
        }
        boolean temporal = property != null && ("date".equals(property.type()) || "datetime".equals(property.type()));
        if (temporal) {
            Long a = RecordFilter.epochMillis(actual);
            Long b = RecordFilter.epochMillis(bound);
            return a == null || b == null ? -1 : Long.compare(a, b);
        }
        BigDecimal a = number(actual);
        BigDecimal b = number(bound);
        if (a != null && b != null) {
            return a.compareTo(b);
        }
        return actual.compareToIgnoreCase(nullToEmpty(bound));
    }

    private static BigDecimal number(String text) {
        try {
            return text == null || text.isBlank() ? null : new BigDecimal(text.trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
