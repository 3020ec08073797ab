package io.hubjira.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.hubjira.jira.JiraFieldValue;
import io.hubjira.jira.LabelChanges;

/**
 * The Jira labels the connector owns on an issue — record marker labels (by which a lost creation is found again) and
 * the item's archive label — kept apart from a {@code labels} mapping's values on both sides: a mapping never removes
 * or overwrites them in Jira, and they are never copied into HubSpot.
 */
public final class ConnectorLabels {

    public static final String FIELD = "labels";

    private ConnectorLabels() {}

    public static boolean isConnectorLabel(ItemContext ctx, String label) {
        if (ConnectorNotes.isRecordMarkerLabel(label)) {
            return true;
        }
        var lifecycle = ctx.definition().lifecycle();
        return lifecycle != null && lifecycle.archivedLabel() != null && lifecycle.archivedLabel().trim().equals(label);
    }

    /** The labels of a Jira {@code labels} value (anything else has none). */
    public static List<String> of(JiraFieldValue value) {
        return value instanceof JiraFieldValue.Labels labels ? labels.labels() : List.of();
    }

    /** The value without the connector's labels: what a {@code labels} mapping compares and copies to HubSpot. */
    public static JiraFieldValue withoutConnectorLabels(ItemContext ctx, JiraFieldValue value) {
        if (!(value instanceof JiraFieldValue.Labels labels)) {
            return value;
        }
        return new JiraFieldValue.Labels(labels.labels().stream().filter(l -> !isConnectorLabel(ctx, l)).toList());
    }

    /**
     * The edit of a {@code labels} mapping as changes of the labels: add the mapping's new labels, remove the
     * ones it wrote before and no longer names. Labels anyone else set — the connector's markers, a person's labels —
     * are left as they are (a {@code fields.labels} set would replace them all).
     */
    public static LabelChanges changes(ItemContext ctx, JiraFieldValue previous, JiraFieldValue wanted) {
        Set<String> want = new LinkedHashSet<>(of(withoutConnectorLabels(ctx, wanted)));
        List<String> remove = new ArrayList<>();
        for (String old : of(withoutConnectorLabels(ctx, previous))) {
            if (!want.contains(old)) {
                remove.add(old);
            }
        }
        return new LabelChanges(remove, List.copyOf(want));
    }
}
