package io.hubjira.sandbox.jira;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The state of the simulated Jira Cloud site: users and API tokens, projects, issue types, create fields, the workflow
 * (To Do ⇄ In Progress ⇄ Done, and In Review reachable only through In Progress), issues with changelog, comments,
 * attachments and properties. Every change fires the webhook a real site would, with whoever made it as the actor.
 * Tests act "as a human user" through {@link #asUser}.
 */
@Component
@Profile("sandbox")
public class JiraSandbox {

    public record User(String accountId, String email, String displayName, String apiToken) {}

    public record Status(String id, String name, String categoryKey) {}

    public record Transition(String id, String name, String from, String to) {}

    public record FieldDef(String id, String name, String type, String items, String system, String custom, boolean required,
                           List<String> allowedValues, String issueType) {}

    public record Project(String id, String key, String name) {}

    /** One issue; field values are kept as the JSON Jira returns. */
    public static final class Issue {
        public final String id;
        public final String key;
        public final String projectKey;
        public String issueTypeId;
        public String statusId;
        public final ObjectNode fields;
        public Instant created;
        public Instant updated;
        public Instant statusCategoryChanged;
        public final List<ObjectNode> comments = new ArrayList<>();
        public final List<ObjectNode> attachments = new ArrayList<>();
        public final Map<String, byte[]> attachmentBytes = new LinkedHashMap<>();
        public final Map<String, JsonNode> properties = new LinkedHashMap<>();
        /** Remote issue links, in the order they were added (each with its id, and its globalId when given). */
        public final List<ObjectNode> remoteLinks = new ArrayList<>();
        public final List<ObjectNode> changelog = new ArrayList<>();
        public boolean deleted;
        /** What search sees of the issue, version by version, each from when it becomes visible (empty: search sees it live). */
        final List<Indexed> indexed = new ArrayList<>();

        Issue(String id, String key, String projectKey, ObjectNode fields) {
            this.id = id;
            this.key = key;
            this.projectKey = projectKey;
            this.fields = fields;
        }
    }

    /**
     * The connector's account on the demo site. Another site's connector account is set with
     * {@code connector.sandbox.jira.account-id} (the people's accounts are Atlassian accounts: the same ids on every site).
     */
    public static final String DEFAULT_CONNECTOR_ACCOUNT_ID = "557058:00000000-0000-4000-8000-00000000c0de";

    static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    public static final Map<String, Status> STATUSES = new LinkedHashMap<>();
    public static final List<Transition> TRANSITIONS = List.of(
            new Transition("11", "Start progress", "10000", "3"),
            new Transition("21", "Done", "3", "10002"),
            new Transition("31", "Stop progress", "3", "10000"),
            new Transition("41", "Request review", "3", "10001"),
            new Transition("51", "Approve", "10001", "10002"),
            new Transition("61", "Back to work", "10001", "3"),
            new Transition("71", "Reopen", "10002", "10000"),
            new Transition("81", "Resume", "10002", "3"));

    static {
        STATUSES.put("10000", new Status("10000", "To Do", "new"));
        STATUSES.put("3", new Status("3", "In Progress", "indeterminate"));
        STATUSES.put("10001", new Status("10001", "In Review", "indeterminate"));
        STATUSES.put("10002", new Status("10002", "Done", "done"));
    }

    /**
     * Jira Cloud's limit for a comment, a description and a text area, in characters. How Jira counts an ADF body is
     * not documented; the simulator counts its JSON, which is never shorter than its text (never kinder than Jira).
     */
    static final int TEXT_LIMIT = 32_767;

    final ObjectMapper json;
    /** The site's workflow (every project and issue type): {@link #TRANSITIONS} unless a test removed some. */
    final List<Transition> transitions = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, User> usersByEmail = new ConcurrentHashMap<>();
    final Map<String, Project> projects = new LinkedHashMap<>();
    final Map<String, List<String[]>> issueTypes = new LinkedHashMap<>();
    final List<FieldDef> fields = new ArrayList<>();
    final Map<String, Issue> issues = new ConcurrentHashMap<>();
    /** Project permissions per user and project key (BROWSE_PROJECTS, EDIT_ISSUES, …), as a site's permission scheme grants them. */
    final Map<String, Map<String, java.util.Set<String>>> grants = new ConcurrentHashMap<>();
    /** Users holding the Administer Jira global permission. */
    final java.util.Set<String> administrators = ConcurrentHashMap.newKeySet();
    final Map<String, String> attachmentIssue = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(10000);
    private final Map<String, AtomicLong> keyCounters = new ConcurrentHashMap<>();
    private final String connectorEmail;
    private final String connectorToken;
    private final String connectorAccountId;
    private volatile JiraWebhookSender webhooks;
    private final ThreadLocal<User> actingAs = new ThreadLocal<>();

    /** The length of an ADF body's JSON, as the simulator counts it against {@link #TEXT_LIMIT}. */
    int jsonLength(com.fasterxml.jackson.databind.JsonNode adf) {
        try {
            return json.writeValueAsString(adf).length();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public JiraSandbox(ObjectMapper json,
                       @Value("${connector.sandbox.jira.email:connector@example.com}") String connectorEmail,
                       @Value("${connector.sandbox.jira.api-token:sandbox-jira-token}") String connectorToken,
                       @Value("${connector.sandbox.jira.account-id:" + DEFAULT_CONNECTOR_ACCOUNT_ID + "}") String connectorAccountId) {
        this.json = json;
        this.connectorEmail = connectorEmail;
        this.connectorToken = connectorToken;
        this.connectorAccountId = connectorAccountId;
        reset();
    }

    /**
     * Jira's search is eventually consistent: a new issue shows up in search results only this long after it was
     * created, and an edited one with its new values only this long after the edit (until then search matches and answers
     * the issue as it was), unless the search names it in reconcileIssues (reads by key or id are always current). 0 by
     * default; a test sets it before the writes it wants to lag.
     */
    private volatile long searchLagMillis;

    /** One version of an issue in the search index, visible from {@code visibleAt}. */
    record Indexed(Instant visibleAt, Issue view) {}

    public synchronized void setSearchLagMillis(long millis) {
        this.searchLagMillis = Math.max(0, millis);
        if (searchLagMillis > 0) {
            // what search shows now stays visible until a lagging write replaces it
            issues.values().stream().filter(i -> i.indexed.isEmpty()).forEach(i -> i.indexed.add(new Indexed(Instant.EPOCH, searchCopy(i))));
        }
    }

    /** The issue was created or changed: search sees this version once the lag has passed. */
    void indexed(Issue issue) {
        if (searchLagMillis == 0 && issue.indexed.isEmpty()) {
            return;
        }
        synchronized (issue) {
            Instant now = Instant.now();
            // versions already replaced by a visible later one are forgotten
            int visible = -1;
            for (int k = 0; k < issue.indexed.size(); k++) {
                if (!issue.indexed.get(k).visibleAt().isAfter(now)) {
                    visible = k;
                }
            }
            if (visible > 0) {
                issue.indexed.subList(0, visible).clear();
            }
            issue.indexed.add(new Indexed(now.plusMillis(searchLagMillis), searchCopy(issue)));
        }
    }

    /** The issue as search sees it now, or empty while no version of it is visible yet; reconciled issues are current. */
    public Optional<Issue> searchView(Issue issue, java.util.Collection<String> reconcile) {
        if (reconcile.contains(issue.id)) {
            return Optional.of(issue);
        }
        synchronized (issue) {
            if (issue.indexed.isEmpty()) {
                return Optional.of(issue);
            }
            Instant now = Instant.now();
            for (int k = issue.indexed.size() - 1; k >= 0; k--) {
                if (!issue.indexed.get(k).visibleAt().isAfter(now)) {
                    return Optional.of(issue.indexed.get(k).view());
                }
            }
            return Optional.empty();
        }
    }

    private static Issue searchCopy(Issue live) {
        Issue copy = new Issue(live.id, live.key, live.projectKey, live.fields.deepCopy());
        copy.issueTypeId = live.issueTypeId;
        copy.statusId = live.statusId;
        copy.created = live.created;
        copy.updated = live.updated;
        copy.statusCategoryChanged = live.statusCategoryChanged;
        copy.comments.addAll(live.comments);
        copy.attachments.addAll(live.attachments);
        copy.properties.putAll(live.properties);
        copy.changelog.addAll(live.changelog);
        return copy;
    }

    void attach(JiraWebhookSender sender) {
        this.webhooks = sender;
    }

    public synchronized void reset() {
        searchLagMillis = 0;
        transitions.clear();
        transitions.addAll(TRANSITIONS);
        usersByEmail.clear();
        projects.clear();
        issueTypes.clear();
        fields.clear();
        issues.clear();
        attachmentIssue.clear();
        keyCounters.clear();
        grants.clear();
        administrators.clear();
        ids.set(10000);
        addUser(new User(connectorAccountId, connectorEmail, "HubSpot Connector", connectorToken));
        addUser(new User("5b10ac8d82e05b22cc7d4ef1", "ada.lovelace@example.com", "Ada Lovelace", "ada-token"));
        addUser(new User("5b10ac8d82e05b22cc7d4ef2", "grace.hopper@example.com", "Grace Hopper", "grace-token"));
        addUser(new User("5b10ac8d82e05b22cc7d4ef3", "alan.turing@example.com", "Alan Turing", "alan-token"));
        JiraDemoData.seed(this);
        // the connector's account administers the site; Ada edits everywhere; Grace only looks at SUP and ENG; Alan works in SUP only
        User connector = connectorUser();
        administrators.add(connector.accountId());
        for (String project : projects.keySet()) {
            grant(connector.accountId(), project, BROWSE, EDIT);
            grant("5b10ac8d82e05b22cc7d4ef1", project, BROWSE, EDIT);
        }
        grant("5b10ac8d82e05b22cc7d4ef2", "SUP", BROWSE);
        grant("5b10ac8d82e05b22cc7d4ef2", "ENG", BROWSE);
        grant("5b10ac8d82e05b22cc7d4ef3", "SUP", BROWSE, EDIT);
    }

    /** The workflow's transitions now. */
    public List<Transition> transitions() {
        return List.copyOf(transitions);
    }

    /** An administrator removes a transition from the workflow (until the next reset). */
    public void removeTransition(String id) {
        transitions.removeIf(t -> t.id().equals(id));
    }

    public static final String BROWSE = "BROWSE_PROJECTS";
    public static final String EDIT = "EDIT_ISSUES";
    /** The project permissions a site knows (a subset of Jira's built-in ones). */
    static final java.util.Set<String> PROJECT_PERMISSIONS = java.util.Set.of(BROWSE, EDIT, "CREATE_ISSUES", "TRANSITION_ISSUES",
            "ADD_COMMENTS", "CREATE_ATTACHMENTS", "DELETE_ISSUES", "ASSIGN_ISSUES", "LINK_ISSUES", "ADMINISTER_PROJECTS", "WORK_ON_ISSUES");
    static final java.util.Set<String> GLOBAL_PERMISSIONS = java.util.Set.of("ADMINISTER", "SYSTEM_ADMIN", "USER_PICKER", "CREATE_SHARED_OBJECTS",
            "BULK_CHANGE", "MANAGE_GROUP_FILTER_SUBSCRIPTIONS");

    /** The user gets these project permissions in the project. */
    public void grant(String accountId, String projectKey, String... permissions) {
        grants.computeIfAbsent(accountId, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(projectKey, p -> ConcurrentHashMap.newKeySet()).addAll(List.of(permissions));
    }

    /** The user loses these project permissions in the project. */
    public void revoke(String accountId, String projectKey, String... permissions) {
        grants.getOrDefault(accountId, Map.of()).getOrDefault(projectKey, java.util.Set.of()).removeAll(List.of(permissions));
    }

    /** Whether the user holds the Administer Jira global permission. */
    public void setAdministrator(String accountId, boolean administrator) {
        if (administrator) {
            administrators.add(accountId);
        } else {
            administrators.remove(accountId);
        }
    }

    boolean has(String accountId, String projectKey, String permission) {
        return grants.getOrDefault(accountId, Map.of()).getOrDefault(projectKey, java.util.Set.of()).contains(permission);
    }

    public void addUser(User user) {
        usersByEmail.put(user.email().toLowerCase(), user);
    }

    /** An admin adds a field to the create screens (until the next reset). */
    public synchronized void addField(FieldDef field) {
        fields.add(field);
    }

    public User connectorUser() {
        return usersByEmail.get(connectorEmail.toLowerCase());
    }

    public Optional<User> user(String email) {
        return Optional.ofNullable(usersByEmail.get(email.toLowerCase()));
    }

    public Optional<User> userById(String accountId) {
        return usersByEmail.values().stream().filter(u -> u.accountId().equals(accountId)).findFirst();
    }

    /** Runs changes as a human user (webhooks name them as the actor). */
    public <T> T asUser(String email, java.util.function.Supplier<T> change) {
        User previous = actingAs.get();
        actingAs.set(user(email).orElseThrow());
        try {
            return change.get();
        } finally {
            if (previous == null) {
                actingAs.remove();
            } else {
                actingAs.set(previous);
            }
        }
    }

    User actor() {
        User u = actingAs.get();
        return u == null ? connectorUser() : u;
    }

    void actAs(User user) {
        actingAs.set(user);
    }

    void stopActing() {
        actingAs.remove();
    }

    // ---- lookups ---------------------------------------------------------------------------------------------------

    /** A Jira user deletes the issue: it is gone, and the webhook jira:issue_deleted goes out. */
    public void deleteIssue(Issue issue) {
        synchronized (this) {
            issue.deleted = true;
        }
        fire("jira:issue_deleted", issue, null, null, "issue_deleted");
    }

    /** An issue that was in Jira before the connector came (no webhook), in To Do. */
    public synchronized Issue existingIssue(String projectKey, String issueTypeId, String summary) {
        return JiraIssues.createDirect(this, projectKey, issueTypeId, summary, "10000");
    }

    public Optional<Issue> issue(String idOrKey) {
        Issue i = issues.get(idOrKey);
        if (i == null) {
            i = issues.values().stream().filter(x -> x.key.equals(idOrKey)).findFirst().orElse(null);
        }
        return Optional.ofNullable(i).filter(x -> !x.deleted);
    }

    public List<Issue> allIssues() {
        return issues.values().stream().filter(i -> !i.deleted).sorted((a, b) -> Long.compare(Long.parseLong(a.id), Long.parseLong(b.id))).toList();
    }

    Optional<Project> project(String idOrKey) {
        return projects.values().stream().filter(p -> p.key().equals(idOrKey) || p.id().equals(idOrKey)).findFirst();
    }

    List<FieldDef> fieldsFor(String issueTypeId) {
        return fields.stream().filter(f -> f.issueType() == null || f.issueType().equals(issueTypeId)).toList();
    }

    Optional<FieldDef> field(String id) {
        return fields.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    String nextId() {
        return String.valueOf(ids.incrementAndGet());
    }

    String nextKey(String projectKey) {
        return projectKey + "-" + keyCounters.computeIfAbsent(projectKey, k -> new AtomicLong()).incrementAndGet();
    }

    static String time(Instant instant) {
        return JIRA_TIME.format(instant);
    }

    ObjectNode userJson(User u, String base) {
        ObjectNode n = json.createObjectNode();
        n.put("self", base + "/rest/api/3/user?accountId=" + u.accountId());
        n.put("accountId", u.accountId());
        n.put("emailAddress", u.email());
        n.putObject("avatarUrls").put("48x48", "https://avatar.example.invalid/48").put("24x24", "https://avatar.example.invalid/24")
                .put("16x16", "https://avatar.example.invalid/16").put("32x32", "https://avatar.example.invalid/32");
        n.put("displayName", u.displayName());
        n.put("active", true);
        n.put("timeZone", "Etc/UTC");
        n.put("accountType", "atlassian");
        return n;
    }

    ObjectNode statusJson(Status s, String base) {
        ObjectNode n = json.createObjectNode();
        n.put("self", base + "/rest/api/3/status/" + s.id());
        n.put("description", "");
        n.put("iconUrl", base + "/images/icons/statuses/generic.png");
        n.put("name", s.name());
        n.put("id", s.id());
        ObjectNode c = n.putObject("statusCategory");
        int catId = switch (s.categoryKey()) {
            case "new" -> 2;
            case "indeterminate" -> 4;
            case "done" -> 3;
            default -> 1;
        };
        c.put("self", base + "/rest/api/3/statuscategory/" + catId);
        c.put("id", catId);
        c.put("key", s.categoryKey());
        c.put("colorName", switch (s.categoryKey()) {
            case "new" -> "blue-gray";
            case "indeterminate" -> "yellow";
            case "done" -> "green";
            default -> "medium-gray";
        });
        c.put("name", switch (s.categoryKey()) {
            case "new" -> "To Do";
            case "indeterminate" -> "In Progress";
            case "done" -> "Done";
            default -> "No Category";
        });
        return n;
    }

    void fire(String event, Issue issue, ObjectNode extra, ArrayNode changelogItems, String issueEventTypeName) {
        indexed(issue);
        JiraWebhookSender sender = webhooks;
        if (sender != null) {
            sender.fire(event, issue, extra, changelogItems, issueEventTypeName, actor());
        }
    }
}
