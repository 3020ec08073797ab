package io.hubjira.sandbox.hubspot;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.Rec;

/**
 * CRM search as HubSpot runs it: filter groups ORed, filters ANDed, all operators, one sort (object or string form),
 * 200 per page at most, an offset {@code after} cursor, {@code total}, the 10,000-result cap, and the filter limits
 * (5 groups, 6 filters per group, 18 in all). Archived records never appear; new and changed ones appear as the
 * index lags (SimulatedPortal.setSearchLagMillis).
 */
final class HubSpotSearch {

    static final int RESULT_CAP = 10_000;
    private final SimulatedPortal state;

    HubSpotSearch(SimulatedPortal state) {
        this.state = state;
    }

    Map<String, Object> run(String type, JsonNode body) {
        JsonNode groups = body.path("filterGroups");
        if (groups.size() > 5) {
            throw new HubSpotError(400, "VALIDATION_ERROR", "Too many filter groups: " + groups.size() + " (the limit is 5)");
        }
        int total = 0;
        for (JsonNode g : groups) {
            if (g.path("filters").size() > 6) {
                throw new HubSpotError(400, "VALIDATION_ERROR", "Too many filters in a group: " + g.path("filters").size() + " (the limit is 6)");
            }
            total += g.path("filters").size();
        }
        if (total > 18) {
            throw new HubSpotError(400, "VALIDATION_ERROR", "Too many filters: " + total + " (the limit is 18)");
        }
        int limit = body.path("limit").asInt(10);
        if (limit > 200) {
            throw new HubSpotError(400, "VALIDATION_ERROR", "limit must be less than or equal to 200, got " + limit);
        }
        String query = body.path("query").asText("");
        if (query.length() > 3000) {
            throw new HubSpotError(400, "VALIDATION_ERROR", "query is longer than 3000 characters");
        }
        int offset = body.hasNonNull("after") ? parseAfter(body.get("after").asText()) : 0;
        if (offset >= RESULT_CAP) {
            throw new HubSpotError(400, "VALIDATION_ERROR", "Paging through more than 10000 results is not supported; narrow the search.");
        }
        Predicate<Rec> match = r -> !r.archived;
        if (!groups.isEmpty()) {
            Predicate<Rec> any = r -> false;
            for (JsonNode g : groups) {
                Predicate<Rec> all = r -> true;
                for (JsonNode f : g.path("filters")) {
                    all = all.and(filter(type, f));
                }
                any = any.or(all);
            }
            match = match.and(any);
        }
        if (!query.isBlank()) {
            String q = query.toLowerCase(Locale.ROOT);
            match = match.and(r -> r.properties.values().stream().anyMatch(v -> v != null && v.toLowerCase(Locale.ROOT).contains(q)));
        }
        // search sees each record as its index has it: a new or changed record lags behind (SimulatedPortal.setSearchLagMillis)
        List<Rec> hits = new ArrayList<>(state.recordsOf(type).values().stream().map(state::searchView).flatMap(Optional::stream)
                .filter(match).toList());
        hits.sort(order(type, body.path("sorts")));
        List<String> properties = new ArrayList<>();
        body.path("properties").forEach(p -> properties.add(p.asText()));
        List<Map<String, Object>> results = new ArrayList<>();
        int end = Math.min(hits.size(), offset + Math.max(limit, 1));
        for (Rec r : hits.subList(Math.min(offset, hits.size()), end)) {
            results.add(view(r, properties));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total", hits.size());
        answer.put("results", results);
        if (end < hits.size()) {
            answer.put("paging", Map.of("next", Map.of("after", String.valueOf(end), "link", "?after=" + end)));
        }
        return answer;
    }

    private static int parseAfter(String after) {
        try {
            return Integer.parseInt(after);
        } catch (NumberFormatException e) {
            throw new HubSpotError(400, "VALIDATION_ERROR", "after must be a paging cursor returned by a previous search");
        }
    }

    private Predicate<Rec> filter(String type, JsonNode f) {
        String property = f.path("propertyName").asText();
        String operator = f.path("operator").asText("EQ");
        String value = f.path("value").asText(null);
        String high = f.path("highValue").asText(null);
        List<String> values = new ArrayList<>();
        f.path("values").forEach(v -> values.add(v.asText()));
        String propertyType = state.property(type, property).map(HubSpotSandbox.PropertyDef::type).orElse("string");
        return r -> {
            String actual = property.equals("hs_object_id") ? r.id : r.properties.get(property);
            boolean present = actual != null && !actual.isEmpty();
            return switch (operator) {
                case "HAS_PROPERTY" -> present;
                case "NOT_HAS_PROPERTY" -> !present;
                case "EQ" -> present && compare(actual, value, propertyType) == 0;
                case "NEQ" -> !present || compare(actual, value, propertyType) != 0;
                case "LT" -> present && compare(actual, value, propertyType) < 0;
                case "LTE" -> present && compare(actual, value, propertyType) <= 0;
                case "GT" -> present && compare(actual, value, propertyType) > 0;
                case "GTE" -> present && compare(actual, value, propertyType) >= 0;
                case "BETWEEN" -> present && compare(actual, value, propertyType) >= 0 && compare(actual, high, propertyType) <= 0;
                case "IN" -> present && values.stream().anyMatch(v -> compare(actual, v, propertyType) == 0);
                case "NOT_IN" -> !present || values.stream().noneMatch(v -> compare(actual, v, propertyType) == 0);
                case "CONTAINS_TOKEN" -> present && containsToken(actual, value);
                case "NOT_CONTAINS_TOKEN" -> !present || !containsToken(actual, value);
                default -> throw new HubSpotError(400, "VALIDATION_ERROR", "Unknown operator " + operator);
            };
        };
    }

    /** Compares as numbers, instants or case-insensitive text, as the property's type says. */
    static int compare(String actual, String expected, String type) {
        if (expected == null) {
            return 1;
        }
        if (type.equals("number") || (isNumber(actual) && isNumber(expected) && !type.equals("string"))) {
            return new BigDecimal(actual.trim()).compareTo(new BigDecimal(expected.trim()));
        }
        if (type.equals("datetime") || type.equals("date")) {
            Instant a = HubSpotValues.instant(actual);
            Instant e = HubSpotValues.instant(expected);
            if (a != null && e != null) {
                return a.compareTo(e);
            }
        }
        return actual.compareToIgnoreCase(expected);
    }

    private static boolean containsToken(String actual, String token) {
        if (token == null) {
            return false;
        }
        String t = token.toLowerCase(Locale.ROOT);
        String a = actual.toLowerCase(Locale.ROOT);
        if (t.startsWith("*") || t.endsWith("*")) {
            return a.contains(t.replace("*", ""));
        }
        for (String word : a.split("[^\\p{L}\\p{N}@._-]+")) {
            if (word.equals(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String s) {
        return s != null && s.trim().matches("-?\\d+(\\.\\d+)?");
    }

    private Comparator<Rec> order(String type, JsonNode sorts) {
        Comparator<Rec> byId = Comparator.comparingLong(r -> Long.parseLong(r.id));
        if (sorts.isEmpty()) {
            return byId;
        }
        JsonNode sort = sorts.get(0);
        String property;
        boolean descending;
        if (sort.isTextual()) {
            String s = sort.asText();
            descending = s.startsWith("-");
            property = descending ? s.substring(1) : s;
        } else {
            property = sort.path("propertyName").asText();
            descending = "DESCENDING".equalsIgnoreCase(sort.path("direction").asText("ASCENDING"));
        }
        String propertyType = state.property(type, property).map(HubSpotSandbox.PropertyDef::type).orElse("string");
        Comparator<Rec> byProperty = (a, b) -> {
            String va = property.equals("hs_object_id") ? a.id : a.properties.get(property);
            String vb = property.equals("hs_object_id") ? b.id : b.properties.get(property);
            if (va == null || va.isEmpty()) {
                return vb == null || vb.isEmpty() ? 0 : 1;
            }
            if (vb == null || vb.isEmpty()) {
                return -1;
            }
            return compare(va, vb, propertyType);
        };
        Comparator<Rec> ordered = descending ? byProperty.reversed() : byProperty;
        return ordered.thenComparing(byId);
    }

    private static Map<String, Object> view(Rec r, List<String> properties) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("createdate", r.properties.get("createdate"));
        props.put("hs_lastmodifieddate", r.properties.get("hs_lastmodifieddate"));
        props.put("hs_object_id", r.id);
        for (String p : properties) {
            props.put(p, Optional.ofNullable(r.properties.get(p)).orElse(null));
        }
        v.put("properties", props);
        v.put("createdAt", r.createdAt.toString());
        v.put("updatedAt", r.updatedAt.toString());
        v.put("archived", false);
        return v;
    }
}
