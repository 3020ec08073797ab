package io.hubjira.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

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

    /** The labels of a Jira {@code labels} value (an array of strings; anything else has none). */
    public static List<String> of(JsonNode value) {
        List<String> labels = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(l -> labels.add(l.asText()));
        }
        return labels;
    }

    /** The value without the connector's labels: what a {@code labels} mapping compares and copies to HubSpot. */
    public static JsonNode withoutConnectorLabels(ItemContext ctx, JsonNode value) {
        if (value == null || !value.isArray()) {
            return value;
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        of(value).stream().filter(l -> !isConnectorLabel(ctx, l)).forEach(kept::add);
        return kept;
    }

    /**
     * The edit of a {@code labels} mapping as Jira's {@code update} operations: add the mapping's new labels, remove the
     * ones it wrote before and no longer names. Labels anyone else set — the connector's markers, a person's labels —
     * are left as they are (a {@code fields.labels} set would replace them all).
     */
    public static ArrayNode updateOperations(ItemContext ctx, JsonNode previous, JsonNode wanted) {
        Set<String> want = new LinkedHashSet<>(of(withoutConnectorLabels(ctx, wanted)));
        ArrayNode ops = JsonNodeFactory.instance.arrayNode();
        for (String old : of(withoutConnectorLabels(ctx, previous))) {
            if (!want.contains(old)) {
                ops.addObject().put("remove", old);
            }
        }
        want.forEach(l -> ops.addObject().put("add", l));
        return ops;
    }
}
