package io.hubjira.sandbox.jira;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.sandbox.jira.JiraSandbox.FieldDef;
import io.hubjira.sandbox.jira.JiraSandbox.Issue;
import io.hubjira.sandbox.jira.JiraSandbox.Status;
import io.hubjira.sandbox.jira.JiraSandbox.User;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The simulated Jira Cloud platform REST API v3 under /sandbox/jira: users, projects, issue types, create metadata,
 * fields, statuses, priorities, issues (create, bulk create, get, edit, delete), transitions, comments, attachments,
 * issue properties and enhanced JQL search. Basic auth with email + API token; Jira's error bodies.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/jira/rest/api/3")
public class JiraSimulatorController {

    private final JiraSandbox state;
    private final ObjectMapper json;
    private final long maxAttachmentBytes;
    private final io.hubjira.sandbox.SandboxFaults faults;

    public JiraSimulatorController(JiraSandbox state, ObjectMapper json, io.hubjira.sandbox.SandboxFaults faults,
                                   @org.springframework.beans.factory.annotation.Value("${connector.sandbox.jira.max-attachment-bytes:104857600}") long maxAttachmentBytes) {
        this.faults = faults;
        this.state = state;
        this.json = json;
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    @ExceptionHandler(JiraError.class)
    ResponseEntity<Map<String, Object>> error(JiraError e) {
        state.stopActing();
        return ResponseEntity.status(e.status).contentType(MediaType.APPLICATION_JSON).body(e.body());
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(Exception e) {
        return error(JiraError.of(400, "Unexpected character in the request body: not valid JSON."));
    }

    private final java.util.concurrent.atomic.AtomicLong remoteLinkIds = new java.util.concurrent.atomic.AtomicLong();

    // ---- auth ------------------------------------------------------------------------------------------------------

    private User auth(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                User u = state.user(decoded.substring(0, colon)).orElse(null);
                if (u != null && u.apiToken().equals(decoded.substring(colon + 1))) {
                    state.actAs(u);
                    return u;
                }
            }
        }
        throw JiraError.of(401, "You are not authenticated. Authentication required to perform this operation.");
    }

    private static String base(HttpServletRequest request) {
        String url = request.getRequestURL().toString();
        return url.substring(0, url.indexOf("/sandbox/jira") + "/sandbox/jira".length());
    }

    private Issue issue(String idOrKey) {
        return state.issue(idOrKey).orElseThrow(JiraError::issueNotFound);
    }

    // ---- users -------------------------------------------------------------------------------------------------------

    @GetMapping("/myself")
    public ObjectNode myself(HttpServletRequest request) {
        return state.userJson(auth(request), base(request));
    }

    @GetMapping("/user")
    public ObjectNode user(HttpServletRequest request, @RequestParam String accountId) {
        auth(request);
        return state.userJson(state.userById(accountId).orElseThrow(() -> JiraError.of(404, "Specified user does not exist or you do not have required permissions")), base(request));
    }

    @GetMapping("/user/search")
    public List<ObjectNode> userSearch(HttpServletRequest request, @RequestParam(required = false) String query) {
        auth(request);
        String q = query == null ? "" : query.toLowerCase();
        return state.usersByEmail.values().stream().filter(u -> u.email().toLowerCase().contains(q) || u.displayName().toLowerCase().contains(q))
                .map(u -> state.userJson(u, base(request))).toList();
    }

    // ---- permissions -------------------------------------------------------------------------------------------------

