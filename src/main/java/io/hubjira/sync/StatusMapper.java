package io.hubjira.sync;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubjira.catalog.HubSpotMetadata.PipelineInfo;
import io.hubjira.catalog.HubSpotMetadata.StageInfo;
import io.hubjira.catalog.HubSpotMetadata.StatusField;
import io.hubjira.catalog.JiraMetadata.StatusInfo;
import io.hubjira.item.DefaultStatusMapping;

/** Translates between a HubSpot stage and a Jira status with an item's status mapping (stage id → status name). */
public final class StatusMapper {

    private StatusMapper() {}

    public static Optional<String> jiraStatusFor(Map<String, String> mapping, String stageId) {
        return Optional.ofNullable(stageId == null ? null : mapping.get(stageId));
    }

    /**
     * The HubSpot stage for a Jira status, within the record's pipeline: the first stage mapped to that status, else
     * the first stage of the same status category.
     */
    public static Optional<StageInfo> stageFor(Map<String, String> mapping, StatusField field, String pipelineId,
                                               StatusInfo jiraStatus) {
        List<PipelineInfo> candidates = field.pipelines().stream()
                .filter(p -> pipelineId == null || p.id().equals(pipelineId)).toList();
        for (PipelineInfo p : candidates) {
            for (StageInfo s : p.stages()) {
                if (jiraStatus.name().equalsIgnoreCase(mapping.get(s.id()))) {
                    return Optional.of(s);
                }
            }
        }
        for (PipelineInfo p : candidates) {
            for (int i = 0; i < p.stages().size(); i++) {
                StageInfo s = p.stages().get(i);
                if (DefaultStatusMapping.category(s, i).equals(jiraStatus.categoryKey())) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }
}
