package io.hubjira.jira;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.http.ApiRequest;
import io.hubjira.http.ApiResponse;
import io.hubjira.http.Instants;
import io.hubjira.http.Page;
import io.hubjira.http.UnexpectedAnswerException;
import io.hubjira.http.WriteAttempt;
import io.hubjira.jira.JiraIssue.ChangeHistory;
import io.hubjira.jira.JiraIssue.FieldChange;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.springframework.stereotype.Component;

/**
 * Jira Cloud's REST API v3 as the connector uses it (basic auth): every path, parameter and JSON shape, Jira's batch
 * limits (bulk create 50, search pages, attachments per request), JQL with escaped values, and typed answers. Calls go
 * through {@link ApiCallExecutor} (rate limits, retries, counting); nothing here knows about HubSpot or the sync.
 */
@Component
public class JiraClient {

    private final ApiCallExecutor executor;
    private final ObjectMapper json;
    private final JiraCredentialSource credentials;
    private final JiraErrorTranslator errors;
    private final Duration searchConsistency;

    public JiraClient(ApiCallExecutor executor, ObjectMapper json, JiraCredentialSource credentials, ConnectorProperties props) {
        this.executor = executor;
        this.json = json;
        this.credentials = credentials;
        this.errors = new JiraErrorTranslator(json);
        this.searchConsistency = props.jira().searchConsistency();
    }

    // ---- users -----------------------------------------------------------------------------------------------------------

    /** The account behind explicit credentials (connection validation and health). */
    public JiraUser myself(JiraCredentials explicit) {
        JiraUser me = read(JiraOperation.MYSELF, call(explicit, JiraOperation.MYSELF, Map.of()).build(), JiraUser.class);
        if (me.accountId() == null || me.accountId().isBlank()) {
            throw unexpected(JiraOperation.MYSELF, "no accountId", null);
        }
        return me;
    }

