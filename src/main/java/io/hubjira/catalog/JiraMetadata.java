package io.hubjira.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.jira.CreateMetaField;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.StatusRef;
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
    private final Cache<String, Optional<io.hubjira.jira.JiraWorkflow>> workflowCache;

    public JiraMetadata(JiraClient jira, ConnectorProperties props) {
        this.jira = jira;
        Duration ttl = props.metadata().cacheTtl();
        this.projectCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1).build();
        this.issueTypeCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(500).build();
        this.fieldCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(500).build();
        this.statusCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(500).build();
        this.workflowCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(500).build();
    }

    /** A new (or no) credential: metadata read with the earlier one no longer holds. */
    @org.springframework.context.event.EventListener
    public void connectionChanged(io.hubjira.jira.JiraCredentialsChanged changed) {
        refresh();
    }

    public void refresh() {
        projectCache.invalidateAll();
        issueTypeCache.invalidateAll();
        fieldCache.invalidateAll();
        statusCache.invalidateAll();
        workflowCache.invalidateAll();
    }

    /** Why Jira refuses this JQL within the project (empty when it takes it): one search of at most one issue. */
    public Optional<String> jqlProblem(String projectKey, String jql) {
        try {
            jira.search(io.hubjira.jira.Jql.projectIs(projectKey).and(jql), List.of("id"), 1, null, List.of());
            return Optional.empty();
        } catch (io.hubjira.http.ApiException e) {
            if (e.status() == 400) {
                return Optional.of(e.getMessage());
            }
            throw e;
        }
    }

    /** Whether Jira has a user with this account id (not cached: asked at save time only). */
    public boolean userExists(String accountId) {
        return jira.user(accountId).isPresent();
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

    /**
     * The workflow of the project's issues of this type, when the connector's account may read it (empty otherwise,
     * remembered as long as the rest of the metadata, so a refused read is not asked again for every move).
     */
    public Optional<io.hubjira.jira.JiraWorkflow> workflow(String projectKey, String issueTypeId) {
        return workflowCache.get(projectKey + "/" + issueTypeId,
                k -> project(projectKey).flatMap(p -> jira.workflow(p.id(), issueTypeId)));
    }

    /** A workflow that turned out not to match the issue (a transition it names was refused): read it again next time. */
    public void forgetWorkflow(String projectKey, String issueTypeId) {
        workflowCache.invalidate(projectKey + "/" + issueTypeId);
    }

    /** The transitions available to an issue right now (never cached: they depend on the issue's status). */
    public List<TransitionInfo> transitions(String issueKey) {
        return jira.transitions(issueKey).stream().map(t -> new TransitionInfo(t.id(), t.name(), status(t.to()))).toList();
    }

    // ---- loading ----------------------------------------------------------------------------------------------

    private List<ProjectInfo> loadProjects() {
        return jira.projects().stream().map(p -> new ProjectInfo(p.id(), p.key(), p.name())).toList();
    }

    private List<IssueTypeInfo> loadIssueTypes(String projectKey) {
        return jira.issueTypes(projectKey).stream().map(t -> new IssueTypeInfo(t.id(), t.name(), t.subtask())).toList();
    }

    private List<FieldInfo> loadCreateFields(String projectKey, String issueTypeId) {
        return jira.createFields(projectKey, issueTypeId).stream().map(JiraMetadata::field).toList();
    }

    private List<StatusInfo> loadStatuses(String projectKey) {
        return jira.projectStatuses(projectKey).stream().map(JiraMetadata::status).toList();
    }

    static StatusInfo status(StatusRef s) {
        return s == null ? null : new StatusInfo(s.id(), s.name(), s.categoryKey(), s.categoryName());
    }

    private static FieldInfo field(CreateMetaField f) {
        CreateMetaField.Schema schema = f.schema() == null ? new CreateMetaField.Schema(null, null, null, null) : f.schema();
        return new FieldInfo(f.id(), f.name(), f.required(), f.hasDefaultValue(),
                new FieldSchema(schema.type(), schema.items(), schema.system(), schema.custom()),
                f.allowedValues().stream().map(v -> new AllowedValue(v.id(), v.value(), v.name())).toList(), f.operations());
    }
}
