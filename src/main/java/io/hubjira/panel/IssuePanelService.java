package io.hubjira.panel;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.hubjira.audit.AuditLog;
import io.hubjira.audit.DeadLetters;
import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.HubSpotMetadata;
import io.hubjira.catalog.HubSpotObjectCatalog;
import io.hubjira.connection.ConnectionStore;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.HubSpotScope;
import io.hubjira.connection.JiraScope;
import io.hubjira.convert.RecordFilters;
import io.hubjira.failure.ConflictException;
import io.hubjira.failure.NotFoundException;
import io.hubjira.failure.PermissionDeniedException;
import io.hubjira.http.Page;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.hubspot.RecordSearch;
import io.hubjira.hubspottojira.CreatedIssue;
import io.hubjira.hubspottojira.CreationRequest;
import io.hubjira.hubspottojira.CreationSteps;
import io.hubjira.hubspottojira.LinkedRecordSync;
import io.hubjira.item.FieldMapping;
import io.hubjira.item.ItemDefinition;
import io.hubjira.item.ItemRepository;
import io.hubjira.item.SmartConnectedItem;
import io.hubjira.jira.JiraIssue;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink.LinkType;
import io.hubjira.link.RecordLink.Step;
import io.hubjira.link.RecordLink;
import io.hubjira.queue.ChangedRecord;
import io.hubjira.queue.HeldClaims;
import io.hubjira.queue.HubSpotChangeQueue;
import io.hubjira.queue.WorkClaims;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * What a Jira user sees and does in the issue panel of one Jira site (the {@link JiraScope} of the Jira connection the
 * request comes from): one card per Smart Connected Item bound to that site and applying to the issue's project, link a
 * record (by id or by searching its name/title), refresh it now, unlink a manual link, and browse its associated
 * records. Every operation acts for its {@link PanelActor}: a Jira user sees an issue only when Jira lets them browse
 * it (else the issue does not exist for them, as in Jira), and searches, links, refreshes and unlinks only with Jira's
 * Edit issues permission on it; an issue no item applies to shows nothing of itself. A person's actions are audited
 * with who they are. An item of another site does not exist here (404); the issue is read through the site's client,
 * the item's records through the client of the item's own HubSpot connection, and record URLs name that portal.
 */
@Service
public class IssuePanelService {