    public Optional<JiraUser> user(String accountId) {
        try {
            return Optional.of(read(JiraOperation.USER, call(JiraOperation.USER, Map.of()).query("accountId", accountId).build(), JiraUser.class));
        } catch (JiraApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The active user with exactly this email address (when the user's privacy settings show it). */
    public Optional<JiraUser> userByEmail(String email) {
        JiraUser[] found = read(JiraOperation.USER_SEARCH, call(JiraOperation.USER_SEARCH, Map.of()).query("query", email).build(), JiraUser[].class);
        for (JiraUser u : found) {
            if (u != null && email.equalsIgnoreCase(u.emailAddress())) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /**
     * Which of these project permissions (BROWSE_PROJECTS, EDIT_ISSUES, …) the user holds on the issue, in one call.
     * Checking another user than the connector's own account needs Jira's Administer Jira global permission (403 else).
     */
    public java.util.Set<String> permissionsOnIssue(String accountId, String issueId, Collection<String> permissions) {
        JiraOperation op = JiraOperation.PERMISSIONS_CHECK;
        long issue = Long.parseLong(issueId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accountId", accountId);
        body.put("projectPermissions", List.of(Map.of("issues", List.of(issue), "permissions", List.copyOf(permissions))));
        PermissionGrants answer = read(op, call(op, Map.of()).json(write(body)).idempotent(true).build(), PermissionGrants.class);
        java.util.Set<String> granted = new java.util.LinkedHashSet<>();
        for (PermissionGrants.ProjectGrant g : required(op, answer.projectPermissions(), "projectPermissions")) {
            if (g.permission() != null && g.issues() != null && g.issues().contains(issue)) {
                granted.add(g.permission());
            }
        }
        return granted;
    }

    // ---- issues ----------------------------------------------------------------------------------------------------------

    /** The issue with the fields asked for (Jira's current state: reads by key or id are always consistent). */
    public Optional<JiraIssue> issue(String idOrKey, Collection<String> fields) {
        return readIssue(idOrKey, fields, false);
    }

    /** The issue with its changelog (to tell when its status last changed). */
    public Optional<JiraIssue> issueWithChangelog(String idOrKey, Collection<String> fields) {
        return readIssue(idOrKey, fields, true);
    }

    private Optional<JiraIssue> readIssue(String idOrKey, Collection<String> fields, boolean changelog) {
        JiraOperation op = JiraOperation.ISSUE_READ;
        ApiRequest.Builder request = call(op, Map.of("issueIdOrKey", idOrKey)).query("fields", String.join(",", withStandardFields(fields)));
        if (changelog) {
            request.query("expand", "changelog");
        }
        try {
            return Optional.of(issue(op, read(op, request.build(), IssueAnswer.class)));
        } catch (JiraApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Creates one issue, exactly once: the draft carries its marker label; after an ambiguous failure the label is
     * searched for (as long as Jira's search may lag) before the issue is created again.
     */
    public IssueRef create(String projectKey, IssueDraft draft, String markerLabel) {
        JiraOperation op = JiraOperation.ISSUE_CREATE;
        return executor.writeOnce(op.name(), () -> {
            IssueRef created = read(op, call(op, Map.of()).json(write(Map.of("fields", draft.fields()))).build(), IssueRef.class);
            if (created.key() == null) {
                throw unexpected(op, "no key", null);
            }
            return created;
        }, () -> Optional.ofNullable(issuesByLabel(projectKey, List.of(markerLabel)).get(markerLabel)));
    }

    /**
     * Creates issues with Jira's bulk API, 50 per call, exactly once: every draft carries its marker label (same
     * order); after an ambiguous failure the chunk's labels are searched for, the issues found are taken as created and
     * only the others are sent again. One outcome per draft, in the drafts' order.
     */
    public List<BulkOutcome> createBulk(String projectKey, List<IssueDraft> drafts, List<String> markerLabels) {
        if (drafts.size() != markerLabels.size()) {
            throw new IllegalArgumentException("one marker label per draft");
        }
        JiraOperation op = JiraOperation.ISSUE_BULK_CREATE;
        BulkOutcome[] outcomes = new BulkOutcome[drafts.size()];
        for (int from = 0; from < drafts.size(); from += op.batchLimit()) {
            List<Integer> pending = new ArrayList<>();
            for (int i = from; i < Math.min(drafts.size(), from + op.batchLimit()); i++) {
                pending.add(i);
            }
            executor.writeOnce(op.name(), () -> {
                List<BulkOutcome> sent = sendBulk(pending.stream().map(drafts::get).toList());
                for (int k = 0; k < sent.size(); k++) {
                    int index = pending.get(k);
                    outcomes[index] = new BulkOutcome(index, sent.get(k).issue(), sent.get(k).error());
                }
                pending.clear();
                return Boolean.TRUE;
            }, () -> {
                Map<String, IssueRef> found = issuesByLabel(projectKey, pending.stream().map(markerLabels::get).toList());
                pending.removeIf(index -> {
                    IssueRef issue = found.get(markerLabels.get(index));
                    if (issue != null) {
                        outcomes[index] = new BulkOutcome(index, issue, null);
                    }
                    return issue != null;
                });
                return pending.isEmpty() ? Optional.of(Boolean.TRUE) : Optional.empty();
            });
        }
        return List.of(outcomes);
    }

    private List<BulkOutcome> sendBulk(List<IssueDraft> chunk) {
        JiraOperation op = JiraOperation.ISSUE_BULK_CREATE;
        List<Map<String, Object>> updates = chunk.stream().map(d -> Map.<String, Object>of("fields", d.fields())).toList();
        BulkAnswer answer = read(op, call(op, Map.of()).json(write(Map.of("issueUpdates", updates))).build(), BulkAnswer.class);
        Map<Integer, String> failures = new HashMap<>();
        if (answer.errors() != null) {
            answer.errors().forEach(e -> failures.put(e.failedElementNumber(), e.elementErrors() == null ? "refused" : e.elementErrors().toString()));
        }
        List<IssueRef> issues = answer.issues() == null ? List.of() : answer.issues();
        if (issues.size() + failures.size() != chunk.size()) {
            throw unexpected(op, issues.size() + " issues and " + failures.size() + " errors for " + chunk.size() + " drafts", null);
        }
        List<BulkOutcome> outcomes = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < chunk.size(); i++) {
            outcomes.add(failures.containsKey(i) ? new BulkOutcome(i, null, failures.get(i)) : new BulkOutcome(i, issues.get(next++), null));
        }
        return outcomes;
    }

    /**
     * The current state of these issues (by id), read-after-write consistent: one search per 50 issues with the ids in
     * reconcileIssues (Jira's search is otherwise eventually consistent); issues Jira does not have are left out.
     */
    public List<JiraIssue> issuesNow(Collection<String> issueIds, Collection<String> fields) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(issueIds));
        List<JiraIssue> found = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += JiraOperation.MAX_RECONCILED) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + JiraOperation.MAX_RECONCILED));
            found.addAll(search(Jql.idsIn(chunk), fields, chunk.size(), null, chunk).items());
        }
        return found;
    }

    /**
     * The issues carrying these marker labels (label → issue), searched for as long as Jira's search may lag behind a
     * write: a label still missing after that was not created.
     */
    public Map<String, IssueRef> issuesByLabel(String projectKey, List<String> labels) {
        Map<String, IssueRef> found = new LinkedHashMap<>();
        long deadline = System.nanoTime() + searchConsistency.toNanos();
        long pause = 250;
        while (true) {
            List<String> missing = labels.stream().filter(l -> !found.containsKey(l)).toList();
            for (int i = 0; i < missing.size(); i += JiraOperation.SEARCH.batchLimit()) {
                List<String> chunk = missing.subList(i, Math.min(missing.size(), i + JiraOperation.SEARCH.batchLimit()));
                for (JiraIssue issue : searchAll(Jql.projectIs(projectKey).andLabelsIn(chunk), List.of("labels"))) {
                    issue.labels().stream().filter(chunk::contains).forEach(l -> found.putIfAbsent(l, new IssueRef(issue.id(), issue.key())));
                }
            }
            if (found.size() == labels.size() || System.nanoTime() > deadline) {
                return found;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
            pause = Math.min(pause * 2, 2000);
        }
    }

    public void edit(String idOrKey, Map<String, JsonNode> fields) {
        JiraOperation op = JiraOperation.ISSUE_EDIT;
        send(call(op, Map.of("issueIdOrKey", idOrKey)).json(write(Map.of("fields", fields))).build());
    }

    /**
     * Creates the issue's remote link with this global id, or updates it when one exists: Jira keys remote links by
     * global id, so a retry after a lost answer updates the link it already made instead of adding another.
     */
    public void upsertRemoteLink(String idOrKey, RemoteLink link) {
        JiraOperation op = JiraOperation.REMOTE_LINK_UPSERT;
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("url", link.url());
        object.put("title", link.title());
        if (link.summary() != null) {
            object.put("summary", link.summary());
        }
        if (link.iconUrl() != null) {
            object.put("icon", Map.of("url16x16", link.iconUrl(), "title", link.applicationName()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("globalId", link.globalId());
        body.put("application", Map.of("type", link.applicationType(), "name", link.applicationName()));
        body.put("object", object);
        send(call(op, Map.of("issueIdOrKey", idOrKey)).json(write(body)).idempotent(true).build());
    }

    /** The issue's remote links with this global id (none or one). */
    public List<RemoteLink> remoteLinks(String idOrKey, String globalId) {
        JiraOperation op = JiraOperation.REMOTE_LINKS_READ;
        RemoteLinkAnswer[] answer = read(op, call(op, Map.of("issueIdOrKey", idOrKey)).query("globalId", globalId).build(), RemoteLinkAnswer[].class);
        List<RemoteLink> out = new ArrayList<>();
        for (RemoteLinkAnswer a : answer) {
            RemoteLinkAnswer.Obj o = a.object() == null ? new RemoteLinkAnswer.Obj(null, null, null, null) : a.object();
            RemoteLinkAnswer.App app = a.application() == null ? new RemoteLinkAnswer.App(null, null) : a.application();
            out.add(new RemoteLink(a.globalId(), app.type(), app.name(), o.url(), o.title(), o.summary(), o.icon() == null ? null : o.icon().url16x16()));
        }
        return out;
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record RemoteLinkAnswer(Long id, String globalId, App application, Obj object) {
        @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
        record App(String type, String name) {}

        @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
        record Obj(String url, String title, String summary, Icon icon) {}

        @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
        record Icon(String url16x16, String title) {}
    }

    public List<Transition> transitions(String idOrKey) {
        JiraOperation op = JiraOperation.TRANSITIONS_LIST;
        TransitionsAnswer answer = read(op, call(op, Map.of("issueIdOrKey", idOrKey)).build(), TransitionsAnswer.class);
        return required(op, answer.transitions(), "transitions").stream()
                .map(t -> new Transition(t.id(), t.name(), status(t.to()))).toList();
    }

    /**
     * Takes a transition once: after an ambiguous failure the issue is read (reads by key are consistent) and when it
     * already is in the transition's target status it is not taken again (a second step would move it further).
     */
    public void transition(String idOrKey, String transitionId, String targetStatus) {
        JiraOperation op = JiraOperation.TRANSITION;
        executor.writeOnce(op.name(), () -> {
            send(call(op, Map.of("issueIdOrKey", idOrKey)).json(write(Map.of("transition", Map.of("id", transitionId)))).build());
            return Boolean.TRUE;
        }, () -> issue(idOrKey, List.of("status")).filter(i -> i.statusName().equalsIgnoreCase(targetStatus)).map(i -> Boolean.TRUE));
    }

    /**
     * Issues matching bounded JQL, one page ({@code nextPageToken} cursor); {@code reconcile}: ids of issues just
     * written, which Jira then answers read-after-write consistent (at most 50).
     */
    public Page<JiraIssue> search(Jql jql, Collection<String> fields, int maxResults, String pageToken, Collection<String> reconcile) {
        JiraOperation op = JiraOperation.SEARCH;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jql", jql.text());
        body.put("fields", List.copyOf(withStandardFields(fields)));
        body.put("maxResults", Math.min(maxResults, op.batchLimit()));
        if (pageToken != null) {
            body.put("nextPageToken", pageToken);
        }
        if (reconcile != null && !reconcile.isEmpty()) {
            List<Long> ids = reconcile.stream().limit(JiraOperation.MAX_RECONCILED).map(Long::valueOf).toList();
            body.put("reconcileIssues", ids);
        }
        SearchAnswer answer = read(op, call(op, Map.of()).json(write(body)).idempotent(true).build(), SearchAnswer.class);
        List<JiraIssue> issues = required(op, answer.issues(), "issues").stream().map(i -> issue(op, i)).toList();
        return new Page<>(issues, Boolean.TRUE.equals(answer.isLast()) ? null : answer.nextPageToken());
    }

    /** Every issue matching bounded JQL, page by page. */
    public List<JiraIssue> searchAll(Jql jql, Collection<String> fields) {
        List<JiraIssue> all = new ArrayList<>();
        String token = null;
        do {
            Page<JiraIssue> page = search(jql, fields, JiraOperation.SEARCH.batchLimit(), token, null);
            all.addAll(page.items());
            token = page.next();
        } while (token != null);
        return all;
    }

    // ---- comments --------------------------------------------------------------------------------------------------------

    public Optional<JiraComment> comment(String idOrKey, String commentId) {
        JiraOperation op = JiraOperation.COMMENT_READ;
        try {
            return Optional.of(comment(read(op, call(op, Map.of("issueIdOrKey", idOrKey, "id", commentId)).build(), CommentAnswer.class)));
        } catch (JiraApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every comment of an issue, oldest first, page by page. */
    public List<JiraComment> comments(String idOrKey) {
        JiraOperation op = JiraOperation.COMMENTS_LIST;
        List<JiraComment> all = new ArrayList<>();
        int startAt = 0;
        while (true) {
            CommentsAnswer page = read(op, call(op, Map.of("issueIdOrKey", idOrKey)).query("startAt", startAt)
                    .query("maxResults", op.batchLimit()).query("orderBy", "created").build(), CommentsAnswer.class);
            List<CommentAnswer> comments = required(op, page.comments(), "comments");
            comments.forEach(c -> all.add(comment(c)));
            startAt += comments.size();
            if (comments.isEmpty() || page.total() == null || startAt >= page.total()) {
                return all;
            }
        }
    }

    /**
     * Adds a comment once: its body contains {@code marker} (a text naming what it stands for); after an ambiguous
     * failure the issue's comments (read by key: consistent) are looked through for it before it is added again.
     */
    public JiraComment addComment(String idOrKey, JsonNode adf, String marker) {
        return addComment(idOrKey, adf, marker, WriteAttempt.FIRST);
    }

    /** As {@link #addComment(String, JsonNode, String)}; a RESUMED comment is looked for before it is added. */
    public JiraComment addComment(String idOrKey, JsonNode adf, String marker, WriteAttempt attempt) {
        JiraOperation op = JiraOperation.COMMENT_CREATE;
        if (!adf.toString().contains(marker)) {
            throw new IllegalArgumentException("the comment must contain its marker '" + marker + "'");
        }
        return executor.writeOnce(op.name(), attempt,
                () -> comment(read(op, call(op, Map.of("issueIdOrKey", idOrKey)).json(write(Map.of("body", adf))).build(), CommentAnswer.class)),
                () -> comments(idOrKey).stream().filter(c -> c.body() != null && c.body().toString().contains(marker)).findFirst());
    }

    public void updateComment(String idOrKey, String commentId, JsonNode adf) {
        JiraOperation op = JiraOperation.COMMENT_UPDATE;
        send(call(op, Map.of("issueIdOrKey", idOrKey, "id", commentId)).json(write(Map.of("body", adf))).build());
    }

    public void deleteComment(String idOrKey, String commentId) {
        JiraOperation op = JiraOperation.COMMENT_DELETE;
        send(call(op, Map.of("issueIdOrKey", idOrKey, "id", commentId)).build());
    }

    // ---- attachments -----------------------------------------------------------------------------------------------------

    public JiraAttachment attachment(String attachmentId) {
        JiraOperation op = JiraOperation.ATTACHMENT_READ;
        return read(op, call(op, Map.of("id", attachmentId)).build(), JiraAttachment.class);
    }

    /** The attachment's bytes, byte-exact. */
    public byte[] attachmentContent(String attachmentId) {
        JiraOperation op = JiraOperation.ATTACHMENT_CONTENT;
        return send(call(op, Map.of("id", attachmentId)).header("Accept", "*/*").build()).body();
    }

    /**
     * Attaches one file once (multipart part "file"; Jira requires {@code X-Atlassian-Token: no-check}): after an
     * ambiguous failure the issue's attachments are looked through for this file name and size before it is sent again.
     */
    public JiraAttachment attach(String idOrKey, String fileName, String mimeType, byte[] bytes) {
        return attach(idOrKey, fileName, mimeType, bytes, WriteAttempt.FIRST);
    }

    /** As {@link #attach(String, String, String, byte[])}; a RESUMED upload is looked for before it is sent. */
    public JiraAttachment attach(String idOrKey, String fileName, String mimeType, byte[] bytes, WriteAttempt attempt) {
        JiraOperation op = JiraOperation.ATTACHMENTS_ADD;
        return executor.writeOnce(op.name(), attempt, () -> {
            var multipart = MultipartEntityBuilder.create()
                    .addBinaryBody("file", bytes, ContentType.create(mimeType == null ? "application/octet-stream" : mimeType), fileName)
                    .build();
            JiraAttachment[] added = read(op, call(op, Map.of("issueIdOrKey", idOrKey)).header("X-Atlassian-Token", "no-check")
                    .entity(multipart).build(), JiraAttachment[].class);
            if (added.length == 0 || added[0] == null || added[0].id() == null) {
                throw unexpected(op, "no attachment in the answer", null);
            }
            return added[0];
        }, () -> issue(idOrKey, List.of("attachment")).flatMap(i -> i.attachments().stream()
                .filter(a -> fileName.equals(a.filename()) && a.size() != null && a.size() == bytes.length).findFirst()));
    }

    // ---- metadata --------------------------------------------------------------------------------------------------------

    public List<Project> projects() {
        JiraOperation op = JiraOperation.PROJECTS_SEARCH;
        List<Project> all = new ArrayList<>();
        int startAt = 0;
        while (true) {
            ProjectsAnswer page = read(op, call(op, Map.of()).query("startAt", startAt).query("maxResults", op.batchLimit()).build(),
                    ProjectsAnswer.class);
            List<Project> values = required(op, page.values(), "values");
            all.addAll(values);
            if (values.isEmpty() || page.isLast() == null || page.isLast()) {
                return all;
            }
            startAt += values.size();
        }
    }

    public List<IssueType> issueTypes(String projectKey) {
        JiraOperation op = JiraOperation.CREATEMETA_ISSUE_TYPES;
        List<IssueType> all = new ArrayList<>();
        while (true) {
            IssueTypesAnswer page = read(op, call(op, Map.of("projectIdOrKey", projectKey)).query("startAt", all.size())
                    .query("maxResults", op.batchLimit()).build(), IssueTypesAnswer.class);
            List<IssueType> types = page.issueTypes() != null ? page.issueTypes() : required(op, page.createMetaIssueType(), "issueTypes");
            all.addAll(types);
            if (types.isEmpty() || all.size() >= (page.total() == null ? all.size() : page.total())) {
                return all;
            }
        }
    }

    /** The fields of the create screen of a project and issue type (the spec names the list "fields" or "results"). */
    public List<CreateMetaField> createFields(String projectKey, String issueTypeId) {
        JiraOperation op = JiraOperation.CREATEMETA_FIELDS;
        List<CreateMetaField> all = new ArrayList<>();
        while (true) {
            FieldsAnswer page = read(op, call(op, Map.of("projectIdOrKey", projectKey, "issueTypeId", issueTypeId)).query("startAt", all.size())
                    .query("maxResults", op.batchLimit()).build(), FieldsAnswer.class);
            List<CreateMetaField> fields = page.fields() != null ? page.fields() : required(op, page.results(), "fields");
            all.addAll(fields);
            if (fields.isEmpty() || all.size() >= (page.total() == null ? all.size() : page.total())) {
                return all;
            }
        }
    }

    /** Every status of the project's workflows, each once. */
    public List<StatusRef> projectStatuses(String projectKey) {
        JiraOperation op = JiraOperation.PROJECT_STATUSES;
        IssueTypeStatuses[] perType = read(op, call(op, Map.of("projectIdOrKey", projectKey)).build(), IssueTypeStatuses[].class);
        Map<String, StatusRef> unique = new LinkedHashMap<>();
        for (IssueTypeStatuses t : perType) {
            if (t != null && t.statuses() != null) {
                t.statuses().forEach(s -> unique.putIfAbsent(s.id(), status(s)));
            }
        }
        return List.copyOf(unique.values());
    }

    // ---- plumbing --------------------------------------------------------------------------------------------------------

    private static final List<String> STANDARD_FIELDS = List.of("summary", "status", "project", "labels", "updated");

    private static Collection<String> withStandardFields(Collection<String> fields) {
        LinkedHashSet<String> all = new LinkedHashSet<>(STANDARD_FIELDS);
        all.addAll(fields);
        return all;
    }

    private ApiRequest.Builder call(JiraOperation op, Map<String, String> variables) {
        return call(credentials.credentials(), op, variables);
    }

    private static ApiRequest.Builder call(JiraCredentials creds, JiraOperation op, Map<String, String> variables) {
        return ApiRequest.builder(ApiName.JIRA, op.name(), op.method(), creds.baseUrl(), op.path(variables))
                .endpoint(op.template())
                .account(site(creds.baseUrl()))
                // Jira limits writes per issue (RateLimit-Reason jira-per-issue-on-write): a 429 holds back that issue alone
                .writeTarget(op.method().equals("GET") ? null : variables.get("issueIdOrKey"))
                .header("Authorization", creds.basicAuthorization())
                .header("Accept", "application/json");
    }

    /** The site, the key of its rate budget: its host, and the path of Jira's API gateway form (one cloud id each). */
    private static String site(String baseUrl) {
        java.net.URI uri = java.net.URI.create(String.valueOf(baseUrl).trim());
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        return uri.getHost() == null ? String.valueOf(baseUrl) : uri.getHost() + path;
    }

    private ApiResponse send(ApiRequest request) {
        return executor.execute(request, errors);
    }

    private <T> T read(JiraOperation op, ApiRequest request, Class<T> type) {
        ApiResponse response = send(request);
        if (response.body().length == 0) {
            throw unexpected(op, "an empty body", null);
        }
        try {
            T value = json.readValue(response.body(), type);
            if (value == null) {
                throw unexpected(op, "null", null);
            }
            return value;
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new UnexpectedAnswerException(ApiName.JIRA, op.name(), op.template(), reason, e);
        }
    }

    private static UnexpectedAnswerException unexpected(JiraOperation op, String problem, Throwable cause) {
        return new UnexpectedAnswerException(ApiName.JIRA, op.name(), op.template(), problem, cause);
    }

    private static <T> List<T> required(JiraOperation op, List<T> list, String field) {
        if (list == null) {
            throw unexpected(op, "no " + field, null);
        }
        return list.stream().filter(Objects::nonNull).toList();
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be written as JSON", e);
        }
    }

    private JiraIssue issue(JiraOperation op, IssueAnswer a) {
        if (a.key() == null || a.id() == null) {
            throw unexpected(op, "an issue without id or key", null);
        }
        Map<String, JsonNode> fields = a.fields() == null ? Map.of() : a.fields();
        JsonNode summary = fields.get("summary");
        JsonNode project = fields.get("project");
        JsonNode status = fields.get("status");
        List<String> labels = new ArrayList<>();
        JsonNode labelNode = fields.get("labels");
        if (labelNode != null && labelNode.isArray()) {
            labelNode.forEach(l -> labels.add(l.asText()));
        }
        List<JiraAttachment> attachments = new ArrayList<>();
        JsonNode attachmentNode = fields.get("attachment");
        if (attachmentNode != null && attachmentNode.isArray()) {
            for (JsonNode at : attachmentNode) {
                attachments.add(json.convertValue(at, JiraAttachment.class));
            }
        }
        JsonNode updated = fields.get("updated");
        List<ChangeHistory> changelog = new ArrayList<>();
        if (a.changelog() != null && a.changelog().histories() != null) {
            for (IssueAnswer.History h : a.changelog().histories()) {
                List<FieldChange> items = h.items() == null ? List.of() : h.items().stream()
                        .map(i -> new FieldChange(i.fieldId(), i.field(), i.from(), i.to(), i.fromString(), i.toText())).toList();
                changelog.add(new ChangeHistory(Instants.parseOrNull(h.created()), items));
            }
        }
        return new JiraIssue(a.id(), a.key(), summary == null || summary.isNull() ? null : summary.asText(),
                status == null || status.isNull() ? null : status(json.convertValue(status, StatusAnswer.class)),
                project == null ? null : project.path("key").asText(null), labels,
                updated == null || updated.isNull() ? null : Instants.parseOrNull(updated.asText()), attachments, fields, changelog);
    }

    private static StatusRef status(StatusAnswer s) {
        if (s == null) {
            return null;
        }
        return new StatusRef(s.id(), s.name(), s.statusCategory() == null ? null : s.statusCategory().key(),
                s.statusCategory() == null ? null : s.statusCategory().name());
    }

    private static JiraComment comment(CommentAnswer c) {
        return new JiraComment(c.id(), c.body(), c.author(), c.updateAuthor(), Instants.parseOrNull(c.created()), Instants.parseOrNull(c.updated()));
    }

    // ---- Jira's answer shapes (only the fields the connector reads) --------------------------------------------------------

    @JsonIgnoreProperties(ignoreUnknown = true)
    record IssueAnswer(String id, String key, Map<String, JsonNode> fields, Changelog changelog) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Changelog(List<History> histories) {}

        @JsonIgnoreProperties(ignoreUnknown = true)
        record History(String created, List<Item> items) {}

        @JsonIgnoreProperties(ignoreUnknown = true)
        record Item(String fieldId, String field, String from, String to, String fromString, @JsonProperty("toString") String toText) {}
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StatusAnswer(String id, String name, Category statusCategory) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Category(String key, String name) {}
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BulkAnswer(List<IssueRef> issues, List<BulkError> errors) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record BulkError(int failedElementNumber, JsonNode elementErrors) {}
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TransitionsAnswer(List<TransitionAnswer> transitions) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record TransitionAnswer(String id, String name, StatusAnswer to) {}
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SearchAnswer(List<IssueAnswer> issues, String nextPageToken, Boolean isLast) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CommentAnswer(String id, JsonNode body, JiraUser author, JiraUser updateAuthor, String created, String updated) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CommentsAnswer(List<CommentAnswer> comments, Integer total) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProjectsAnswer(List<Project> values, Boolean isLast) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record IssueTypesAnswer(List<IssueType> issueTypes, List<IssueType> createMetaIssueType, Integer total) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FieldsAnswer(List<CreateMetaField> fields, List<CreateMetaField> results, Integer total) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record IssueTypeStatuses(List<StatusAnswer> statuses) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PermissionGrants(List<String> globalPermissions, List<ProjectGrant> projectPermissions) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record ProjectGrant(String permission, List<Long> issues, List<Long> projects) {}
    }
}
