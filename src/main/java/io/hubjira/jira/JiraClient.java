package io.hubjira.jira;

import java.io.IOException;
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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiBaseUrls;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.http.ApiRequest;
import io.hubjira.http.ApiResponse;
import io.hubjira.http.Instants;
import io.hubjira.http.JsonCalls;
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
    private final JsonCalls calls;
    public JiraClient(ApiCallExecutor executor, ObjectMapper json, JiraCredentialSource credentials, ConnectorProperties props) {
        this.executor = executor;
        this.json = json;
        this.credentials = credentials;
        this.calls = new JsonCalls(executor, new JiraErrorTranslator(json), json);
    }

    // ---- users -----------------------------------------------------------------------------------------------------------

    /** The account behind explicit credentials (connection validation and health). */
    public JiraUser myself(JiraCredentials explicit) {
        JiraUser me = read(call(explicit, JiraOperation.MYSELF, Map.of()).build(), JiraUser.class);
        if (me.accountId() == null || me.accountId().isBlank()) {
            throw unexpected(JiraOperation.MYSELF, "no accountId", null);
        }
        return me;
    }

    public Optional<JiraUser> user(String accountId) {
        try {
            return Optional.of(read(call(JiraOperation.USER, Map.of()).query("accountId", accountId).build(), JiraUser.class));
        } catch (JiraApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The active user with exactly this email address (when the user's privacy settings show it). */
    public Optional<JiraUser> userByEmail(String email) {
        JiraUser[] found = read(call(JiraOperation.USER_SEARCH, Map.of()).query("query", email).build(), JiraUser[].class);
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
        PermissionGrants answer = read(call(op, Map.of()).json(write(body)).idempotent(true).build(), PermissionGrants.class);
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

    /**
     * Whether Jira still has the issue: false only when reading it answers 404 (deleted, or out of the connector's
     * sight, which Jira does not tell apart). A {@code jira:issue_deleted} delivery is acted on only when this says so.
     */
    public boolean issueExists(String idOrKey) {
        return readIssue(idOrKey, List.of(), false).isPresent();
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
            return Optional.of(issue(op, read(request.build(), IssueAnswer.class)));
        } catch (JiraApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Creates issues with Jira's bulk API, 50 per call, each at most once: every draft carries its marker label. Jira's
     * answer lists the created issues without saying which draft each came from (and promises no order), so the new
     * issues are read back once all chunks are sent — one bulk fetch per 100, a direct read that search's lag cannot
     * hide — and each is matched to its draft by its marker label; refused drafts are named by
     * {@code errors[].failedElementNumber}. After an ambiguous failure (a lost answer) the chunk's labels are searched
     * for once: drafts found are created, the others are UNCONFIRMED and never sent again here — Jira's search may not
     * show a new issue yet, so only the caller can decide, once the marker's absence is confirmed long enough, to send
     * one again. One outcome per draft, in the drafts' order; the read-back issues carry their labels and status.
     */
    public List<BulkOutcome> createBulk(String projectKey, List<IssueDraft> drafts, List<String> markerLabels) {
        if (drafts.size() != markerLabels.size()) {
            throw new IllegalArgumentException("one marker label per draft");
        }
        JiraOperation op = JiraOperation.ISSUE_BULK_CREATE;
        BulkOutcome[] outcomes = new BulkOutcome[drafts.size()];
        Map<Integer, String> refused = new HashMap<>();
        List<Integer> answered = new ArrayList<>();
        List<String> createdIds = new ArrayList<>();
        for (int from = 0; from < drafts.size(); from += op.batchLimit()) {
            List<Integer> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(drafts.size(), from + op.batchLimit()); i++) {
                chunk.add(i);
            }
            executor.sendOnce(op.name(), () -> {
                BulkAnswer answer = sendBulk(chunk.stream().map(drafts::get).toList());
                for (BulkAnswer.BulkError e : answer.errors() == null ? List.<BulkAnswer.BulkError>of() : answer.errors()) {
                    if (e.failedElementNumber() == null || e.failedElementNumber() < 0 || e.failedElementNumber() >= chunk.size()) {
                        throw unexpected(op, "an error for element " + e.failedElementNumber() + " of " + chunk.size(), null);
                    }
                    refused.put(chunk.get(e.failedElementNumber()), describe(e));
                }
                (answer.issues() == null ? List.<IssueRef>of() : answer.issues()).stream().filter(Objects::nonNull)
                        .map(IssueRef::id).filter(Objects::nonNull).forEach(createdIds::add);
                answered.addAll(chunk);
                return Boolean.TRUE;
            }, lost -> {
                List<String> labels = chunk.stream().map(markerLabels::get).toList();
                java.time.Instant searchedAt = java.time.Instant.now();
                Map<String, List<JiraIssue>> found;
                try {
                    found = issuesByLabel(projectKey, labels);
                } catch (RuntimeException searchFailed) {
                    chunk.forEach(index -> outcomes[index] = BulkOutcome.unconfirmed(index, null));
                    return Boolean.TRUE;
                }
                for (Integer index : chunk) {
                    List<JiraIssue> issues = found.getOrDefault(markerLabels.get(index), List.of());
                    outcomes[index] = issues.size() == 1 ? BulkOutcome.created(index, issues.get(0)) : BulkOutcome.unconfirmed(index, searchedAt);
                }
                return Boolean.TRUE;
            });
        }
        // the answered chunks' issues read back together (100 per bulk fetch), each matched to its draft by its marker
        Map<String, JiraIssue> byLabel = new HashMap<>();
        if (!createdIds.isEmpty()) {
            try {
                for (JiraIssue issue : issuesNow(createdIds, List.of("labels", "status"))) {
                    issue.labels().forEach(l -> byLabel.putIfAbsent(l, issue));
                }
            } catch (RuntimeException readBackFailed) {
                // the issues exist; which draft each stands for is found later by its marker
            }
        }
        for (Integer index : answered) {
            JiraIssue issue = byLabel.get(markerLabels.get(index));
            outcomes[index] = issue != null ? BulkOutcome.created(index, issue)
                    : refused.containsKey(index) ? BulkOutcome.refused(index, refused.get(index))
                    // Jira neither named it refused nor showed an issue carrying its marker: found later by the marker
                    : BulkOutcome.unconfirmed(index, null);
        }
        return List.of(outcomes);
    }

    private BulkAnswer sendBulk(List<IssueDraft> chunk) {
        JiraOperation op = JiraOperation.ISSUE_BULK_CREATE;
        List<Map<String, Object>> updates = chunk.stream().map(d -> Map.<String, Object>of("fields", JiraFieldJson.render(d.fields()))).toList();
        ApiRequest request = call(op, Map.of()).json(write(Map.of("issueUpdates", updates))).build();
        // Jira answers 400 with the same body when it refused every element: each element's error is an answer, not a failure
        return calls.parse(request, calls.send(request, answer -> answer.status() == 400 && bulkErrors(answer)), BulkAnswer.class);
    }

    private boolean bulkErrors(ApiResponse response) {
        try {
            JsonNode body = json.readTree(response.body());
            return body != null && body.path("errors").isArray() && !body.path("errors").isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static String describe(BulkAnswer.BulkError e) {
        if (e.elementErrors() == null) {
            return "refused";
        }
        List<String> parts = new ArrayList<>();
        e.elementErrors().path("errorMessages").forEach(m -> parts.add(m.asText()));
        e.elementErrors().path("errors").fields().forEachRemaining(f -> parts.add(f.getKey() + ": " + f.getValue().asText()));
        return parts.isEmpty() ? e.elementErrors().toString() : String.join("; ", parts);
    }

    /**
     * The current state of these issues (by id or key), read directly with Jira's bulk fetch, 100 per call: unlike
     * search, it shows an issue the moment it is written. Issues Jira does not have (or does not let the connector see)
     * are left out. Issues Jira could not return this time ({@code issueErrors}: a retriable error or a payload
     * constraint) are asked for once more on their own; still missing, they fail the read.
     */
    public List<JiraIssue> issuesNow(Collection<String> issueIds, Collection<String> fields) {
        JiraOperation op = JiraOperation.ISSUE_BULK_FETCH;
        List<String> ids = List.copyOf(new LinkedHashSet<>(issueIds));
        List<JiraIssue> found = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += op.batchLimit()) {
            BulkFetchAnswer answer = bulkFetch(ids.subList(i, Math.min(ids.size(), i + op.batchLimit())), fields);
            required(op, answer.issues(), "issues").forEach(issue -> found.add(issue(op, issue)));
            answer.issueErrors().forEach(e -> failed.add(e.id()));
        }
        if (!failed.isEmpty()) {
            for (int i = 0; i < failed.size(); i += op.batchLimit()) {
                BulkFetchAnswer again = bulkFetch(failed.subList(i, Math.min(failed.size(), i + op.batchLimit())), fields);
                if (!again.issueErrors().isEmpty()) {
                    throw unexpected(op, "issues Jira could not return twice: " + again.issueErrors().stream()
                            .map(e -> e.id() + " (" + e.errorMessage() + ")").toList(), null);
                }
                required(op, again.issues(), "issues").forEach(issue -> found.add(issue(op, issue)));
            }
        }
        return found;
    }

    private BulkFetchAnswer bulkFetch(List<String> idsOrKeys, Collection<String> fields) {
        JiraOperation op = JiraOperation.ISSUE_BULK_FETCH;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issueIdsOrKeys", idsOrKeys);
        body.put("fields", List.copyOf(withStandardFields(fields)));
        return read(call(op, Map.of()).json(write(body)).idempotent(true).build(), BulkFetchAnswer.class);
    }

    /**
     * The issues of the project carrying each of these labels (label → issues, with their issue type), one search per 50
     * labels. Jira's search is eventually consistent: an issue created or labelled moments ago may be missing, so an
     * empty answer means "not visible yet", never "not there".
     */
    public Map<String, List<JiraIssue>> issuesByLabel(String projectKey, List<String> labels) {
        Map<String, List<JiraIssue>> found = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i += JiraOperation.SEARCH.batchLimit()) {
            List<String> chunk = labels.subList(i, Math.min(labels.size(), i + JiraOperation.SEARCH.batchLimit()));
            for (JiraIssue issue : searchAll(Jql.projectIs(projectKey).andLabelsIn(chunk), List.of("labels", "issuetype"))) {
                issue.labels().stream().filter(chunk::contains).forEach(l -> found.computeIfAbsent(l, k -> new ArrayList<>()).add(issue));
            }
        }
        return found;
    }

    /** Edits an issue: sets {@code fields}. */
    public void edit(String idOrKey, Map<String, JiraFieldValue> fields) {
        sendEdit(idOrKey, fields, null);
    }

    /** Edits an issue: sets {@code fields} and changes its labels, leaving the labels it names nowhere as they are. */
    public void edit(String idOrKey, Map<String, JiraFieldValue> fields, LabelChanges labels) {
        sendEdit(idOrKey, fields, Objects.requireNonNull(labels, "labels"));
    }

    private void sendEdit(String idOrKey, Map<String, JiraFieldValue> fields, LabelChanges labels) {
        JiraOperation op = JiraOperation.ISSUE_EDIT;
        Map<String, Object> body = new LinkedHashMap<>();
        if (!fields.isEmpty() || labels == null) {
            body.put("fields", JiraFieldJson.render(fields));
        }
        if (labels != null) {
            List<Map<String, String>> operations = new ArrayList<>();
            labels.remove().forEach(l -> operations.add(Map.of("remove", l)));
            labels.add().forEach(l -> operations.add(Map.of("add", l)));
            body.put("update", Map.of("labels", operations));
        }
        send(call(op, Map.of("issueIdOrKey", idOrKey)).json(write(body)).build());
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

    public List<Transition> transitions(String idOrKey) {
        JiraOperation op = JiraOperation.TRANSITIONS_LIST;
        TransitionsAnswer answer = read(call(op, Map.of("issueIdOrKey", idOrKey)).build(), TransitionsAnswer.class);
        return required(op, answer.transitions(), "transitions").stream()
                .map(t -> new Transition(t.id(), t.name(), status(t.to()))).toList();
    }

    /** The body of {@code POST /rest/api/3/workflows}: the workflows of these project and issue type pairs. */
    record WorkflowsQuery(List<ProjectAndIssueType> projectAndIssueTypes) {}

    record ProjectAndIssueType(String projectId, String issueTypeId) {}

    /**
     * The workflow issues of this type follow in the project, when the connector's account may read it (Administer Jira,
     * or Administer projects / View (read-only) workflow for a project-scoped one): empty when Jira refuses (401, 403)
     * or names no workflow, so a caller can fall back to what the issue's own transitions show.
     */
    public Optional<JiraWorkflow> workflow(String projectId, String issueTypeId) {
        JiraOperation op = JiraOperation.WORKFLOWS_READ;
        WorkflowsQuery body = new WorkflowsQuery(List.of(new ProjectAndIssueType(projectId, issueTypeId)));
        WorkflowsAnswer answer;
        try {
            answer = read(call(op, Map.of()).json(write(body)).idempotent(true).build(), WorkflowsAnswer.class);
        } catch (JiraApiException e) {
            if (e.status() == 401 || e.status() == 403) {
                return Optional.empty();
            }
            throw e;
        }
        if (answer.workflows() == null || answer.workflows().isEmpty() || answer.workflows().get(0) == null) {
            return Optional.empty();
        }
        Map<String, WorkflowsAnswer.WorkflowStatus> statuses = new LinkedHashMap<>();
        required(op, answer.statuses(), "statuses").forEach(st -> statuses.put(st.statusReference() != null ? st.statusReference() : st.id(), st));
        WorkflowsAnswer.WorkflowAnswer w = answer.workflows().get(0);
        List<JiraWorkflow.Status> used = new ArrayList<>();
        for (WorkflowsAnswer.StatusUse use : required(op, w.statuses(), "workflows[0].statuses")) {
            WorkflowsAnswer.WorkflowStatus st = statuses.get(use.statusReference());
            if (st == null) {
                throw unexpected(op, "a workflow status without its details: " + use.statusReference(), null);
            }
            used.add(new JiraWorkflow.Status(use.statusReference(), st.id(), st.name()));
        }
        List<JiraWorkflow.Step> steps = new ArrayList<>();
        for (WorkflowsAnswer.TransitionAnswer t : required(op, w.transitions(), "workflows[0].transitions")) {
            JiraWorkflow.Kind kind;
            try {
                kind = JiraWorkflow.Kind.valueOf(t.type() == null ? "DIRECTED" : t.type());
            } catch (IllegalArgumentException unknown) {
                continue; // a transition type this connector does not know cannot be planned with
            }
            List<String> from = t.links() == null ? List.of() : t.links().stream().filter(Objects::nonNull)
                    .map(WorkflowsAnswer.Link::fromStatusReference).filter(Objects::nonNull).toList();
            steps.add(new JiraWorkflow.Step(t.id(), t.name(), kind, from, t.toStatusReference()));
        }
        return Optional.of(new JiraWorkflow(w.id(), w.name(), used, steps));
    }

    /**
     * Takes a transition once. After an ambiguous failure the issue is read with its changelog (reads by key are
     * consistent): the transition took effect only if the changelog shows the connector's own account moving the issue
     * to the target status since the transition was sent. An issue already in the target status by someone else's move
     * is not moved again (a second step would take it further) and is answered as such, never as the connector's move.
     */
    public TransitionResult transition(String idOrKey, String transitionId, String targetStatus) {
        JiraOperation op = JiraOperation.TRANSITION;
        java.time.Instant sent = java.time.Instant.now();
        return executor.writeOnce(op.name(), () -> {
            send(call(op, Map.of("issueIdOrKey", idOrKey)).json(write(Map.of("transition", Map.of("id", transitionId)))).build());
            return TransitionResult.MOVED;
        }, () -> issueWithChangelog(idOrKey, List.of("status")).flatMap(issue -> {
            if (movedBy(issue, ownAccountId(), targetStatus, sent)) {
                return Optional.of(TransitionResult.MOVED);
            }
            return issue.statusName().equalsIgnoreCase(targetStatus) ? Optional.of(TransitionResult.ALREADY_THERE) : Optional.empty();
        }));
    }

    /** What a transition did: the connector moved the issue, or found it already in the target status by another's move. */
    public enum TransitionResult { MOVED, ALREADY_THERE }

    /** Whether the changelog shows this account moving the issue to the status at or after {@code since}. */
    static boolean movedBy(JiraIssue issue, String accountId, String status, java.time.Instant since) {
        // Jira's clock and ours differ a little: a move up to a few seconds "before" the send is still ours
        java.time.Instant from = since.minusSeconds(5);
        return issue.changelog().stream()
                .filter(h -> accountId != null && accountId.equals(h.authorAccountId()) && h.created() != null && !h.created().isBefore(from))
                .flatMap(h -> h.items().stream())
                .anyMatch(i -> "status".equalsIgnoreCase(i.fieldId() != null ? i.fieldId() : i.field()) && status.equalsIgnoreCase(i.toText()));
    }

    private final Map<JiraCredentials, String> ownAccounts = new java.util.concurrent.ConcurrentHashMap<>();

    /** The connector's own account id on the connected site (read once per credentials). */
    private String ownAccountId() {
        JiraCredentials creds = credentials.credentials();
        return ownAccounts.computeIfAbsent(creds, c -> myself(c).accountId());
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
        SearchAnswer answer = read(call(op, Map.of()).json(write(body)).idempotent(true).build(), SearchAnswer.class);
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
            return Optional.of(comment(read(call(op, Map.of("issueIdOrKey", idOrKey, "id", commentId)).build(), CommentAnswer.class)));
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
            CommentsAnswer page = read(call(op, Map.of("issueIdOrKey", idOrKey)).query("startAt", startAt)
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
                () -> comment(read(call(op, Map.of("issueIdOrKey", idOrKey)).json(write(Map.of("body", adf))).build(), CommentAnswer.class)),
                () -> comments(idOrKey).stream().filter(c -> c.body() != null && c.body().toString().contains(marker)).findFirst());
    }

    public void updateComment(String idOrKey, String commentId, JsonNode adf) {
        JiraOperation op = JiraOperation.COMMENT_UPDATE;
        send(call(op, Map.of("issueIdOrKey", idOrKey, "id", commentId)).json(write(Map.of("body", adf))).build());
    }

    // ---- attachments -----------------------------------------------------------------------------------------------------

    /**
     * The attachment's metadata when it is one of the issue's attachments, else empty (also when the issue is gone).
     * Read from the issue, one call like reading the attachment itself, because Jira's attachment metadata does not name
     * its issue: an attachment id a webhook names is used only for the issue it belongs to.
     */
    public Optional<JiraAttachment> issueAttachment(String issueIdOrKey, String attachmentId) {
        return issue(issueIdOrKey, List.of("attachment"))
                .flatMap(issue -> issue.attachments().stream().filter(a -> attachmentId.equals(a.id())).findFirst());
    }

    /** The attachment's bytes, byte-exact. */
    public byte[] attachmentContent(String attachmentId) {
        JiraOperation op = JiraOperation.ATTACHMENT_CONTENT;
        return send(call(op, Map.of("id", attachmentId)).header("Accept", "*/*").build()).body();
    }

    /**
     * Attaches one file once (multipart part "file"; Jira requires {@code X-Atlassian-Token: no-check}): after an
     * ambiguous failure the issue's attachments are looked through for this file name and size before it is sent again
     * (the caller makes the name carry the source's id, so name and size together name this copy).
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
            JiraAttachment[] added = read(call(op, Map.of("issueIdOrKey", idOrKey)).header("X-Atlassian-Token", "no-check")
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
            ProjectsAnswer page = read(call(op, Map.of()).query("startAt", startAt).query("maxResults", op.batchLimit()).build(),
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
            IssueTypesAnswer page = read(call(op, Map.of("projectIdOrKey", projectKey)).query("startAt", all.size())
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
            FieldsAnswer page = read(call(op, Map.of("projectIdOrKey", projectKey, "issueTypeId", issueTypeId)).query("startAt", all.size())
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
        IssueTypeStatuses[] perType = read(call(op, Map.of("projectIdOrKey", projectKey)).build(), IssueTypeStatuses[].class);
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
                .account(rateAccount(creds.baseUrl()))
                // Jira limits writes per issue (RateLimit-Reason jira-per-issue-on-write): a 429 holds back that issue alone
                .writeTarget(op.method().equals("GET") ? null : variables.get("issueIdOrKey"))
                .header("Authorization", creds.basicAuthorization())
                .header("Accept", "application/json");
    }

    /** The account a site's calls spend the rate budget of (and are counted under): see {@link ApiBaseUrls#jiraSiteAccount}. */
    public static String rateAccount(String baseUrl) {
        return ApiBaseUrls.jiraSiteAccount(baseUrl);
    }

    private ApiResponse send(ApiRequest request) {
        return calls.send(request);
    }

    private <T> T read(ApiRequest request, Class<T> type) {
        return calls.read(request, type);
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
        return calls.write(body);
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
                changelog.add(new ChangeHistory(h.author() == null ? null : h.author().accountId(), Instants.parseOrNull(h.created()), items));
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
        record History(JiraUser author, String created, List<Item> items) {}

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
        record BulkError(Integer failedElementNumber, JsonNode elementErrors, Integer status) {}
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TransitionsAnswer(List<TransitionAnswer> transitions) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record TransitionAnswer(String id, String name, StatusAnswer to) {}
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record WorkflowsAnswer(List<WorkflowStatus> statuses, List<WorkflowAnswer> workflows) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record WorkflowStatus(String id, String name, String statusReference) {}

        @JsonIgnoreProperties(ignoreUnknown = true)
        record WorkflowAnswer(String id, String name, List<StatusUse> statuses, List<TransitionAnswer> transitions) {}

        @JsonIgnoreProperties(ignoreUnknown = true)
        record StatusUse(String statusReference) {}

        @JsonIgnoreProperties(ignoreUnknown = true)
        record TransitionAnswer(String id, String name, String type, String toStatusReference, List<Link> links) {}

        @JsonIgnoreProperties(ignoreUnknown = true)
        record Link(String fromStatusReference) {}
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SearchAnswer(List<IssueAnswer> issues, String nextPageToken, Boolean isLast) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BulkFetchAnswer(List<IssueAnswer> issues, List<IssueFetchError> issueErrors) {
        BulkFetchAnswer {
            issueErrors = issueErrors == null ? List.of() : issueErrors;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record IssueFetchError(String id, String errorMessage) {}

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
