package io.hubjira.hubspot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What HubSpot did with each input of a batch call. HubSpot answers 207 when it did some inputs and not others: the
 * ones it did are in {@code results}, the others under {@code errors[]} (each error names its inputs in
 * {@code context}, e.g. {@code context.ids}). Nothing here is taken as done unless HubSpot's answer shows it done.
 *
 * @param done     input → what HubSpot answered for it (in the inputs' order)
 * @param notFound inputs HubSpot does not know (OBJECT_NOT_FOUND: deleted, archived, never existed), for reads
 * @param failed   input → HubSpot's error for it; {@link HubSpotApiException#retryable()} tells a later try may help
 */
public record BatchOutcome<K, T>(Map<K, T> done, Set<K> notFound, Map<K, HubSpotApiException> failed) {

    public BatchOutcome {
        done = Collections.unmodifiableMap(new LinkedHashMap<>(done));
        notFound = Collections.unmodifiableSet(new LinkedHashSet<>(notFound));
        failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }

    /**
     * The inputs HubSpot did, for a caller that cannot act per input (a marker lookup must never take a partial
     * answer for "not there"): any failed input fails the whole call with {@link HubSpotBatchException}.
     */
    public Map<K, T> doneOrThrow() {
        if (!failed.isEmpty()) {
            throw new HubSpotBatchException(failed);
        }
        return done;
    }

    /** The done values in the inputs' order. */
    public List<T> values() {
        return new ArrayList<>(done.values());
    }
}
