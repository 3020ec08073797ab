package io.hubjira.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.catalog.HubSpotMetadata;
import io.hubjira.catalog.HubSpotObjectCatalog.Module;
import io.hubjira.catalog.JiraMetadata;
import io.hubjira.connection.ConnectionScopes;
import io.hubjira.connection.ConnectionStore;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.JiraConnection;
import io.hubjira.failure.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API: the HubSpot object catalog and live HubSpot/Jira metadata used to configure Smart Connected Items, each
 * from the connection {@code ?hubspot=} or {@code ?jira=} names (an id or a name; optional while the list holds one
 * connection, see {@link ConnectionChoice}).
 */
@RestController
@RequestMapping("/api/catalog")
public class CatalogController {

    static final String HUBSPOT = ConnectionChoice.HUBSPOT_PARAM;
    static final String JIRA = ConnectionChoice.JIRA_PARAM;

    private final ConnectionChoice choice;
    private final ConnectionStore store;
    private final ConnectionScopes scopes;

    public CatalogController(ConnectionChoice choice, ConnectionStore store, ConnectionScopes scopes) {
        this.choice = choice;
        this.store = store;
        this.scopes = scopes;
    }

    /** Modules (object groups) with their objects, custom objects included; unreadable objects carry the missing scopes. */
    @GetMapping("/hubspot/modules")
    public List<Map<String, Object>> modules(@RequestParam(name = HUBSPOT, required = false) String hubspot) {
        List<HubSpotMetadata.ObjectInfo> objects = hubspot(hubspot).catalog();
        return java.util.Arrays.stream(Module.values()).map(module -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("module", module.name());
            m.put("label", module.label());
            m.put("objects", objects.stream().filter(o -> o.module().equals(module.name())).toList());
            return m;
        }).toList();
    }

    @GetMapping("/hubspot/objects/{objectType}/properties")
    public List<HubSpotMetadata.PropertyInfo> properties(@PathVariable String objectType,
                                                         @RequestParam(name = HUBSPOT, required = false) String hubspot) {
        HubSpotMetadata metadata = hubspot(hubspot);
        return metadata.properties(knownObject(metadata, objectType));
    }

    /** The object's status-like field (pipeline + stage property) with pipelines and stages, and its display property. */
    @GetMapping("/hubspot/objects/{objectType}")
    public Map<String, Object> object(@PathVariable String objectType, @RequestParam(name = HUBSPOT, required = false) String hubspot) {
        HubSpotMetadata metadata = hubspot(hubspot);
        String type = knownObject(metadata, objectType);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("object", metadata.object(type).orElseThrow());
        answer.put("primaryDisplayProperty", metadata.primaryDisplayProperty(type));
        answer.put("statusField", metadata.statusField(type).orElse(null));
        return answer;
    }

    @GetMapping("/jira/projects")
    public List<JiraMetadata.ProjectInfo> projects(@RequestParam(name = JIRA, required = false) String jira) {
        return jira(jira).projects();
    }

    @GetMapping("/jira/projects/{projectKey}/issue-types")
    public List<JiraMetadata.IssueTypeInfo> issueTypes(@PathVariable String projectKey, @RequestParam(name = JIRA, required = false) String jira) {
        JiraMetadata metadata = jira(jira);
        return metadata.issueTypes(knownProject(metadata, projectKey));
    }

    @GetMapping("/jira/projects/{projectKey}/issue-types/{issueTypeId}/fields")
    public List<JiraMetadata.FieldInfo> createFields(@PathVariable String projectKey, @PathVariable String issueTypeId,
                                                     @RequestParam(name = JIRA, required = false) String jira) {
        JiraMetadata metadata = jira(jira);
        return metadata.createFields(knownProject(metadata, projectKey), issueTypeId);
    }

    @GetMapping("/jira/projects/{projectKey}/statuses")
    public List<JiraMetadata.StatusInfo> statuses(@PathVariable String projectKey, @RequestParam(name = JIRA, required = false) String jira) {
        JiraMetadata metadata = jira(jira);
        return metadata.statuses(knownProject(metadata, projectKey));
    }

    @GetMapping("/jira/issues/{issueKey}/transitions")
    public List<JiraMetadata.TransitionInfo> transitions(@PathVariable String issueKey, @RequestParam(name = JIRA, required = false) String jira) {
        return jira(jira).transitions(issueKey);
    }

    /** Reads the named connections' metadata again on next use; without a parameter, every active connection's. */
    @PostMapping("/refresh")
    public Map<String, Object> refresh(@RequestParam(name = HUBSPOT, required = false) String hubspot,
                                       @RequestParam(name = JIRA, required = false) String jira) {
        boolean all = blank(hubspot) && blank(jira);
        if (all) {
            store.hubSpotConnections().stream().filter(HubSpotConnection::active).forEach(c -> scopes.hubspot(c.id()).metadata().refresh());
            store.jiraConnections().stream().filter(JiraConnection::active).forEach(c -> scopes.jira(c.id()).metadata().refresh());
        } else {
            if (!blank(hubspot)) {
                hubspot(hubspot).refresh();
            }
            if (!blank(jira)) {
                jira(jira).refresh();
            }
        }
        return Map.of("refreshed", true);
    }

    private HubSpotMetadata hubspot(String chosen) {
        return choice.hubspot(chosen).metadata();
    }

    private JiraMetadata jira(String chosen) {
        return choice.jira(chosen).metadata();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String knownObject(HubSpotMetadata metadata, String objectType) {
        return metadata.object(objectType).map(HubSpotMetadata.ObjectInfo::name)
                .orElseThrow(() -> new NotFoundException("unknown_object", "HubSpot object '" + objectType + "' is not in the catalog."));
    }

    private static String knownProject(JiraMetadata metadata, String projectKey) {
        return metadata.project(projectKey).map(JiraMetadata.ProjectInfo::key)
                .orElseThrow(() -> new NotFoundException("unknown_project", "Jira project '" + projectKey + "' does not exist or is not visible."));
    }
}
