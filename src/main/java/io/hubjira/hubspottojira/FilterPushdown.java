package io.hubjira.hubspottojira;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.hubjira.hubspot.RecordSearch.Filter;
import io.hubjira.item.RecordFilter.Condition;
import io.hubjira.item.RecordFilter;

/**
 * An item's record filter as HubSpot search filter groups, so a poll reads matching records only. The pushed groups
 * may match more than the filter (CONTAINS stays out: HubSpot's CONTAINS_TOKEN matches whole words, ours any text),
 * never less; every record read is still checked by {@link io.hubjira.convert.RecordFilters}. Nothing is pushed when a group would be
 * left without a condition (it would match everything), or when linked records must keep syncing whatever they hold.
 */
final class FilterPushdown {

    private FilterPushdown() {
    }

    static List<List<Filter>> groups(RecordFilter filter, Instant now) {
        if (filter == null || !filter.appliesToLinked()) {
            return List.of();
        }
        return matching(filter, now);
    }

    /** The filter's groups, whatever it says about linked records (e.g. a bulk connect considers matching records only). */
    static List<List<Filter>> matching(RecordFilter filter, Instant now) {
        if (filter == null || !filter.hasConditions()) {
            return List.of();
        }
        List<List<Filter>> groups = new ArrayList<>();
        for (RecordFilter.Group g : filter.groups()) {
            List<Filter> filters = new ArrayList<>();
            for (Condition c : g.conditions()) {
                Filter f = filter(c, now);
                if (f != null) {
                    filters.add(f);
                }
            }
            if (filters.isEmpty()) {
                return List.of();
            }
            groups.add(filters);
        }
        return groups;
    }

    private static Filter filter(Condition c, Instant now) {
        return switch (c.op().orElseThrow()) {
            case EQ -> Filter.of(c.property(), "EQ", c.value());
            case NEQ -> Filter.of(c.property(), "NEQ", c.value());
            case IN -> Filter.in(c.property(), "IN", c.values());
            case NOT_IN -> Filter.in(c.property(), "NOT_IN", c.values());
            case GT, GTE, LT, LTE -> Filter.of(c.property(), c.op().orElseThrow().name(), searchValue(c.value()));
            case BETWEEN -> Filter.between(c.property(), searchValue(c.value()), searchValue(c.highValue()));
            case KNOWN -> Filter.known(c.property(), true);
            case UNKNOWN -> Filter.known(c.property(), false);
            case WITHIN_LAST_DAYS -> Filter.of(c.property(), "GTE", String.valueOf(now.minus(Duration.ofDays(c.days())).toEpochMilli()));
            case CONTAINS -> null;
        };
    }

    /** Dates as HubSpot's search takes them (epoch milliseconds); numbers as they are. */
    private static String searchValue(String value) {
        if (value != null && !value.trim().matches("-?\\d+(\\.\\d+)?")) {
            Long millis = RecordFilter.epochMillis(value);
            if (millis != null) {
                return String.valueOf(millis);
            }
        }
        return value;
    }
}
