package io.hubjira.jira;

import java.util.List;

/**
 * An edit of an issue's labels that leaves its other labels as they are: Jira's {@code update} operations
 * {@code [{"remove": "old"}, …, {"add": "new"}, …]} (a {@code fields.labels} set would replace them all).
 */
public record LabelChanges(List<String> remove, List<String> add) {

    public LabelChanges {
        remove = List.copyOf(remove);
        add = List.copyOf(add);
    }

    public static LabelChanges adding(String label) {
        return new LabelChanges(List.of(), List.of(label));
    }
}
