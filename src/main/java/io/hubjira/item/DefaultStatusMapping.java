package io.hubjira.item;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.hubjira.catalog.HubSpotMetadata.PipelineInfo;
import io.hubjira.catalog.HubSpotMetadata.StageInfo;
import io.hubjira.catalog.HubSpotMetadata.StatusField;
import io.hubjira.catalog.JiraMetadata.StatusInfo;

/**
 * The default HubSpot stage → Jira status mapping: a Jira status with the stage's name when there is one, otherwise
 * by Jira status category — the pipeline's first stage → To Do ({@code new}), closed stages → Done ({@code done}),
 * the others → In Progress ({@code indeterminate}).
 */
public final class DefaultStatusMapping {

    private DefaultStatusMapping() {}

    /** Fills in every stage the admin left out; stages the admin mapped keep their mapping. */
    public static Map<String, String> complete(Map<String, String> given, StatusField field, List<StatusInfo> jiraStatuses) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (PipelineInfo pipeline : field.pipelines()) {
            for (int i = 0; i < pipeline.stages().size(); i++) {
                StageInfo stage = pipeline.stages().get(i);
                String categoryKey = category(stage, i);
                String chosen = given.get(stage.id());
                if (chosen == null) {
                    chosen = byName(stage, jiraStatuses).or(() -> byCategory(categoryKey, jiraStatuses))
                            .map(StatusInfo::name).orElse(null);
                }
                if (chosen != null) {
                    mapping.put(stage.id(), chosen);
                }
            }
        }
        given.forEach(mapping::putIfAbsent);
        return mapping;
    }

    /** Jira status category key a HubSpot stage belongs to. */
    public static String category(StageInfo stage, int positionInPipeline) {
        Map<String, String> meta = stage.metadata();
        boolean closed = "true".equalsIgnoreCase(meta.get("isClosed"))
                || "CLOSED".equalsIgnoreCase(meta.get("ticketState"))
                || (meta.containsKey("probability") && !meta.containsKey("isClosed")
                        && (isNumber(meta.get("probability"), 1.0) || isNumber(meta.get("probability"), 0.0)));
        if (closed) {
            return "done";
        }
        return positionInPipeline == 0 ? "new" : "indeterminate";
    }

    private static Optional<StatusInfo> byName(StageInfo stage, List<StatusInfo> statuses) {
        String label = stage.label().toLowerCase(Locale.ROOT);
        return statuses.stream().filter(s -> s.name().toLowerCase(Locale.ROOT).equals(label)).findFirst();
    }

    private static Optional<StatusInfo> byCategory(String categoryKey, List<StatusInfo> statuses) {
        return statuses.stream().filter(s -> categoryKey.equals(s.categoryKey())).findFirst();
    }

    private static boolean isNumber(String text, double expected) {
        try {
            return text != null && Double.parseDouble(text) == expected;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