    /**
     * Get bulk permissions, as the spec has it: the global permissions asked for that the user holds, and per project
     * permission the asked projects and issues (ids) the user holds it in; unknown ids are ignored, unknown permission
     * keys, an empty permission list, unknown fields, more than 1,000 ids or an unknown account are 400; another
     * user's permissions only for a caller with Administer Jira (403 otherwise). A permission nothing is granted for
     * is left out of the answer.
     */
    @PostMapping("/permissions/check")
    public ObjectNode bulkPermissions(HttpServletRequest request, @RequestBody JsonNode body) {
        User caller = auth(request);
        Set<String> known = Set.of("accountId", "globalPermissions", "projectPermissions");
        body.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw JiraError.of(400, "Unrecognized field \"" + f + "\" (class com.atlassian.jira.rest.v2.permission.BulkPermissionsRequestBean),"
                        + " not marked as ignorable");
            }
        });
        User user = caller;
        if (body.hasNonNull("accountId")) {
            user = state.userById(body.get("accountId").asText())
                    .orElseThrow(() -> JiraError.fields(Map.of("accountId", "The accountId is invalid.")));
            if (!user.accountId().equals(caller.accountId()) && !state.administrators.contains(caller.accountId())) {
                throw JiraError.of(403, "Only Jira administrators can perform this operation.");
            }
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode global = out.putArray("globalPermissions");
        for (JsonNode g : body.path("globalPermissions")) {
            if (!JiraSandbox.GLOBAL_PERMISSIONS.contains(g.asText())) {
                throw JiraError.fields(Map.of(g.asText(), "Unrecognized permission"));
            }
            if (g.asText().equals("ADMINISTER") && state.administrators.contains(user.accountId())) {
                global.add(g.asText());
            }
        }
        ArrayNode projectGrants = out.putArray("projectPermissions");
        for (JsonNode entry : body.path("projectPermissions")) {
            List<String> permissions = new ArrayList<>();
            entry.path("permissions").forEach(p -> {
                if (!p.asText().isEmpty()) {
                    permissions.add(p.asText());
                }
            });
            if (permissions.isEmpty()) {
                throw JiraError.of(400, "At least one project permission is required.");
            }
            if (entry.path("projects").size() > 1000 || entry.path("issues").size() > 1000) {
                throw JiraError.of(400, "A maximum of 1000 projects and 1000 issues can be checked.");
            }
            for (String permission : permissions) {
                if (!JiraSandbox.PROJECT_PERMISSIONS.contains(permission)) {
                    throw JiraError.fields(Map.of(permission, "Unrecognized permission"));
                }
                ArrayNode projects = json.createArrayNode();
                ArrayNode issues = json.createArrayNode();
                for (JsonNode id : entry.path("projects")) {
                    JiraSandbox.Project project = state.project(id.asText()).orElse(null);
                    if (project != null && state.has(user.accountId(), project.key(), permission)) {
                        projects.add(Long.parseLong(project.id()));
                    }
                }
                for (JsonNode id : entry.path("issues")) {
                    Issue issue = state.issues.get(id.asText());
                    if (issue != null && !issue.deleted && state.has(user.accountId(), issue.projectKey, permission)) {
                        issues.add(Long.parseLong(issue.id));
                    }
                }
                if (!projects.isEmpty() || !issues.isEmpty()) {
                    ObjectNode grant = projectGrants.addObject();
                    grant.put("permission", permission);
                    grant.set("issues", issues);
                    grant.set("projects", projects);
                }
            }
        }
        state.stopActing();
        return out;
    }

    // ---- projects and metadata ---------------------------------------------------------------------------------------

    @GetMapping("/project/search")
    public ObjectNode projectSearch(HttpServletRequest request, @RequestParam(defaultValue = "0") int startAt,
                                    @RequestParam(defaultValue = "50") int maxResults, @RequestParam(required = false) List<String> keys) {
        auth(request);
        List<JiraSandbox.Project> all = state.projects.values().stream().filter(p -> keys == null || keys.contains(p.key())).toList();
        ObjectNode page = json.createObjectNode();
        page.put("self", base(request) + "/rest/api/3/project/search");
        page.put("maxResults", maxResults);
        page.put("startAt", startAt);
        page.put("total", all.size());
        page.put("isLast", startAt + maxResults >= all.size());
        ArrayNode values = page.putArray("values");
        all.stream().skip(startAt).limit(maxResults).forEach(p -> values.add(projectJson(p, base(request), false)));
        return page;
    }

    @GetMapping("/project/{projectIdOrKey}")
    public ObjectNode project(HttpServletRequest request, @PathVariable String projectIdOrKey) {
        auth(request);
        return projectJson(state.project(projectIdOrKey).orElseThrow(() -> JiraError.of(404, "No project could be found with key '" + projectIdOrKey + "'.")),
                base(request), true);
    }

    @GetMapping("/project/{projectIdOrKey}/statuses")
    public ArrayNode projectStatuses(HttpServletRequest request, @PathVariable String projectIdOrKey) {
        auth(request);
        JiraSandbox.Project p = state.project(projectIdOrKey).orElseThrow(() -> JiraError.of(404, "No project could be found with key '" + projectIdOrKey + "'."));
        ArrayNode out = json.createArrayNode();
        for (String[] t : state.issueTypes.get(p.key())) {
            ObjectNode type = out.addObject();
            type.put("self", base(request) + "/rest/api/3/issuetype/" + t[0]);
            type.put("id", t[0]);
            type.put("name", t[1]);
            type.put("subtask", false);
            ArrayNode statuses = type.putArray("statuses");
            JiraSandbox.STATUSES.values().forEach(s -> statuses.add(state.statusJson(s, base(request))));
        }
        return out;
    }

    /**
     * Bulk get workflows, as the spec has it: the body names projects and issue types (or workflow ids or names; unknown
     * fields are 400); the site has one company-managed (GLOBAL) workflow for every project and issue type, which only a
     * caller with Administer Jira may read — anyone else gets 401, the status the spec gives for missing permissions.
     * Each transition carries the id an issue's transition list shows; statuses are referenced by their ids.
     */
    @PostMapping("/workflows")
    public ObjectNode workflows(HttpServletRequest request, @RequestBody JsonNode body) {
        User caller = auth(request);
        state.stopActing();
        java.util.Set<String> known = java.util.Set.of("projectAndIssueTypes", "workflowIds", "workflowNames");
        body.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw JiraError.of(400, "Unrecognized field \"" + f + "\" (class WorkflowReadRequest), not marked as ignorable");
            }
        });
        for (JsonNode pair : body.path("projectAndIssueTypes")) {
            String projectId = pair.path("projectId").asText("");
            String issueTypeId = pair.path("issueTypeId").asText("");
            JiraSandbox.Project project = state.projects.values().stream().filter(p -> p.id().equals(projectId)).findFirst()
                    .orElseThrow(() -> JiraError.of(400, "The project with ID '" + projectId + "' was not found."));
            if (state.issueTypes.get(project.key()).stream().noneMatch(t -> t[0].equals(issueTypeId))) {
                throw JiraError.of(400, "The issue type with ID '" + issueTypeId + "' is not used in project " + project.key() + ".");
            }
        }
        if (!state.administrators.contains(caller.accountId())) {
            throw JiraError.of(401, "You are not authorized to perform this action. Administrator privileges are required.");
        }
        ObjectNode answer = json.createObjectNode();
        ArrayNode statuses = answer.putArray("statuses");
        JiraSandbox.STATUSES.values().forEach(st -> {
            ObjectNode n = statuses.addObject();
            n.put("description", "");
            n.put("id", st.id());
            n.put("name", st.name());
            n.putObject("scope").put("type", "GLOBAL");
            n.put("statusCategory", switch (st.categoryKey()) {
                case "new" -> "TODO";
                case "done" -> "DONE";
                default -> "IN_PROGRESS";
            });
            n.put("statusReference", st.id());
        });
        ArrayNode workflows = answer.putArray("workflows");
        boolean asked = body.path("projectAndIssueTypes").size() > 0
                || java.util.stream.StreamSupport.stream(body.path("workflowNames").spliterator(), false).anyMatch(n -> n.asText().equals(WORKFLOW_NAME))
                || java.util.stream.StreamSupport.stream(body.path("workflowIds").spliterator(), false).anyMatch(n -> n.asText().equals(WORKFLOW_ID));
        if (!asked) {
            return answer;
        }
        ObjectNode w = workflows.addObject();
        w.put("description", "The workflow of every project and issue type of the simulated site");
        w.put("id", WORKFLOW_ID);
        w.put("isEditable", true);
        w.put("name", WORKFLOW_NAME);
        w.putObject("scope").put("type", "GLOBAL");
        w.putObject("startPointLayout").put("x", -100.0).put("y", -150.0);
        ArrayNode used = w.putArray("statuses");
        int x = 0;
        for (JiraSandbox.Status st : JiraSandbox.STATUSES.values()) {
            ObjectNode u = used.addObject();
            u.put("deprecated", false);
            u.putObject("layout").put("x", (x += 200)).put("y", 0.0);
            u.putObject("properties");
            u.put("statusReference", st.id());
        }
        ArrayNode transitions = w.putArray("transitions");
        ObjectNode create = transitions.addObject();
        create.putArray("actions");
        create.put("description", "");
        create.put("id", "1");
        create.putArray("links");
        create.put("name", "Create");
        create.putObject("properties");
        create.put("toStatusReference", "10000");
        create.putArray("triggers");
        create.put("type", "INITIAL");
        create.putArray("validators");
        for (JiraSandbox.Transition t : state.transitions()) {
            ObjectNode n = transitions.addObject();
            n.putArray("actions");
            n.put("description", "");
            n.put("id", t.id());
            n.putArray("links").addObject().put("fromPort", 0).put("fromStatusReference", t.from()).put("toPort", 1);
            n.put("name", t.name());
            n.putObject("properties");
            n.put("toStatusReference", t.to());
            n.putArray("triggers");
            n.put("type", "DIRECTED");
            n.putArray("validators");
        }
        w.putObject("version").put("id", "f010ac1b-3dd3-43a3-aa66-0ee8a447f76e").put("versionNumber", 0);
        return answer;
    }

    static final String WORKFLOW_ID = "b9ff2384-d3b6-4d4e-9509-3ee19f607168";
    static final String WORKFLOW_NAME = "Simulated site workflow";

    @GetMapping("/issuetype")
    public ArrayNode issueTypes(HttpServletRequest request) {
        auth(request);
        ArrayNode out = json.createArrayNode();
        state.issueTypes.values().stream().findFirst().orElse(List.of()).forEach(t -> out.add(issueTypeJson(t, base(request))));
        return out;
    }

    @GetMapping("/issue/createmeta/{projectIdOrKey}/issuetypes")
    public ObjectNode createMetaTypes(HttpServletRequest request, @PathVariable String projectIdOrKey,
                                      @RequestParam(defaultValue = "0") int startAt, @RequestParam(defaultValue = "50") int maxResults) {
        auth(request);
        JiraSandbox.Project p = state.project(projectIdOrKey).orElseThrow(() -> JiraError.of(404, "No project could be found with key '" + projectIdOrKey + "'."));
        List<String[]> types = state.issueTypes.get(p.key());
        ObjectNode page = json.createObjectNode();
        ArrayNode list = page.putArray("issueTypes");
        types.stream().skip(startAt).limit(maxResults).forEach(t -> list.add(issueTypeJson(t, base(request))));
        page.put("maxResults", maxResults);
        page.put("startAt", startAt);
        page.put("total", types.size());
        return page;
    }

    @GetMapping("/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}")
    public ObjectNode createMetaFields(HttpServletRequest request, @PathVariable String projectIdOrKey, @PathVariable String issueTypeId,
                                       @RequestParam(defaultValue = "0") int startAt, @RequestParam(defaultValue = "50") int maxResults) {
        auth(request);
        JiraSandbox.Project p = state.project(projectIdOrKey).orElseThrow(() -> JiraError.of(404, "No project could be found with key '" + projectIdOrKey + "'."));
        if (state.issueTypes.get(p.key()).stream().noneMatch(t -> t[0].equals(issueTypeId))) {
            throw JiraError.of(404, "Issue type with id '" + issueTypeId + "' does not exist or is not valid for project '" + p.key() + "'.");
        }
        List<ObjectNode> all = new ArrayList<>();
        all.add(fieldMeta("issuetype", "Issue Type", "issuetype", null, "issuetype", null, true, List.of()));
        all.add(fieldMeta("project", "Project", "project", null, "project", null, true, List.of()));
        all.add(fieldMeta("reporter", "Reporter", "user", null, "reporter", null, true, List.of()).put("hasDefaultValue", true));
        for (FieldDef f : state.fieldsFor(issueTypeId)) {
            all.add(fieldMeta(f.id(), f.name(), f.type(), f.items(), f.system(), f.custom(), f.required(), f.allowedValues()));
        }
        ObjectNode page = json.createObjectNode();
        ArrayNode fields = page.putArray("fields");
        all.stream().skip(startAt).limit(maxResults).forEach(fields::add);
        page.put("maxResults", maxResults);
        page.put("startAt", startAt);
        page.put("total", all.size());
        return page;
    }

    @GetMapping("/field")
    public ArrayNode fields(HttpServletRequest request) {
        auth(request);
        ArrayNode out = json.createArrayNode();
        for (FieldDef f : state.fields) {
            ObjectNode n = out.addObject();
            n.put("id", f.id());
            n.put("key", f.id());
            n.put("name", f.name());
            n.put("custom", f.custom() != null);
            n.put("orderable", true);
            n.put("navigable", true);
            n.put("searchable", true);
            n.set("schema", schema(f.type(), f.items(), f.system(), f.custom()));
        }
        return out;
    }

    @GetMapping("/status")
    public ArrayNode statuses(HttpServletRequest request) {
        auth(request);
        ArrayNode out = json.createArrayNode();
        JiraSandbox.STATUSES.values().forEach(s -> out.add(state.statusJson(s, base(request))));
        return out;
    }

    @GetMapping("/statuscategory")
    public ArrayNode statusCategories(HttpServletRequest request) {
        auth(request);
        ArrayNode out = json.createArrayNode();
        String[][] cats = {{"1", "undefined", "No Category", "medium-gray"}, {"2", "new", "To Do", "blue-gray"},
                {"4", "indeterminate", "In Progress", "yellow"}, {"3", "done", "Done", "green"}};
        for (String[] c : cats) {
            out.addObject().put("self", base(request) + "/rest/api/3/statuscategory/" + c[0]).put("id", Integer.parseInt(c[0]))
                    .put("key", c[1]).put("colorName", c[3]).put("name", c[2]);
        }
        return out;
    }

    @GetMapping("/priority")
    public ArrayNode priorities(HttpServletRequest request) {
        auth(request);
        ArrayNode out = json.createArrayNode();
        String[] names = {"Highest", "High", "Medium", "Low", "Lowest"};
        for (int i = 0; i < names.length; i++) {
            out.addObject().put("self", base(request) + "/rest/api/3/priority/" + (i + 1)).put("id", String.valueOf(i + 1))
                    .put("name", names[i]).put("iconUrl", base(request) + "/images/icons/priorities/" + names[i].toLowerCase() + ".svg")
                    .put("statusColor", "#cccccc").put("description", names[i]);
        }
        return out;
    }

    // ---- issues ----------------------------------------------------------------------------------------------------------

    @PostMapping("/issue")
    public ResponseEntity<ObjectNode> create(HttpServletRequest request, @RequestBody JsonNode body) {
        auth(request);
        try {
            Issue issue = JiraIssues.create(state, body);
            ObjectNode created = json.createObjectNode().put("id", issue.id).put("key", issue.key)
                    .put("self", base(request) + "/rest/api/3/issue/" + issue.id);
            return ResponseEntity.status(HttpStatus.CREATED).body(created);
        } finally {
            state.stopActing();
        }
    }

    @PostMapping("/issue/bulk")
    public ResponseEntity<ObjectNode> bulkCreate(HttpServletRequest request, @RequestBody JsonNode body) {
        auth(request);
        try {
            JsonNode updates = body.path("issueUpdates");
            if (updates.size() > 50) {
                throw JiraError.of(400, "The number of issues in the bulk request exceeds the limit of 50.");
            }
            ObjectNode answer = json.createObjectNode();
            List<ObjectNode> created = new ArrayList<>();
            ArrayNode errors = answer.putArray("errors");
            for (int i = 0; i < updates.size(); i++) {
                try {
                    var fault = faults.batchInputFails("jira", updates.get(i).toString());
                    if (fault.isPresent()) {
                        // a test's chosen element fails on its own (not created), as a refused field would
                        throw new JiraError(fault.get().status(), List.of(), Map.of("summary", fault.get().message()));
                    }
                    Issue issue = JiraIssues.create(state, updates.get(i));
                    created.add(json.createObjectNode().put("id", issue.id).put("key", issue.key)
                            .put("self", base(request) + "/rest/api/3/issue/" + issue.id));
                } catch (JiraError e) {
                    ObjectNode err = errors.addObject();
                    err.put("status", e.status);
                    err.set("elementErrors", json.valueToTree(e.body()));
                    err.put("failedElementNumber", i);
                }
            }
            // Jira does not say which element each issue came from, nor promise the elements' order
            answer.putArray("issues").addAll(faults.shuffled(created));
            return ResponseEntity.status(errors.isEmpty() ? 201 : created.isEmpty() ? 400 : 201).body(answer);
        } finally {
            state.stopActing();
        }
    }

    /**
     * Bulk fetch: up to 100 issues by id or key, read directly (never lagging like search), in ascending id order. Issues
     * that do not exist are left out silently; an issue a test chose to fail is named in {@code issueErrors}.
     */
    @PostMapping("/issue/bulkfetch")
    public ObjectNode bulkFetch(HttpServletRequest request, @RequestBody JsonNode body) {
        auth(request);
        state.stopActing();
        JsonNode requested = body.path("issueIdsOrKeys");
        if (!requested.isArray() || requested.isEmpty()) {
            throw new JiraError(400, List.of(), Map.of("issueIdsOrKeys", "You must provide at least one issue ID or key."));
        }
        if (requested.size() > 100) {
            throw JiraError.of(400, "The number of issues in the request exceeds the limit of 100.");
        }
        List<String> fields = null;
        if (body.path("fields").isArray()) {
            fields = new ArrayList<>();
            for (JsonNode f : body.get("fields")) {
                fields.add(f.asText());
            }
        }
        String expand = body.path("expand").isArray() ? String.join(",", json.convertValue(body.get("expand"), List.class)) : null;
        java.util.TreeMap<Long, Issue> found = new java.util.TreeMap<>();
        ObjectNode answer = json.createObjectNode();
        ArrayNode issueErrors = json.createArrayNode();
        for (JsonNode idOrKey : requested) {
            var issue = state.issue(idOrKey.asText());
            if (issue.isEmpty()) {
                continue;
            }
            var fault = faults.batchInputFails("jira", "{\"bulkfetch\":\"" + issue.get().id + "\"}");
            if (fault.isPresent()) {
                issueErrors.addObject().put("id", issue.get().id).put("errorMessage", fault.get().message());
            } else {
                found.put(Long.parseLong(issue.get().id), issue.get());
            }
        }
        ArrayNode issues = answer.putArray("issues");
        List<String> wanted = fields == null || fields.isEmpty() ? List.of("*navigable") : fields;
        found.values().forEach(i -> issues.add(issueJson(i, base(request), wanted, expand)));
        answer.set("issueErrors", issueErrors);
        return answer;
    }

    @GetMapping("/issue/{issueIdOrKey}")
    public ObjectNode get(HttpServletRequest request, @PathVariable String issueIdOrKey, @RequestParam(required = false) List<String> fields,
                          @RequestParam(required = false) String expand) {
        auth(request);
        state.stopActing();
        return issueJson(issue(issueIdOrKey), base(request), fields, expand);
    }

    @PutMapping("/issue/{issueIdOrKey}")
    public ResponseEntity<Void> edit(HttpServletRequest request, @PathVariable String issueIdOrKey, @RequestBody JsonNode body) {
        auth(request);
        try {
            JiraIssues.edit(state, issue(issueIdOrKey), body);
            return ResponseEntity.noContent().build();
        } finally {
            state.stopActing();
        }
    }

    @DeleteMapping("/issue/{issueIdOrKey}")
    public ResponseEntity<Void> delete(HttpServletRequest request, @PathVariable String issueIdOrKey) {
        auth(request);
        Issue issue = issue(issueIdOrKey);
        issue.deleted = true;
        state.fire("jira:issue_deleted", issue, null, null, "issue_deleted");
        state.stopActing();
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/issue/{issueIdOrKey}/transitions")
    public ObjectNode transitions(HttpServletRequest request, @PathVariable String issueIdOrKey) {
        auth(request);
        state.stopActing();
        Issue issue = issue(issueIdOrKey);
        ObjectNode answer = json.createObjectNode();
        ArrayNode list = answer.putArray("transitions");
        state.transitions().stream().filter(t -> t.from().equals(issue.statusId)).forEach(t -> {
            ObjectNode n = list.addObject();
            n.put("id", t.id());
            n.put("name", t.name());
            n.set("to", state.statusJson(JiraSandbox.STATUSES.get(t.to()), base(request)));
            n.put("hasScreen", false);
            n.put("isGlobal", false);
            n.put("isInitial", false);
            n.put("isAvailable", true);
            n.put("isConditional", false);
            n.put("isLooped", false);
        });
        return answer;
    }

    @PostMapping("/issue/{issueIdOrKey}/transitions")
    public ResponseEntity<Void> transition(HttpServletRequest request, @PathVariable String issueIdOrKey, @RequestBody JsonNode body) {
        auth(request);
        try {
            JiraIssues.transition(state, issue(issueIdOrKey), body.path("transition").path("id").asText(""));
            return ResponseEntity.noContent().build();
        } finally {
            state.stopActing();
        }
    }

    // ---- comments --------------------------------------------------------------------------------------------------------

    @GetMapping("/issue/{issueIdOrKey}/comment")
    public ObjectNode comments(HttpServletRequest request, @PathVariable String issueIdOrKey,
                               @RequestParam(defaultValue = "0") int startAt, @RequestParam(defaultValue = "5000") int maxResults) {
        auth(request);
        state.stopActing();
        Issue issue = issue(issueIdOrKey);
        ObjectNode page = json.createObjectNode();
        page.put("startAt", startAt);
        page.put("maxResults", maxResults);
        page.put("total", issue.comments.size());
        ArrayNode list = page.putArray("comments");
        issue.comments.stream().skip(startAt).limit(maxResults).forEach(list::add);
        return page;
    }

    @PostMapping("/issue/{issueIdOrKey}/comment")
    public ResponseEntity<ObjectNode> addComment(HttpServletRequest request, @PathVariable String issueIdOrKey, @RequestBody JsonNode body) {
        auth(request);
        try {
            return ResponseEntity.status(HttpStatus.CREATED).body(JiraIssues.addComment(state, issue(issueIdOrKey), body.path("body"), base(request)));
        } finally {
            state.stopActing();
        }
    }

    @GetMapping("/issue/{issueIdOrKey}/comment/{id}")
    public ObjectNode comment(HttpServletRequest request, @PathVariable String issueIdOrKey, @PathVariable String id) {
        auth(request);
        state.stopActing();
        return issue(issueIdOrKey).comments.stream().filter(c -> c.path("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> JiraError.of(404, "Can not find a comment for the id: " + id + "."));
    }

    @PutMapping("/issue/{issueIdOrKey}/comment/{id}")
    public ObjectNode updateComment(HttpServletRequest request, @PathVariable String issueIdOrKey, @PathVariable String id, @RequestBody JsonNode body) {
        auth(request);
        try {
            return JiraIssues.updateComment(state, issue(issueIdOrKey), id, body.path("body"), base(request));
        } finally {
            state.stopActing();
        }
    }

    @DeleteMapping("/issue/{issueIdOrKey}/comment/{id}")
    public ResponseEntity<Void> deleteComment(HttpServletRequest request, @PathVariable String issueIdOrKey, @PathVariable String id) {
        auth(request);
        try {
            JiraIssues.deleteComment(state, issue(issueIdOrKey), id);
            return ResponseEntity.noContent().build();
        } finally {
            state.stopActing();
        }
    }

    // ---- attachments --------------------------------------------------------------------------------------------------------

    @PostMapping("/issue/{issueIdOrKey}/attachments")
    public ResponseEntity<ArrayNode> attach(HttpServletRequest request, @PathVariable String issueIdOrKey) throws Exception {
        auth(request);
        try {
            if (!"no-check".equalsIgnoreCase(request.getHeader("X-Atlassian-Token"))) {
                return ResponseEntity.status(403).contentType(MediaType.TEXT_PLAIN).body(null);
            }
            Issue issue = issue(issueIdOrKey);
            if (!(request instanceof MultipartHttpServletRequest multipart)) {
                throw JiraError.of(415, "Attachments must be sent as multipart/form-data with a part named 'file'.");
            }
            List<MultipartFile> files = multipart.getFiles("file");
            if (files.isEmpty()) {
                throw JiraError.of(400, "No attachment was found in the request (the part must be named 'file').");
            }
            if (files.size() > 60) {
                throw JiraError.of(413, "Too many attachments in one request (the limit is 60).");
            }
            ArrayNode answer = json.createArrayNode();
            for (MultipartFile f : files) {
                if (f.getSize() > maxAttachmentBytes) {
                    throw JiraError.of(413, "The file " + f.getOriginalFilename() + " is larger than the site's attachment limit.");
                }
                answer.add(JiraIssues.addAttachment(state, issue, f.getOriginalFilename(), f.getContentType(), f.getBytes(), base(request)));
            }
            return ResponseEntity.ok(answer);
        } finally {
            state.stopActing();
        }
    }

    @GetMapping("/attachment/{id}")
    public ObjectNode attachment(HttpServletRequest request, @PathVariable String id) {
        auth(request);
        state.stopActing();
        Issue issue = state.issue(state.attachmentIssue.getOrDefault(id, "")).orElseThrow(() -> JiraError.of(404, "The attachment with id '" + id + "' does not exist"));
        return issue.attachments.stream().filter(a -> a.path("id").asText().equals(id)).findFirst().orElseThrow();
    }

    @GetMapping("/attachment/content/{id}")
    public ResponseEntity<byte[]> attachmentContent(HttpServletRequest request, @PathVariable String id) {
        auth(request);
        state.stopActing();
        Issue issue = state.issue(state.attachmentIssue.getOrDefault(id, "")).orElseThrow(() -> JiraError.of(404, "The attachment with id '" + id + "' does not exist"));
        ObjectNode meta = issue.attachments.stream().filter(a -> a.path("id").asText().equals(id)).findFirst().orElseThrow();
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(meta.path("mimeType").asText("application/octet-stream")))
                .body(issue.attachmentBytes.get(id));
    }

    // ---- properties -------------------------------------------------------------------------------------------------------

    /** Remote issue links: the same globalId updates the link instead of adding one (200), a new one is 201. */
    @PostMapping("/issue/{issueIdOrKey}/remotelink")
    public ResponseEntity<ObjectNode> upsertRemoteLink(HttpServletRequest request, @PathVariable String issueIdOrKey, @RequestBody JsonNode body) {
        auth(request);
        state.stopActing();
        Issue issue = issue(issueIdOrKey);
        JsonNode object = body.path("object");
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        if (!object.path("url").isTextual() || object.path("url").asText().isBlank()) {
            errors.put("url", "'url' is required.");
        }
        if (!object.path("title").isTextual() || object.path("title").asText().isBlank()) {
            errors.put("title", "'title' is required.");
        }
        if (body.path("globalId").asText("").length() > 255) {
            errors.put("globalId", "The globalId must be 255 characters or less.");
        }
        if (!errors.isEmpty()) {
            throw JiraError.fields(errors);
        }
        synchronized (issue) {
            String globalId = body.path("globalId").asText(null);
            ObjectNode existing = globalId == null ? null : issue.remoteLinks.stream()
                    .filter(l -> globalId.equals(l.path("globalId").asText(null))).findFirst().orElse(null);
            ObjectNode link = existing != null ? existing : json.createObjectNode();
            long id = existing != null ? existing.path("id").asLong() : 10000 + remoteLinkIds.incrementAndGet();
            link.removeAll();
            link.put("id", id);
            link.put("self", base(request) + "/rest/api/3/issue/" + issue.key + "/remotelink/" + id);
            if (globalId != null) {
                link.put("globalId", globalId);
            }
            if (body.has("application")) {
                link.set("application", body.get("application"));
            }
            if (body.has("relationship")) {
                link.set("relationship", body.get("relationship"));
            }
            link.set("object", object);
            if (existing == null) {
                issue.remoteLinks.add(link);
            }
            ObjectNode answer = json.createObjectNode();
            answer.put("id", id);
            answer.put("self", link.path("self").asText());
            return ResponseEntity.status(existing == null ? 201 : 200).body(answer);
        }
    }

    @GetMapping("/issue/{issueIdOrKey}/remotelink")
    public ArrayNode remoteLinks(HttpServletRequest request, @PathVariable String issueIdOrKey, @RequestParam(required = false) String globalId) {
        auth(request);
        state.stopActing();
        ArrayNode answer = json.createArrayNode();
        issue(issueIdOrKey).remoteLinks.stream().filter(l -> globalId == null || globalId.equals(l.path("globalId").asText(null))).forEach(answer::add);
        return answer;
    }

    @GetMapping("/issue/{issueIdOrKey}/properties")
    public ObjectNode propertyKeys(HttpServletRequest request, @PathVariable String issueIdOrKey) {
        auth(request);
        state.stopActing();
        Issue issue = issue(issueIdOrKey);
        ObjectNode answer = json.createObjectNode();
        ArrayNode keys = answer.putArray("keys");
        issue.properties.keySet().forEach(k -> keys.addObject().put("key", k).put("self", base(request) + "/rest/api/3/issue/" + issue.id + "/properties/" + k));
        return answer;
    }

    @GetMapping("/issue/{issueIdOrKey}/properties/{propertyKey}")
    public ObjectNode property(HttpServletRequest request, @PathVariable String issueIdOrKey, @PathVariable String propertyKey) {
        auth(request);
        state.stopActing();
        JsonNode value = issue(issueIdOrKey).properties.get(propertyKey);
        if (value == null) {
            throw JiraError.of(404, "The property with key '" + propertyKey + "' does not exist.");
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("key", propertyKey);
        answer.set("value", value);
        return answer;
    }

    @PutMapping("/issue/{issueIdOrKey}/properties/{propertyKey}")
    public ResponseEntity<Void> setProperty(HttpServletRequest request, @PathVariable String issueIdOrKey, @PathVariable String propertyKey,
                                            @RequestBody JsonNode value) {
        auth(request);
        state.stopActing();
        boolean existed = issue(issueIdOrKey).properties.put(propertyKey, value) != null;
        return ResponseEntity.status(existed ? 200 : 201).build();
    }

    @DeleteMapping("/issue/{issueIdOrKey}/properties/{propertyKey}")
    public ResponseEntity<Void> deleteProperty(HttpServletRequest request, @PathVariable String issueIdOrKey, @PathVariable String propertyKey) {
        auth(request);
        state.stopActing();
        return issue(issueIdOrKey).properties.remove(propertyKey) == null ? ResponseEntity.status(404).build() : ResponseEntity.noContent().build();
    }

    // ---- search -------------------------------------------------------------------------------------------------------------

    @GetMapping("/search/jql")
    public ObjectNode searchGet(HttpServletRequest request, @RequestParam(required = false) String jql,
                                @RequestParam(required = false) String nextPageToken, @RequestParam(defaultValue = "50") int maxResults,
                                @RequestParam(required = false) List<String> fields, @RequestParam(required = false) String expand) {
        auth(request);
        state.stopActing();
        return search(request, jql, nextPageToken, maxResults, fields, expand, List.of());
    }

    @PostMapping("/search/jql")
    public ObjectNode searchPost(HttpServletRequest request, @RequestBody JsonNode body) {
        auth(request);
        state.stopActing();
        List<String> fields = null;
        if (body.has("fields")) {
            fields = new ArrayList<>();
            for (JsonNode f : body.get("fields")) {
                fields.add(f.asText());
            }
        }
        String expand = body.path("expand").isArray() ? String.join(",", json.convertValue(body.get("expand"), List.class)) : body.path("expand").asText(null);
        List<String> reconcile = new ArrayList<>();
        body.path("reconcileIssues").forEach(id -> reconcile.add(id.asText()));
        return search(request, body.path("jql").asText(null), body.path("nextPageToken").asText(null), body.path("maxResults").asInt(50), fields,
                expand, reconcile);
    }

    @GetMapping("/search")
    public ResponseEntity<Map<String, Object>> oldSearch() {
        return ResponseEntity.status(410).body(Map.of("errorMessages", List.of("The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"), "errors", Map.of()));
    }

    private ObjectNode search(HttpServletRequest request, String jql, String token, int maxResults, List<String> fields, String expand,
                              List<String> reconcile) {
        Jql.Query query = Jql.parse(jql, state);
        // search sees each issue as its index has it (a new or edited issue lags), reconciled ones as they are
        List<Issue> hits = state.allIssues().stream().map(i -> state.searchView(i, reconcile)).flatMap(java.util.Optional::stream)
                .filter(query.filter()).sorted(query.order()).toList();
        int start = 0;
        if (token != null && !token.isBlank()) {
            try {
                start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).replace("offset:", ""));
            } catch (Exception e) {
                throw JiraError.of(400, "The nextPageToken is invalid or has expired.");
            }
        }
        int size = Math.max(1, Math.min(maxResults, 5000));
        List<String> wanted = fields == null || fields.isEmpty() ? List.of("id") : fields;
        ObjectNode answer = json.createObjectNode();
        ArrayNode issues = answer.putArray("issues");
        for (Issue i : hits.subList(Math.min(start, hits.size()), Math.min(hits.size(), start + size))) {
            issues.add(issueJson(i, base(request), wanted, expand));
        }
        boolean last = start + size >= hits.size();
        if (!last) {
            answer.put("nextPageToken", Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + (start + size)).getBytes(StandardCharsets.UTF_8)));
        }
        answer.put("isLast", last);
        return answer;
    }

    // ---- views ----------------------------------------------------------------------------------------------------------------

    private ObjectNode issueJson(Issue issue, String base, List<String> requested, String expand) {
        Set<String> fields = new LinkedHashSet<>();
        boolean all = requested == null || requested.isEmpty() || requested.contains("*all") || requested.contains("*navigable");
        if (requested != null) {
            for (String r : requested) {
                for (String part : r.split(",")) {
                    if (!part.isBlank()) {
                        fields.add(part.trim());
                    }
                }
            }
        }
        ObjectNode n = json.createObjectNode();
        n.put("expand", "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations");
        n.put("id", issue.id);
        n.put("self", base + "/rest/api/3/issue/" + issue.id);
        n.put("key", issue.key);
        ObjectNode f = n.putObject("fields");
        if (all || fields.contains("summary")) f.put("summary", issue.fields.path("summary").asText());
        if (all || fields.contains("status")) f.set("status", state.statusJson(JiraSandbox.STATUSES.get(issue.statusId), base));
        if (all || fields.contains("issuetype")) f.set("issuetype", issueTypeJson(state.issueTypes.get(issue.projectKey).stream()
                .filter(t -> t[0].equals(issue.issueTypeId)).findFirst().orElseThrow(), base));
        if (all || fields.contains("project")) f.set("project", projectJson(state.project(issue.projectKey).orElseThrow(), base, false));
        if (all || fields.contains("created")) f.put("created", JiraSandbox.time(issue.created));
        if (all || fields.contains("updated")) f.put("updated", JiraSandbox.time(issue.updated));
        if (all || fields.contains("statuscategorychangedate")) f.put("statuscategorychangedate", JiraSandbox.time(issue.statusCategoryChanged));
        if (all || fields.contains("labels")) f.set("labels", issue.fields.has("labels") ? issue.fields.get("labels") : json.createArrayNode());
        if (all || fields.contains("comment")) {
            ObjectNode c = f.putObject("comment");
            ArrayNode list = c.putArray("comments");
            issue.comments.forEach(list::add);
            c.put("maxResults", issue.comments.size()).put("total", issue.comments.size()).put("startAt", 0);
        }
        if (all || fields.contains("attachment")) {
            ArrayNode list = f.putArray("attachment");
            issue.attachments.forEach(list::add);
        }
        issue.fields.fields().forEachRemaining(e -> {
            if (!f.has(e.getKey()) && (all || fields.contains(e.getKey()))) {
                f.set(e.getKey(), e.getValue());
            }
        });
        if (all) {
            for (FieldDef def : state.fieldsFor(issue.issueTypeId)) {
                if (!f.has(def.id())) {
                    f.putNull(def.id());
                }
            }
        } else {
            for (String wanted : fields) {
                if (!f.has(wanted) && state.field(wanted).isPresent()) {
                    f.putNull(wanted);
                }
            }
        }
        if (expand != null && expand.contains("changelog")) {
            ObjectNode changelog = n.putObject("changelog");
            changelog.put("startAt", 0);
            changelog.put("maxResults", issue.changelog.size());
            changelog.put("total", issue.changelog.size());
            ArrayNode histories = changelog.putArray("histories");
            issue.changelog.forEach(histories::add);
        }
        return n;
    }

    private ObjectNode projectJson(JiraSandbox.Project p, String base, boolean full) {
        ObjectNode n = json.createObjectNode();
        n.put("self", base + "/rest/api/3/project/" + p.id());
        n.put("id", p.id());
        n.put("key", p.key());
        n.put("name", p.name());
        n.put("projectTypeKey", "software");
        n.put("simplified", false);
        n.put("style", "classic");
        n.put("isPrivate", false);
        n.putObject("avatarUrls").put("48x48", "https://avatar.example.invalid/p48").put("24x24", "https://avatar.example.invalid/p24")
                .put("16x16", "https://avatar.example.invalid/p16").put("32x32", "https://avatar.example.invalid/p32");
        if (full) {
            ArrayNode types = n.putArray("issueTypes");
            state.issueTypes.get(p.key()).forEach(t -> types.add(issueTypeJson(t, base)));
            n.put("description", p.name() + " project");
            n.set("lead", state.userJson(state.connectorUser(), base));
            n.put("assigneeType", "UNASSIGNED");
        }
        return n;
    }

    private ObjectNode issueTypeJson(String[] t, String base) {
        ObjectNode n = json.createObjectNode();
        n.put("self", base + "/rest/api/3/issuetype/" + t[0]);
        n.put("id", t[0]);
        n.put("description", t[1]);
        n.put("iconUrl", base + "/images/icons/issuetypes/" + t[1].toLowerCase() + ".svg");
        n.put("name", t[1]);
        n.put("subtask", false);
        n.put("hierarchyLevel", 0);
        return n;
    }

    private ObjectNode fieldMeta(String id, String name, String type, String items, String system, String custom, boolean required, List<String> allowed) {
        ObjectNode n = json.createObjectNode();
        n.put("required", required);
        n.set("schema", schema(type, items, system, custom));
        n.put("name", name);
        n.put("key", id);
        n.put("fieldId", id);
        n.put("hasDefaultValue", false);
        ArrayNode ops = n.putArray("operations");
        ops.add("set");
        if ("array".equals(type)) {
            ops.add("add").add("remove");
        }
        if (!allowed.isEmpty()) {
            ArrayNode values = n.putArray("allowedValues");
            for (int i = 0; i < allowed.size(); i++) {
                if ("priority".equals(type)) {
                    values.addObject().put("self", "/rest/api/3/priority/" + (i + 1)).put("id", String.valueOf(i + 1)).put("name", allowed.get(i));
                } else {
                    values.addObject().put("self", "/rest/api/3/customFieldOption/" + (10100 + i)).put("id", String.valueOf(10100 + i)).put("value", allowed.get(i));
                }
            }
        }
        return n;
    }

    private ObjectNode schema(String type, String items, String system, String custom) {
        ObjectNode s = json.createObjectNode();
        s.put("type", type);
        if (items != null) s.put("items", items);
        if (system != null) s.put("system", system);
        if (custom != null) {
            s.put("custom", custom);
            s.put("customId", 10000 + Math.abs(custom.hashCode() % 1000));
        }
        return s;
    }

}
