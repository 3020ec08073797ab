package io.hubjira.hubspottojira;

import java.util.ArrayList;
import java.util.HashMap;
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
 * records in pages of 200, so a bulk connect of 10,000 records costs about 150 calls. An applied run saves where it
 * stands after every page (BulkConnectRuns): the console shows its progress, and a run that stopped — its instance
 * killed, a call that kept failing — is resumed from there by the next apply; linked records are never linked twice.
 */
@Component
public class BulkConnect {

    /** At most this many entries of each list in a report (the counts are always whole). */
    static final int LISTED = 200;

    public record Pair(String recordId, String issueKey) {}

    public record Conflict(String recordId, String value, List<String> candidates) {}

    public record Report(long itemId, boolean applied, boolean resumed, int records, int alreadyLinked, int toLink, int toCreate, int conflicts, int linked,
                         List<Pair> links, List<String> creations, List<Conflict> conflictList, long hubspotCalls, long jiraCalls) {}

    private final ItemContexts contexts;
    private final HubSpotClient hubspot;
    private final JiraClient jira;
    private final LinkStore links;
    private final AuditLog audit;
    private final ApiCallExecutor executor;
    private final BulkConnectRuns runs;

    public BulkConnect(ItemContexts contexts, HubSpotClient hubspot, JiraClient jira, LinkStore links, AuditLog audit, ApiCallExecutor executor,
                       BulkConnectRuns runs) {
        this.runs = runs;
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
        BulkConnectRuns.Run run = apply ? runs.begin(itemId)
                : new BulkConnectRuns.Run(itemId, BulkConnectRuns.State.RUNNING, null, null, null, null, "0", 0, null, 0, 0, 0, 0, null);
        boolean resumed = apply && run.records() > 0;
        Tally t = new Tally(run);
        t.applying = apply;
        try {
            scan(ctx, rule, apply, t);
        } catch (RuntimeException e) {
            if (apply) {
                runs.progressed(t.run());
                runs.finished(itemId, BulkConnectRuns.State.FAILED, e.getMessage());
            }
            throw e;
        }
        if (apply) {
            runs.progressed(t.run());
            String summary = "linked " + t.linked + ", to create " + t.toCreate + ", conflicts " + t.conflicts + ", already linked " + t.already;
            runs.finished(itemId, BulkConnectRuns.State.DONE, summary);
            audit.record(itemId, null, null, AuditLog.Direction.NONE, "BULK_CONNECT", List.of(), Outcome.OK, (resumed ? "resumed; " : "") + summary);
        }
        return new Report(itemId, apply, resumed, t.records, t.already, t.toLink, t.toCreate, t.conflicts, t.linked, t.pairs, t.creations,
                t.conflictList, executor.callCount(ApiName.HUBSPOT) - hubspotAtStart, executor.callCount(ApiName.JIRA) - jiraAtStart);
    }

    /** The latest applied run of the item: its progress while it runs, how it ended after. */
    public java.util.Optional<BulkConnectRuns.Run> progress(long itemId) {
        contexts.forItem(itemId);
        return runs.latest(itemId);
    }

    /** The counts of a run, carried on from where a resumed run stood. */
    private static final class Tally {
        final long itemId;
        boolean applying;
        String after;
        int records;
        Long expectedTotal;
        int already;
        int linked;
        int toLink;
        int toCreate;
        int conflicts;
        final List<Pair> pairs = new ArrayList<>();
        final List<String> creations = new ArrayList<>();
        final List<Conflict> conflictList = new ArrayList<>();

        Tally(BulkConnectRuns.Run run) {
            itemId = run.itemId();
            after = run.afterRecord();
            records = run.records();
            expectedTotal = run.expectedTotal();
            already = run.alreadyLinked();
            linked = run.linked();
            toLink = run.linked();
            toCreate = run.toCreate();
            conflicts = run.conflicts();
        }

        BulkConnectRuns.Run run() {
            return new BulkConnectRuns.Run(itemId, BulkConnectRuns.State.RUNNING, null, null, null, null, after, records, expectedTotal, already, linked,
                    toCreate, conflicts, null);
        }
    }

