package io.hubjira.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.catalog.HubSpotMetadata;
import io.hubjira.catalog.HubSpotObjectCatalog.Module;
import io.hubjira.catalog.JiraMetadata;
import io.hubjira.failure.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API: the HubSpot object catalog and live HubSpot/Jira metadata used to configure Smart Connected Items. */
@RestController
@RequestMapping("/api/catalog")
public class CatalogController {

    private final HubSpotMetadata hubspot;
    private final JiraMetadata jira;

    public CatalogController(HubSpotMetadata hubspot, JiraMetadata jira) {
        this.hubspot = hubspot;
        this.jira = jira;
    }

    /** Modules (object groups) with their objects, custom objects included; unreadable objects carry the missing scopes. */
    @GetMapping("/hubspot/modules")
    public List<Map<String, Object>> modules() {
        List<HubSpotMetadata.ObjectInfo> objects = hubspot.catalog();
        return java.util.Arrays.stream(Module.values()).map(module -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("module", module.name());
            m.put("label", module.label());
            m.put("objects", objects.stream().filter(o -> o.module().equals(module.name())).toList());
            return m;
        }).toList();
    }

    @GetMapping("/hubspot/objects/{objectType}/properties")
    public List<HubSpotMetadata.PropertyInfo> properties(@PathVariable String objectType) {
        return hubspot.properties(knownObject(objectType));
    }

    /** The object's status-like field (pipeline + stage property) with pipelines and stages, and its display property. */
    @GetMapping("/hubspot/objects/{objectType}")
    public Map<String, Object> object(@PathVariable String objectType) {
        String type = knownObject(objectType);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("object", hubspot.object(type).orElseThrow());
        answer.put("primaryDisplayProperty", hubspot.primaryDisplayProperty(type));
        answer.put("statusField", hubspot.statusField(type).orElse(null));
        return answer;
    }

    @GetMapping("/jira/projects")
    public List<JiraMetadata.ProjectInfo> projects() {
        return jira.projects();
    }

    @GetMapping("/jira/projects/{projectKey}/issue-types")
    public List<JiraMetadata.IssueTypeInfo> issueTypes(@PathVariable String projectKey) {
        return jira.issueTypes(knownProject(projectKey));
    }

    @GetMapping("/jira/projects/{projectKey}/issue-types/{issueTypeId}/fields")
    public List<JiraMetadata.FieldInfo> createFields(@PathVariable String projectKey, @PathVariable String issueTypeId) {
        return jira.createFields(knownProject(projectKey), issueTypeId);
    }

    @GetMapping("/jira/projects/{projectKey}/statuses")
    public List<JiraMetadata.StatusInfo> statuses(@PathVariable String projectKey) {
        return jira.statuses(knownProject(projectKey));
    }

    @GetMapping("/jira/issues/{issueKey}/transitions")
    public List<JiraMetadata.TransitionInfo> transitions(@PathVariable String issueKey) {
        return jira.transitions(issueKey);
    }

    @PostMapping("/refresh")
    public Map<String, Object> refresh() {
        hubspot.refresh();
        jira.refresh();
        return Map.of("refreshed", true);
    }

    private String knownObject(String objectType) {
        return hubspot.object(objectType).map(HubSpotMetadata.ObjectInfo::name)
                .orElseThrow(() -> new NotFoundException("unknown_object", "HubSpot object '" + objectType + "' is not in the catalog."));
    }

    private String knownProject(String projectKey) {
        return jira.project(projectKey).map(JiraMetadata.ProjectInfo::key)
                .orElseThrow(() -> new NotFoundException("unknown_project", "Jira project '" + projectKey + "' does not exist or is not visible."));
    }
}
