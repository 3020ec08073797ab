package io.hubjira.hubspottojira;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.failure.InvalidInputException;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.hubspot.RecordSearch;
import io.hubjira.item.MatchRule;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraIssue;
import io.hubjira.jira.Jql;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import org.springframework.stereotype.Component;

/**
 * Links what already exists instead of creating duplicates: every record of an item is matched, by the item's match
 * rule, against the issues of its Jira project — exactly one candidate: link them; more than one: a conflict naming the
 * candidates, nothing linked; none: the poll creates an issue as usual. A dry run reports what it would do; applying
 * links the matches (each link then gets its issue link note and remote link from the poll, as a manual link does).
 * The lookups are batched: the project's issues are read once (100 per search) and indexed by the match field, the
 * records in pages of 200, so a bulk connect of 10,000 records costs about 150 calls. Applying again resumes: linked
 * records are left alone, so a run stopped halfway (a crash) continues where it stopped.
 */
@Component
public class BulkConnect {

    /** At most this many entries of each list in a report (the counts are always whole). */
    static final int LISTED = 200;

    public record Pair(String recordId, String issueKey) {}

    public record Conflict(String recordId, String value, List<String> candidates) {}

    public record Report(long itemId, boolean applied, int records, int alreadyLinked, int toLink, int toCreate, int conflicts, int linked,
                         List<Pair> links, List<String> creations, List<Conflict> conflictList, long hubspotCalls, long jiraCalls) {}

    private final ItemContexts contexts;
    private final HubSpotClient hubspot;
    private final JiraClient jira;
    private final LinkStore links;
    private final AuditLog audit;
    private final ApiCallExecutor executor;

    public BulkConnect(ItemContexts contexts, HubSpotClient hubspot, JiraClient jira, LinkStore links, AuditLog audit, ApiCallExecutor executor) {
        this.contexts = contexts;
        this.hubspot = hubspot;
        this.jira = jira;
        this.links = links;
        this.audit = audit;
        this.executor = executor;
    }

    public Report run(long itemId, boolean apply) {
        ItemContext ctx = contexts.forItem(itemId);
        MatchRule rule = ctx.definition().match();
        if (rule == null) {
            throw new InvalidInputException(422, "no_match_rule", "match", "Item '" + ctx.item().name()
                    + "' has no match rule: set match.jiraField and match.hubspotProperty first");
        }
        long hubspotAtStart = executor.callCount(ApiName.HUBSPOT);
        long jiraAtStart = executor.callCount(ApiName.JIRA);
        Set<String> linkedRecords = new HashSet<>();
        Set<String> linkedIssues = new HashSet<>();
        for (RecordLink l : links.forItem(itemId)) {
            linkedRecords.add(l.recordId());
            if (l.issueKey() != null) {
                linkedIssues.add(l.issueKey());
            }
        }
        Map<String, List<JiraIssue>> index = issuesByValue(ctx, rule, linkedIssues);
        int records = 0;
        int already = 0;
        int linked = 0;
        List<Pair> pairs = new ArrayList<>();
        List<String> creations = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        int toLink = 0;
        int toCreate = 0;
        int conflicted = 0;
        String after = "0";
        while (true) {
            RecordSearch search = RecordSearch.where(List.of(RecordSearch.Filter.of(HubSpotRecord.OBJECT_ID, "GT", after)),
                    RecordSearch.Sort.ascending(HubSpotRecord.OBJECT_ID), List.of(rule.hubspotProperty()), RecordSearch.MAX_LIMIT);
            List<HubSpotRecord> page = hubspot.search(ctx.objectType(), search).items();
            if (page.isEmpty()) {
                break;
            }
            for (HubSpotRecord record : page) {
                records++;
                if (linkedRecords.contains(record.id())) {
                    already++;
                    continue;
                }
                String value = IssueMatcher.value(rule, record);
                List<JiraIssue> candidates = value.isBlank() ? List.of() : index.getOrDefault(MatchRule.normalized(value), List.of());
                if (candidates.size() == 1) {
                    toLink++;
                    JiraIssue issue = candidates.get(0);
                    if (pairs.size() < LISTED) {
                        pairs.add(new Pair(record.id(), issue.key()));
                    }
                    if (apply && link(ctx, record, issue)) {
                        linked++;
                    }
                } else if (candidates.isEmpty()) {
                    toCreate++;
                    if (creations.size() < LISTED) {
                        creations.add(record.id());
                    }
                } else {
                    conflicted++;
                    List<String> keys = candidates.stream().map(JiraIssue::key).toList();
                    if (conflicts.size() < LISTED) {
                        conflicts.add(new Conflict(record.id(), value, keys));
                    }
                    if (apply) {
                        audit.record(itemId, record.id(), null, AuditLog.Direction.NONE, "MATCH_CONFLICT", List.of(rule.jiraField()), Outcome.SKIPPED,
                                keys.size() + " Jira issues match " + rule.jiraField() + " = '" + value + "': " + String.join(", ", keys)
                                        + "; nothing linked (link one by hand in the issue panel)");
                    }
                }
            }
            after = page.get(page.size() - 1).id();
            if (page.size() < RecordSearch.MAX_LIMIT) {
                break;
            }
        }
        if (apply) {
            audit.record(itemId, null, null, AuditLog.Direction.NONE, "BULK_CONNECT", List.of(), Outcome.OK,
                    "linked " + linked + ", to create " + toCreate + ", conflicts " + conflicted + ", already linked " + already);
        }
        return new Report(itemId, apply, records, already, toLink, toCreate, conflicted, linked, pairs, creations, conflicts,
                executor.callCount(ApiName.HUBSPOT) - hubspotAtStart, executor.callCount(ApiName.JIRA) - jiraAtStart);
    }

    /** The project's issues not linked yet in this item, by their match field's value. */
    private Map<String, List<JiraIssue>> issuesByValue(ItemContext ctx, MatchRule rule, Set<String> linkedIssues) {
        Map<String, List<JiraIssue>> index = new LinkedHashMap<>();
        List<String> fields = rule.byIssueKey() ? List.of("summary") : List.of(rule.jiraField());
        for (JiraIssue issue : jira.searchAll(Jql.projectIs(ctx.project()), fields)) {
            if (linkedIssues.contains(issue.key())) {
                continue;
            }
            String value = rule.byIssueKey() ? issue.key() : IssueMatcher.text(issue.field(rule.jiraField()).orElse(null));
            if (!value.isBlank()) {
                index.computeIfAbsent(MatchRule.normalized(value), k -> new ArrayList<>()).add(issue);
            }
        }
        return index;
    }

    /** Links the pair (false when another instance or a creation took either side meanwhile). */
    private boolean link(ItemContext ctx, HubSpotRecord record, JiraIssue issue) {
        try {
            links.linkForSteps(ctx.itemId(), ctx.objectType(), record.id(), issue.id(), issue.key(), RecordLink.LinkType.AUTO,
                    java.util.EnumSet.of(RecordLink.Step.LINK_NOTE, RecordLink.Step.REMOTE_LINK));
            audit.record(ctx.itemId(), record.id(), issue.key(), AuditLog.Direction.NONE, "MATCH_LINKED", List.of(ctx.definition().match().jiraField()),
                    Outcome.OK, "linked to the existing issue by the match rule");
            return true;
        } catch (org.springframework.dao.DuplicateKeyException taken) {
            return false;
        }
    }
}
