package io.hubjira.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hubjira.jira.JiraClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Live Jira metadata for configuring items: projects, issue types per project, create fields per project + issue
 * type (createmeta: required, schema, allowed values), statuses with their categories, and an issue's transitions.
 * Cached with a short TTL (transitions are always live); {@link #refresh()} drops the cache.
 */
@Service
public class JiraMetadata {

    public record ProjectInfo(String id, String key, String name) {}

    public record IssueTypeInfo(String id, String name, boolean subtask) {}

    public record AllowedValue(String id, String value, String name) {
        /** What Jira shows: option "value", or "name" for priorities and the like. */
        public String display() {
            return value != null ? value : name;
        }
    }

    public record FieldSchema(String type, String items, String system, String custom) {}

    public record FieldInfo(String fieldId, String name, boolean required, boolean hasDefaultValue, FieldSchema schema,
                            List<AllowedValue> allowedValues, List<String> operations) {}

    public record StatusInfo(String id, String name, String categoryKey, String categoryName) {}

    public record TransitionInfo(String id, String name, StatusInfo to) {}

    private final JiraClient jira;
    private final Cache<String, List<ProjectInfo>> projectCache;
    private final Cache<String, List<IssueTypeInfo>> issueTypeCache;
    private final Cache<String, List<FieldInfo>> fieldCache;
    private final Cache<String, List<StatusInfo>> statusCache;

    public JiraMetadata(JiraClient jira, @Value("${connector.metadata.cache-ttl:5m}") Duration ttl) {
        this.jira = jira;
        this.projectCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1).build();
        this.issueTypeCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(500).build();
        this.fieldCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(500).build();
        this.statusCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(500).build();
    }

    public void refresh() {
        projectCache.invalidateAll();
        issueTypeCache.invalidateAll();
        fieldCache.invalidateAll();
        statusCache.invalidateAll();
    }

    public List<ProjectInfo> projects() {
        return projectCache.get("projects", k -> loadProjects());
    }

    public Optional<ProjectInfo> project(String keyOrId) {
        return projects().stream().filter(p -> p.key().equals(keyOrId) || p.id().equals(keyOrId)).findFirst();
    }

    public List<IssueTypeInfo> issueTypes(String projectKey) {
        return issueTypeCache.get(projectKey, this::loadIssueTypes);
    }

    public List<FieldInfo> createFields(String projectKey, String issueTypeId) {
        return fieldCache.get(projectKey + "/" + issueTypeId, k -> loadCreateFields(projectKey, issueTypeId));
    }

    public Optional<FieldInfo> createField(String projectKey, String issueTypeId, String fieldId) {
        return createFields(projectKey, issueTypeId).stream().filter(f -> f.fieldId().equals(fieldId)).findFirst();
    }

    /** Every status of the project's workflows (all issue types), each once. */
    public List<StatusInfo> statuses(String projectKey) {
        return statusCache.get(projectKey, this::loadStatuses);
    }

    /** A status of the project by name (case-insensitive) or id. */
    public Optional<StatusInfo> status(String projectKey, String nameOrId) {
        return statuses(projectKey).stream()
                .filter(s -> s.id().equals(nameOrId) || s.name().equalsIgnoreCase(nameOrId))
                .findFirst();
    }

    /** The transitions available to an issue right now (never cached: they depend on the issue's status). */
    public List<TransitionInfo> transitions(String issueKey) {
        JsonNode answer = jira.get("/rest/api/3/issue/" + issueKey + "/transitions", "/rest/api/3/issue/{key}/transitions", Map.of());
        List<TransitionInfo> transitions = new ArrayList<>();
        for (JsonNode t : answer.path("transitions")) {
            transitions.add(new TransitionInfo(t.path("id").asText(), t.path("name").asText(), status(t.path("to"))));
        }
        return transitions;
    }

    // ---- loading ----------------------------------------------------------------------------------------------

    private List<ProjectInfo> loadProjects() {
        List<ProjectInfo> projects = new ArrayList<>();
        int startAt = 0;
        while (true) {
            JsonNode page = jira.get("/rest/api/3/project/search", "/rest/api/3/project/search", Map.of("startAt", startAt, "maxResults", 50));
            for (JsonNode p : page.path("values")) {
                projects.add(new ProjectInfo(p.path("id").asText(), p.path("key").asText(), p.path("name").asText()));
            }
            int size = page.path("values").size();
            if (page.path("isLast").asBoolean(true) || size == 0) {
                return List.copyOf(projects);
            }
            startAt += size;
        }
    }

    private List<IssueTypeInfo> loadIssueTypes(String projectKey) {
        List<IssueTypeInfo> types = new ArrayList<>();
        int startAt = 0;
        while (true) {
            JsonNode page = jira.get("/rest/api/3/issue/createmeta/" + projectKey + "/issuetypes",
                    "/rest/api/3/issue/createmeta/{project}/issuetypes", Map.of("startAt", startAt, "maxResults", 200));
            JsonNode list = page.has("issueTypes") ? page.path("issueTypes") : page.path("createMetaIssueType");
            for (JsonNode t : list) {
                types.add(new IssueTypeInfo(t.path("id").asText(), t.path("name").asText(), t.path("subtask").asBoolean(false)));
            }
            int total = page.path("total").asInt(types.size());
            if (list.isEmpty() || types.size() >= total) {
                return List.copyOf(types);
            }
            startAt = types.size();
        }
    }

    private List<FieldInfo> loadCreateFields(String projectKey, String issueTypeId) {
        List<FieldInfo> fields = new ArrayList<>();
        int startAt = 0;
        while (true) {
            JsonNode page = jira.get("/rest/api/3/issue/createmeta/" + projectKey + "/issuetypes/" + issueTypeId,
                    "/rest/api/3/issue/createmeta/{project}/issuetypes/{issueTypeId}", Map.of("startAt", startAt, "maxResults", 200));
            // the spec declares both "fields" and "results": read whichever is present
            JsonNode list = page.has("fields") ? page.path("fields") : page.path("results");
            for (JsonNode f : list) {
                fields.add(field(f));
            }
            int total = page.path("total").asInt(fields.size());
            if (list.isEmpty() || fields.size() >= total) {
                return List.copyOf(fields);
            }
            startAt = fields.size();
        }
    }

    private List<StatusInfo> loadStatuses(String projectKey) {
        JsonNode answer = jira.get("/rest/api/3/project/" + projectKey + "/statuses", "/rest/api/3/project/{key}/statuses", Map.of());
        Map<String, StatusInfo> unique = new LinkedHashMap<>();
        for (JsonNode issueType : answer) {
            for (JsonNode s : issueType.path("statuses")) {
                unique.putIfAbsent(s.path("id").asText(), status(s));
            }
        }
        return List.copyOf(unique.values());
    }

    private static StatusInfo status(JsonNode s) {
        JsonNode category = s.path("statusCategory");
        return new StatusInfo(s.path("id").asText(), s.path("name").asText(), category.path("key").asText(null), category.path("name").asText(null));
    }

    private static FieldInfo field(JsonNode f) {
        JsonNode schema = f.path("schema");
        List<AllowedValue> allowed = new ArrayList<>();
        for (JsonNode v : f.path("allowedValues")) {
            allowed.add(new AllowedValue(v.path("id").asText(null), v.hasNonNull("value") ? v.get("value").asText() : null,
                    v.hasNonNull("name") ? v.get("name").asText() : null));
        }
        List<String> operations = new ArrayList<>();
        f.path("operations").forEach(o -> operations.add(o.asText()));
        String fieldId = f.hasNonNull("fieldId") ? f.get("fieldId").asText() : f.path("key").asText();
        return new FieldInfo(fieldId, f.path("name").asText(), f.path("required").asBoolean(false),
                f.path("hasDefaultValue").asBoolean(false),
                new FieldSchema(schema.path("type").asText(null), schema.path("items").asText(null),
                        schema.path("system").asText(null), schema.path("custom").asText(null)),
                List.copyOf(allowed), List.copyOf(operations));
    }
}