    static final String AUTO_MANAGED = "This HubSpot record was linked automatically by the Smart Connected Item, so it is "
            + "read-only here. Refresh pulls the latest HubSpot data without waiting for the next scheduled run.";
    /** A Jira issue key (PROJECT-123; project keys start with a letter) or a numeric issue id. */
    static final java.util.regex.Pattern ISSUE_KEY_OR_ID = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,254}-\\d{1,18}|\\d{1,18}");
    /** HubSpot's search query limit. */
    static final int MAX_SEARCH_TEXT = 3000;
    static final List<String> ASSOCIATED_TYPES = List.of("contacts", "companies", "deals", "tickets");

    private final ConnectionStore connections;
    private final ItemRepository items;
    private final LinkStore links;
    private final ItemContexts contexts;
    private final LinkedRecordSync linkedSync;
    private final HubSpotChangeQueue changes;
    private final CreationSteps creationSteps;
    private final WorkClaims claims;
    private final AuditLog audit;
    private final DeadLetters deadLetters;
    private final JiraUserPermissions permissions;
    private final java.time.Clock clock;

    public IssuePanelService(ConnectionStore connections, ItemRepository items, LinkStore links, ItemContexts contexts,
                             LinkedRecordSync linkedSync, HubSpotChangeQueue changes, CreationSteps creationSteps, WorkClaims claims,
                             AuditLog audit, DeadLetters deadLetters, JiraUserPermissions permissions, java.time.Clock clock) {
        this.permissions = permissions;
        this.clock = clock;
        this.deadLetters = deadLetters;
        this.changes = changes;
        this.creationSteps = creationSteps;
        this.claims = claims;
        this.connections = connections;
        this.items = items;
        this.links = links;
        this.contexts = contexts;
        this.linkedSync = linkedSync;
        this.audit = audit;
    }

    /** The panel of a connector that has no Jira site (or no HubSpot portal) to show anything from yet. */
    public Map<String, Object> notConfigured(String issueKey) {
        Map<String, Object> panel = new LinkedHashMap<>();
        panel.put("issueKey", issueKey);
        panel.put("state", "NOT_CONFIGURED");
        panel.put("message", "HubSpot connection not configured");
        return panel;
    }

    public Map<String, Object> panel(JiraScope site, String issueKey, PanelActor actor) {
        if (connections.hubSpotConnections().stream().noneMatch(HubSpotConnection::active)) {
            return notConfigured(issueKey);
        }
        Map<String, Object> panel = new LinkedHashMap<>();
        panel.put("issueKey", issueKey);
        JiraIssue issue = issue(site, issueKey);
        JiraUserPermissions.Grants grants = access(site, actor, issue, issueKey);
        List<SmartConnectedItem> applicable = itemsFor(site, issue);
        if (applicable.isEmpty()) {
            // nothing of the issue itself: the panel has no business with it
            panel.put("state", "NO_ITEMS");
            panel.put("message", "No Smart Connected Item applies to this issue's project and issue type.");
            return panel;
        }
        panel.put("project", issue.projectKey());
        panel.put("summary", issue.summary());
        panel.put("issueType", issue.issueTypeName().orElse(null));
        panel.put("state", "READY");
        panel.put("canEdit", grants.edit());
        List<Map<String, Object>> cards = new ArrayList<>();
        for (SmartConnectedItem item : applicable) {
            cards.add(card(item, issue, grants.edit()));
        }
        panel.put("cards", cards);
        return panel;
    }

    private Map<String, Object> card(SmartConnectedItem item, JiraIssue issue, boolean canEdit) {
        ItemDefinition d = item.definition();
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("itemId", item.id());
        card.put("name", d.name());
        card.put("module", HubSpotObjectCatalog.module(d.hubspotModule()).map(HubSpotObjectCatalog.Module::label).orElse(d.hubspotModule()));
        HubSpotScope hub;
        try {
            hub = contexts.hubspotScope(item);
        } catch (HubSpotNotConnectedException revoked) {
            // the item's portal is revoked: the card says so, and nothing of the portal can be shown or done
            card.put("objectType", d.hubspotObject());
            card.put("problem", "The HubSpot connection of '" + d.name() + "' is revoked: connect it again to see or link its records.");
            card.put("actions", List.of());
            return card;
        }
        card.put("object", hub.metadata().label(d.hubspotObject()));
        card.put("objectType", d.hubspotObject());
        card.put("mode", d.mode());
        card.put("statusSync", d.mode().isSynchronized() && d.isStatusSync());
        card.put("associatedRecords", d.isAssociatedRecords());
        Optional<RecordLink> link = linkOf(item, issue);
        if (link.isEmpty()) {
            card.put("link", null);
            card.put("actions", canEdit ? List.of("LINK") : List.of());
            return card;
        }
        card.put("link", linkView(hub, item, link.get()));
        if (!canEdit) {
            card.put("actions", List.of("OPEN"));
        } else {
            card.put("actions", link.get().type() == LinkType.MANUAL ? List.of("OPEN", "REFRESH", "UNLINK") : List.of("OPEN", "REFRESH"));
        }
        return card;
    }

    private Map<String, Object> linkView(HubSpotScope hub, SmartConnectedItem item, RecordLink link) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("recordId", link.recordId());
        view.put("linkType", link.type());
        view.put("openUrl", hub.recordUrl(item.definition().hubspotObject(), link.recordId()));
        view.put("preview", preview(hub, item, link.recordId()));
        if (link.type() == LinkType.AUTO) {
            view.put("readOnly", true);
            view.put("explanation", AUTO_MANAGED);
        }
        if (link.statusProblem() != null) {
            view.put("statusProblem", link.statusProblem());
        }
        view.put("lastSyncedAt", link.lastSyncedAt() == null ? null : link.lastSyncedAt().toString());
        deadLetters.openFor(item.id(), link.recordId(), link.issueKey(), item.jiraConnectionId()).stream().findFirst().ifPresent(letter -> view.put("failure", Map.of(
                "reason", letter.reason(), "attempts", letter.attempts(), "lastFailedAt", letter.lastFailedAt(), "deadLetterId", letter.id())));
        return view;
    }

    /** Label + value of the item's display fields (display-only) or mapped properties, plus the record's title. */
    private List<Map<String, String>> preview(HubSpotScope hub, SmartConnectedItem item, String recordId) {
        String objectType = item.definition().hubspotObject();
        List<String> names = previewProperties(hub, item);
        HubSpotRecord record = hub.client().read(objectType, recordId, names)
                .orElseThrow(() -> new NotFoundException("unknown_record", "HubSpot has no " + objectType + " record with id " + recordId + "."));
        Map<String, PropertyInfo> props = new LinkedHashMap<>();
        hub.metadata().properties(objectType).forEach(p -> props.put(p.name(), p));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String name : names) {
            PropertyInfo p = props.get(name);
            String raw = record.property(name);
            String shown = p == null ? raw : p.options().stream().filter(o -> o.value().equals(raw)).map(HubSpotMetadata.OptionInfo::label)
                    .findFirst().orElse(raw);
            Map<String, String> row = new LinkedHashMap<>();
            row.put("property", name);
            row.put("label", p == null ? name : p.label());
            row.put("value", shown);
            rows.add(row);
        }
        return rows;
    }

    private List<String> previewProperties(HubSpotScope hub, SmartConnectedItem item) {
        Set<String> names = new LinkedHashSet<>();
        names.add(hub.metadata().primaryDisplayProperty(item.definition().hubspotObject()));
        names.addAll(item.definition().displayFields());
        for (FieldMapping m : item.definition().fieldMappings()) {
            names.add(m.hubspotProperty());
        }
        return new ArrayList<>(names);
    }

    /** A HubSpot record id the panel can link, or 400 {@code invalid_record_id}: checked before any site is looked up. */
    public static String requireRecordId(String recordId) {
        if (recordId == null || !recordId.trim().matches("\\d{1,30}")) {
            throw new io.hubjira.failure.InvalidInputException(400, "invalid_record_id", "recordId", "recordId must be the numeric HubSpot record id.");
        }
        return recordId.trim();
    }

    public Map<String, Object> link(JiraScope site, String issueKey, long itemId, String recordId, PanelActor actor) {
        String id = requireRecordId(recordId);
        JiraIssue issue = issue(site, issueKey);
        SmartConnectedItem item = applicableItem(site, issue, itemId, actor, issueKey);
        requireEdit(site, actor, issue, item, id, "MANUAL_LINK", "link a HubSpot record to it");
        HubSpotScope hub = contexts.hubspotScope(item);
        String objectType = item.definition().hubspotObject();
        List<String> read = new ArrayList<>(List.of(HubSpotRecord.OBJECT_ID));
        read.addAll(filterProperties(item));
        HubSpotRecord record = hub.client().read(objectType, id, read)
                .orElseThrow(() -> new NotFoundException("unknown_record", "HubSpot has no " + objectType + " record with id " + id + "."));
        if (!inItemFilter(hub, item, record)) {
            throw new io.hubjira.failure.InvalidInputException(422, "record_outside_item", "recordId", "HubSpot " + objectType + " record " + id
                    + " is not one of the records '" + item.name() + "' syncs (its record filter); only those can be linked here.");
        }
        Optional<RecordLink> current = linkOf(item, issue);
        if (current.isPresent()) {
            throw new ConflictException("issue_already_linked", "Issue " + issueKey + " is already linked to " + objectType + " record "
                    + current.get().recordId() + " by '" + item.name() + "'; unlink it first.");
        }
        links.byRecord(itemId, id).ifPresent(other -> {
            throw new ConflictException("record_already_linked", "HubSpot record " + id + " is already linked to " + other.issueKey()
                    + " by '" + item.name() + "'.");
        });
        boolean synced = item.definition().mode().isSynchronized();
        // a synchronized link gets the issue link note and the record's notes as comments: durable steps, as after a creation
        Set<Step> steps = synced ? EnumSet.of(Step.LINK_NOTE, Step.REMOTE_LINK, Step.CONTENT) : EnumSet.noneOf(Step.class);
        RecordLink link;
        try (HeldClaims held = claims.hold()) {
            try {
                link = links.linkNow(held, itemId, objectType, id, issue.id(), issue.key(), LinkType.MANUAL, steps);
            } catch (DuplicateKeyException raced) {
                throw new ConflictException("record_already_linked", "HubSpot record " + id + " or issue " + issueKey + " was linked meanwhile.");
            }
            audit.record(itemId, id, link.issueKey(), AuditLog.Direction.NONE, "MANUAL_LINK", List.of(), AuditLog.Outcome.OK, null,
                    auditActor(site, actor));
            if (synced) {
                creationSteps.linkNotesAndContent(List.of(new CreatedIssue(new CreationRequest(itemId, link.id(), id, record, null, false),
                        issue.id(), issue.key(), false, null)));
            }
        }
        return linkView(hub, item, links.byId(link.id()).orElseThrow());
    }

    /**
     * Pulls the record now (display-only items: preview only): it is queued forced for hubspot-changes, which syncs it
     * through the same per-record route as the scheduled poll within a second or two; the answer waits for that (up
     * to 20 s) and then brings the record's notes across as well.
     */
    public Map<String, Object> refresh(JiraScope site, String issueKey, long itemId, PanelActor actor) {
        JiraIssue issue = issue(site, issueKey);
        SmartConnectedItem item = applicableItem(site, issue, itemId, actor, issueKey);
        RecordLink link = linkOf(item, issue).orElseThrow(() -> new NotFoundException("not_linked", "Issue " + issueKey + " has no record linked by '" + item.name() + "'."));
        requireEdit(site, actor, issue, item, link.recordId(), "REFRESH", "refresh its HubSpot record");
        HubSpotScope hub = contexts.hubspotScope(item);
        if (item.definition().mode().isSynchronized() && item.definition().isEnabled()) {
            ItemContext ctx = contexts.forItem(item);
            if (ctx.hubspot().client().read(ctx.objectType(), link.recordId(), List.of(HubSpotRecord.OBJECT_ID)).isEmpty()) {
                throw new NotFoundException("unknown_record", "HubSpot no longer has " + ctx.objectType() + " record " + link.recordId() + ".");
            }
            ChangedRecord again = new ChangedRecord(ctx.hubspot().connectionId(), ctx.objectType(), link.recordId(), true);
            changes.add(List.of(again), HubSpotChangeQueue.Reason.FORCED);
            changes.awaitDone(again, java.time.Duration.ofSeconds(20));
            linkedSync.reconcileCommentsAndAttachments(ctx, link);
        }
        audit.record(itemId, link.recordId(), link.issueKey(), AuditLog.Direction.NONE, "REFRESH", List.of(), AuditLog.Outcome.OK, null,
                auditActor(site, actor));
        return linkView(hub, item, links.byId(link.id()).orElseThrow());
    }

    public void unlink(JiraScope site, String issueKey, long itemId, PanelActor actor) {
        JiraIssue issue = issue(site, issueKey);
        SmartConnectedItem item = applicableItem(site, issue, itemId, actor, issueKey);
        RecordLink link = linkOf(item, issue).orElseThrow(() -> new NotFoundException("not_linked", "Issue " + issueKey + " has no record linked by '" + item.name() + "'."));
        requireEdit(site, actor, issue, item, link.recordId(), "UNLINK", "unlink its HubSpot record");
        if (link.type() == LinkType.AUTO) {
            throw new ConflictException("auto_managed_link", AUTO_MANAGED);
        }
        links.delete(link.id());
        audit.record(itemId, link.recordId(), link.issueKey(), AuditLog.Direction.NONE, "UNLINK", List.of(), AuditLog.Outcome.OK, null,
                auditActor(site, actor));
    }

    /**
     * Records of the item's object whose name/title contains the text, a page at a time: only records the item
     * syncs (its record filter), and nothing without a text (never the whole portal). Searching is for linking, so
     * it takes the Edit issues permission.
     */
    public Map<String, Object> search(JiraScope site, String issueKey, long itemId, String text, String after, PanelActor actor) {
        if (text != null && text.length() > MAX_SEARCH_TEXT) {
            throw new io.hubjira.failure.InvalidInputException(422, "search_text_too_long", "q", "The search text must be at most "
                    + MAX_SEARCH_TEXT + " characters (HubSpot's limit); it has " + text.length() + ".");
        }
        if (after != null && after.length() > 200) {
            throw new io.hubjira.failure.InvalidInputException(422, "invalid_cursor", "after", "The paging cursor must be at most 200 characters.");
        }
        JiraIssue issue = issue(site, issueKey);
        SmartConnectedItem item = applicableItem(site, issue, itemId, actor, issueKey);
        JiraUserPermissions.Grants grants = access(site, actor, issue, issueKey);
        if (!grants.edit()) {
            throw editRequired(issue.key(), "search HubSpot records to link to it");
        }
        Map<String, Object> page = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            page.put("results", List.of());
            page.put("total", 0);
            page.put("after", null);
            return page;
        }
        HubSpotScope hub = contexts.hubspotScope(item);
        String objectType = item.definition().hubspotObject();
        String display = hub.metadata().primaryDisplayProperty(objectType);
        List<String> properties = new ArrayList<>(List.of(display));
        properties.addAll(filterProperties(item));
        List<RecordSearch.Filter> filters = List.of(RecordSearch.Filter.of(display, "CONTAINS_TOKEN", "*" + text.trim() + "*"));
        RecordSearch search = new RecordSearch(List.of(filters), List.of(RecordSearch.Sort.ascending(display)),
                properties, 10, after == null || after.isBlank() ? null : after, null);
        Page<HubSpotRecord> answer = hub.client().search(objectType, search);
        List<Map<String, String>> results = new ArrayList<>();
        answer.items().stream().filter(r -> inItemFilter(hub, item, r))
                .forEach(r -> results.add(Map.of("recordId", r.id(), "title", String.valueOf(r.property(display)), "openUrl",
                        hub.recordUrl(objectType, r.id()))));
        page.put("results", results);
        page.put("total", answer.total() == null || item.definition().filter() != null && item.definition().filter().hasConditions()
                ? results.size() : answer.total());
        page.put("after", answer.next());
        return page;
    }

    /** Associated records grouped by object type: one batch association read and one batch record read per type. */
    public List<Map<String, Object>> associated(JiraScope site, String issueKey, long itemId, PanelActor actor) {
        JiraIssue issue = issue(site, issueKey);
        SmartConnectedItem item = applicableItem(site, issue, itemId, actor, issueKey);
        if (!item.definition().isAssociatedRecords()) {
            throw new ConflictException("associations_off", "'" + item.name() + "' does not show associated records.");
        }
        RecordLink link = linkOf(item, issue).orElseThrow(() -> new NotFoundException("not_linked", "Issue " + issueKey + " has no record linked by '" + item.name() + "'."));
        HubSpotScope hub = contexts.hubspotScope(item);
        String from = item.definition().hubspotObject();
        List<Map<String, Object>> groups = new ArrayList<>();
        for (String type : ASSOCIATED_TYPES) {
            if (type.equals(from)) {
                continue;
            }
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("objectType", type);
            group.put("label", HubSpotObjectCatalog.find(type).map(HubSpotObjectCatalog.CuratedObject::label).orElse(type));
            try {
                List<String> ids = hub.client().associatedIds(from, List.of(link.recordId()), type).getOrDefault(link.recordId(), List.of());
                List<Map<String, String>> records = new ArrayList<>();
                if (!ids.isEmpty()) {
                    String display = hub.metadata().primaryDisplayProperty(type);
                    // a record HubSpot could not read now (a 207 naming it) is left out of the list, not the whole group
                    hub.client().batchReadOutcome(type, ids.stream().limit(100).toList(), List.of(display)).values().forEach(r -> records.add(Map.of(
                            "recordId", r.id(), "title", r.property(display), "openUrl", hub.recordUrl(type, r.id()))));
                }
                group.put("readable", true);
                group.put("records", records);
            } catch (HubSpotApiException e) {
                if (e.retryable()) {
                    throw e;
                }
                group.put("readable", false);
                group.put("records", List.of());
                group.put("problem", e.isMissingScopes() ? "The HubSpot token cannot read " + type + ": add the scopes "
                        + String.join(", ", e.requiredScopes()) : "HubSpot refused to read " + type + " (" + e.status() + ")");
            }
            groups.add(group);
        }
        return groups;
    }

    /** An issue key or id the panel can ask about, or 400 {@code invalid_issue_key}: checked before any site is looked up. */
    public static void requireIssueKey(String issueKey) {
        if (issueKey == null || !ISSUE_KEY_OR_ID.matcher(issueKey).matches()) {
            throw new io.hubjira.failure.InvalidInputException(400, "invalid_issue_key", "issueKey", "'" + abbreviate(String.valueOf(issueKey))
                    + "' is not a Jira issue key (such as SUP-12) or issue id.");
        }
    }

    private JiraIssue issue(JiraScope site, String issueKey) {
        requireIssueKey(issueKey);
        return site.client().issue(issueKey, List.of("project", "summary", "status", "issuetype")).orElseThrow(() -> noSuchIssue(issueKey));
    }

    /** An issue Jira does not have, or one the user may not browse: the same answer, so neither is told from the other. */
    private static NotFoundException noSuchIssue(String issueKey) {
        return new NotFoundException("unknown_issue", "Jira has no issue " + abbreviate(issueKey) + " that you can see.");
    }

    /** What the actor may do with the issue; a Jira user who may not browse it is told it does not exist. */
    private JiraUserPermissions.Grants access(JiraScope site, PanelActor actor, JiraIssue issue, String asked) {
        if (!actor.isJiraUser()) {
            return new JiraUserPermissions.Grants(true, true);
        }
        JiraUserPermissions.Grants grants = permissions.on(site, actor.accountId(), issue.id());
        if (!grants.browse()) {
            throw noSuchIssue(asked);
        }
        return grants;
    }

    /** Changing the link takes Jira's Edit issues permission; a refusal is audited with who tried. */
    private void requireEdit(JiraScope site, PanelActor actor, JiraIssue issue, SmartConnectedItem item, String recordId, String action,
                             String what) {
        if (!access(site, actor, issue, issue.key()).edit()) {
            audit.record(item.id(), recordId, issue.key(), AuditLog.Direction.NONE, action, List.of(), AuditLog.Outcome.SKIPPED,
                    "Refused: no Edit issues permission on " + issue.key() + " in Jira", auditActor(site, actor));
            throw editRequired(issue.key(), what);
        }
    }

    private static PermissionDeniedException editRequired(String issueKey, String what) {
        return new PermissionDeniedException("edit_permission_required", "Jira's Edit issues permission on " + issueKey + " is needed to "
                + what + ".");
    }

    private AuditLog.Actor auditActor(JiraScope site, PanelActor actor) {
        return actor.isJiraUser() ? new AuditLog.Actor(actor.accountId(), permissions.displayName(site, actor.accountId()))
                : new AuditLog.Actor(null, actor.adminName());
    }

    /** The properties the item's record filter looks at. */
    private static List<String> filterProperties(SmartConnectedItem item) {
        var filter = item.definition().filter();
        if (filter == null || !filter.hasConditions()) {
            return List.of();
        }
        return filter.groups().stream().flatMap(g -> g.conditions().stream()).map(c -> c.property()).distinct().toList();
    }

    private boolean inItemFilter(HubSpotScope hub, SmartConnectedItem item, HubSpotRecord record) {
        var filter = item.definition().filter();
        if (filter == null || !filter.hasConditions()) {
            return true;
        }
        Map<String, PropertyInfo> props = new LinkedHashMap<>();
        hub.metadata().properties(item.definition().hubspotObject()).forEach(p -> props.put(p.name(), p));
        return RecordFilters.matches(filter, record::property, props, clock.instant());
    }

    /**
     * The items that apply to this issue: bound to its site, of its project, and of its issue type when the item names
     * one. A display-only item links any issue of its projects by hand, so its issue type (used only to preview fields)
     * does not filter.
     */
    private List<SmartConnectedItem> itemsFor(JiraScope site, JiraIssue issue) {
        return items.findAll().stream()
                .filter(i -> contexts.jiraConnectionOf(i) == site.connectionId())
                .filter(i -> i.definition().jiraProjects().contains(issue.projectKey()))
                .filter(i -> appliesToType(i.definition(), issue))
                .toList();
    }

    static boolean appliesToType(ItemDefinition d, JiraIssue issue) {
        String type = d.jiraIssueType();
        if (type == null || type.isBlank() || !d.mode().isSynchronized() || issue.issueTypeId().isEmpty()) {
            return true;
        }
        return type.equals(issue.issueTypeId().orElse(null)) || type.equalsIgnoreCase(issue.issueTypeName().orElse(""));
    }

    private SmartConnectedItem applicableItem(JiraScope site, JiraIssue issue, long itemId, PanelActor actor, String asked) {
        access(site, actor, issue, asked);
        String project = issue.projectKey();
        return itemsFor(site, issue).stream().filter(i -> i.id() == itemId).findFirst()
                .orElseThrow(() -> new NotFoundException("unknown_item", "No Smart Connected Item " + itemId + " applies to "
                        + issue.issueTypeName().map(t -> t + " issues of ").orElse("") + "project " + project + "."));
    }

    private Optional<RecordLink> linkOf(SmartConnectedItem item, JiraIssue issue) {
        return links.byIssue(item.id(), issue.key()).filter(RecordLink::isLinked);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