    /** Every record after the run's position, a page of 200 at a time; the run's position is saved after each page. */
    private void scan(ItemContext ctx, MatchRule rule, boolean apply, Tally t) {
        Set<String> linkedRecords = new HashSet<>();
        Set<String> linkedIssues = new HashSet<>();
        for (RecordLink l : links.forItem(ctx.itemId())) {
            linkedRecords.add(l.recordId());
            if (l.issueKey() != null) {
                linkedIssues.add(l.issueKey());
            }
        }
        Map<String, List<JiraIssue>> index = issuesByValue(ctx, rule, linkedIssues);
        while (true) {
            RecordSearch search = RecordSearch.where(List.of(RecordSearch.Filter.of(HubSpotRecord.OBJECT_ID, "GT", t.after)),
                    RecordSearch.Sort.ascending(HubSpotRecord.OBJECT_ID), List.of(rule.hubspotProperty()), RecordSearch.MAX_LIMIT);
            io.hubjira.http.Page<HubSpotRecord> answer = hubspot.search(ctx.objectType(), search);
            List<HubSpotRecord> page = answer.items();
            if (t.expectedTotal == null && answer.total() != null) {
                t.expectedTotal = (long) t.records + answer.total();
            }
            if (page.isEmpty()) {
                break;
            }
            Map<HubSpotRecord, JiraIssue> matched = new LinkedHashMap<>();
            for (HubSpotRecord record : page) {
                match(ctx, rule, t, record, linkedRecords, index, matched);
            }
            if (apply) {
                linkConfirmed(ctx, rule, t, matched);
            }
            t.after = page.get(page.size() - 1).id();
            if (apply) {
                runs.progressed(t.run());
            }
            if (page.size() < RecordSearch.MAX_LIMIT) {
                break;
            }
        }
    }

    private void match(ItemContext ctx, MatchRule rule, Tally t, HubSpotRecord record, Set<String> linkedRecords,
                       Map<String, List<JiraIssue>> index, Map<HubSpotRecord, JiraIssue> matched) {
        t.records++;
        if (linkedRecords.contains(record.id())) {
            t.already++;
            return;
        }
        String value = IssueMatcher.value(rule, record);
        List<JiraIssue> candidates = value.isBlank() ? List.of() : index.getOrDefault(MatchRule.normalized(value), List.of());
        if (candidates.size() == 1) {
            t.toLink++;
            JiraIssue issue = candidates.get(0);
            if (t.pairs.size() < LISTED) {
                t.pairs.add(new Pair(record.id(), issue.key()));
            }
            matched.put(record, issue);
        } else if (candidates.isEmpty()) {
            t.toCreate++;
            if (t.creations.size() < LISTED) {
                t.creations.add(record.id());
            }
        } else {
            t.conflicts++;
            List<String> keys = candidates.stream().map(JiraIssue::key).toList();
            if (t.conflictList.size() < LISTED) {
                t.conflictList.add(new Conflict(record.id(), value, keys));
            }
            if (t.applying) {
                audit.record(ctx.itemId(), record.id(), null, AuditLog.Direction.NONE, "MATCH_CONFLICT", List.of(rule.jiraField()), Outcome.SKIPPED,
                        keys.size() + " Jira issues match " + rule.jiraField() + " = '" + value + "': " + String.join(", ", keys)
                                + "; nothing linked (link one by hand in the issue panel)");
            }
        }
    }

    /**
     * Links the page's matches whose issue still holds the record's value: the project was read through Jira's search,
     * which may show an issue as it was before an edit, so the matched issues are read again reconciled (current, one
     * search per 50) before anything is linked. A match that no longer holds is left to the poll (counted to create).
     */
    private void linkConfirmed(ItemContext ctx, MatchRule rule, Tally t, Map<HubSpotRecord, JiraIssue> matched) {
        if (matched.isEmpty()) {
            return;
        }
        List<String> fields = rule.byIssueKey() ? List.of("summary") : List.of(rule.jiraField());
        Map<String, JiraIssue> current = new HashMap<>();
        jira.issuesNow(matched.values().stream().map(JiraIssue::id).toList(), fields).forEach(i -> current.put(i.id(), i));
        matched.forEach((record, issue) -> {
            JiraIssue now = current.get(issue.id());
            String value = MatchRule.normalized(IssueMatcher.value(rule, record));
            if (now == null || !value.equals(MatchRule.normalized(rule.byIssueKey() ? now.key() : IssueMatcher.text(now.field(rule.jiraField()).orElse(null))))) {
                t.toLink--;
                t.toCreate++;
                return;
            }
            if (link(ctx, record, issue)) {
                t.linked++;
            }
        });
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
