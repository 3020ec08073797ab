package io.hubjira.hubspot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.http.ApiErrorTranslator;

/**
 * Reads the {@code errors[]} of a HubSpot batch answer ({@code BatchResponse…WithErrors}, each a {@code StandardError})
 * into one error per input. HubSpot's documents do not say which field names an error's inputs; its answers put their
 * ids in {@code context} (e.g. {@code context.ids} on OBJECT_NOT_FOUND), so an error is read as naming every input whose
 * key appears among its context values. An error naming none stands for every input HubSpot neither did nor named
 * elsewhere, and an input the answer leaves out altogether failed too: nothing is taken as done unless shown done.
 */
final class BatchErrors {

    /** One {@code StandardError} of a batch answer (every field optional in practice). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(String status, String category, Object subCategory, String message, Map<String, List<String>> context, String id,
                 JsonNode errors) {

        boolean names(String key) {
            return context != null && context.values().stream().anyMatch(values -> values != null && values.contains(key));
        }
    }

    /** Reads the JSON list some messages carry ("Property values were not valid: [...]"). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchErrors() {}

    /**
     * Sorts the inputs HubSpot did not do ({@code undone}: the input's key as HubSpot shows it → the caller's key) into
     * {@code notFound} (OBJECT_NOT_FOUND, when the call is a read and "not there" is an answer) and {@code failed}.
     */
    static <K> void attribute(String endpoint, List<Entry> errors, Map<String, K> undone, boolean notFoundIsAnAnswer, Set<K> notFound,
                              Map<K, HubSpotApiException> failed) {
        Map<String, K> left = new LinkedHashMap<>(undone);
        List<Entry> unnamed = new ArrayList<>();
        for (Entry e : errors == null ? List.<Entry>of() : errors) {
            List<String> named = left.keySet().stream().filter(e::names).toList();
            if (named.isEmpty()) {
                unnamed.add(e);
                continue;
            }
            named.forEach(key -> sort(endpoint, e, left.remove(key), notFoundIsAnAnswer, notFound, failed));
        }
        for (Entry e : unnamed) {
            new ArrayList<>(left.keySet()).forEach(key -> sort(endpoint, e, left.remove(key), notFoundIsAnAnswer, notFound, failed));
        }
        left.forEach((shown, key) -> failed.put(key, new HubSpotApiException(500, endpoint, null, null, null,
                "HubSpot's batch answer neither did nor named input " + shown, List.of(), true, null)));
    }

    private static <K> void sort(String endpoint, Entry e, K key, boolean notFoundIsAnAnswer, Set<K> notFound, Map<K, HubSpotApiException> failed) {
        if (notFoundIsAnAnswer && "OBJECT_NOT_FOUND".equals(e.category())) {
            notFound.add(key);
            return;
        }
        int status = status(e);
        failed.put(key, new HubSpotApiException(status, endpoint, e.category(), e.subCategory() == null ? null : String.valueOf(e.subCategory()),
                null, e.message(), List.of(), status == 400 ? problems(e) : List.of(), ApiErrorTranslator.transientStatus(status), null, null));
    }

    /** What a record's refused write broke, read as a whole 400's body is (its {@code errors[]} details and message). */
    private static List<WriteProblem> problems(Entry e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("message", e.message() == null ? "" : e.message());
        if (e.errors() != null) {
            body.set("errors", e.errors());
        }
        return WriteProblem.of(JSON, body);
    }

    /** The error's HTTP status: its own {@code status} when that is one, else what its category means. */
    static int status(Entry e) {
        if (e.status() != null && e.status().matches("[1-5]\\d\\d")) {
            return Integer.parseInt(e.status());
        }
        String category = e.category() == null ? "" : e.category();
        return switch (category) {
            case "VALIDATION_ERROR", "INVALID_PARAMS" -> 400;
            case "MISSING_SCOPES", "FORBIDDEN" -> 403;
            case "OBJECT_NOT_FOUND" -> 404;
            case "CONFLICT", "OBJECT_ALREADY_EXISTS" -> 409;
            case "RATE_LIMITS" -> 429;
            default -> 500;
        };
    }
}
