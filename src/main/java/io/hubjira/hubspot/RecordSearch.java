package io.hubjira.hubspot;

import java.util.ArrayList;
import java.util.List;

/**
 * A CRM search ({@code PublicObjectSearchRequest}): filter groups (filters ANDed inside a group, groups ORed), sorts,
 * the properties to return, a page size up to 200 and the paging cursor. HubSpot allows at most 5 groups, 6 filters
 * per group and 18 in all.
 */
public record RecordSearch(List<List<Filter>> filterGroups, List<Sort> sorts, List<String> properties, int limit, String after,
                           String query) {

    public static final int MAX_GROUPS = 5;
    public static final int MAX_FILTERS_PER_GROUP = 6;
    public static final int MAX_FILTERS = 18;
    public static final int MAX_LIMIT = 200;
    public static final int MAX_QUERY_LENGTH = 3000;

    public RecordSearch {
        filterGroups = filterGroups == null ? List.of() : filterGroups.stream().map(List::copyOf).toList();
        sorts = sorts == null ? List.of() : List.copyOf(sorts);
        properties = properties == null ? List.of() : List.copyOf(properties);
        if (filterGroups.size() > MAX_GROUPS || filterGroups.stream().anyMatch(g -> g.size() > MAX_FILTERS_PER_GROUP)
                || filterGroups.stream().mapToInt(List::size).sum() > MAX_FILTERS) {
            throw new IllegalArgumentException("a HubSpot search takes at most " + MAX_GROUPS + " filter groups of " + MAX_FILTERS_PER_GROUP
                    + " filters, " + MAX_FILTERS + " in all");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("a HubSpot search page holds 1 to " + MAX_LIMIT + " records, not " + limit);
        }
        if (query != null && query.length() > MAX_QUERY_LENGTH) {
            throw new IllegalArgumentException("a HubSpot search query is at most " + MAX_QUERY_LENGTH + " characters");
        }
    }

    /** One filter: {@code propertyName operator value} (BETWEEN: value and highValue; IN / NOT_IN: values). */
    public record Filter(String propertyName, String operator, String value, String highValue, List<String> values) {
        public static Filter of(String property, String operator, String value) {
            return new Filter(property, operator, value, null, null);
        }

        public static Filter between(String property, String low, String high) {
            return new Filter(property, "BETWEEN", low, high, null);
        }

        public static Filter in(String property, String operator, List<String> values) {
            return new Filter(property, operator, null, null, List.copyOf(values));
        }

        public static Filter known(String property, boolean known) {
            return new Filter(property, known ? "HAS_PROPERTY" : "NOT_HAS_PROPERTY", null, null, null);
        }
    }

    public record Sort(String propertyName, String direction) {
        public static Sort ascending(String property) {
            return new Sort(property, "ASCENDING");
        }
    }

    /** A search of one filter group. */
    public static RecordSearch where(List<Filter> filters, Sort sort, List<String> properties, int limit) {
        return new RecordSearch(List.of(filters), sort == null ? List.of() : List.of(sort), properties, limit, null, null);
    }

    public RecordSearch after(String cursor) {
        return new RecordSearch(filterGroups, sorts, properties, limit, cursor, query);
    }
}
