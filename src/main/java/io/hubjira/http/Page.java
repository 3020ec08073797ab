package io.hubjira.http;

import java.util.List;

/** One page of an API's answer, the cursor of the next one (null on the last page) and the total, when the API says. */
public record Page<T>(List<T> items, String next, Long total) {

    public Page {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public Page(List<T> items, String next) {
        this(items, next, null);
    }

    public boolean hasNext() {
        return next != null && !next.isBlank();
    }
}
