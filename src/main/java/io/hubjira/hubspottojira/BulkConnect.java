package io.hubjira.hubspottojira;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.convert.RecordFilters;
import io.hubjira.failure.InvalidInputException;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.hubspot.RecordSearch;
import io.hubjira.item.MatchRule;
import io.hubjira.jira.JiraIssue;
import io.hubjira.jira.Jql;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.queue.HeldClaims;
import io.hubjira.queue.WorkClaims;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.StatusSync;
import org.springframework.stereotype.Component;

/**
 * Links what already exists instead of creating duplicates: every record of an item that passes its record filter is
 * matched, by the item's match rule, against the issues of its Jira project — exactly one candidate: link them; more
 * than one: a conflict naming the candidates, nothing linked; none: the poll creates an issue as usual (records outside
 * the filter are neither linked nor created). A dry run reports what it would do; applying links the matches, each
 * page's links getting their issue link notes at once (batch-created, as after a creation) and remembering the mapped
 * values and the status both sides already hold, so the first poll writes only what differs. The lookups are batched:
 * the project's issues are read once (100 per search, with the mapped fields) and indexed by the match field, the
 * matching records in pages of 200, so a bulk connect of 10,000 records costs about 150 calls, and 100 more for the
 * link notes. An applied run saves where it
 * stands after every page (BulkConnectRuns): the console shows its progress, and a run that stopped — its instance
 * killed, a call that kept failing — is resumed from there by the next apply; linked records are never linked twice.
 */
@Component
public class BulkConnect {

    /** At most this many entries of each list in a report (the counts are always whole). */
    static final int LISTED = 200;

    public record Pair(String recordId, String issueKey) {}

    public record Conflict(String recordId, String value, List<String> candidates) {}

    /** {@code records}: the records that pass the item's filter; {@code outsideFilter}: records read that do not (left alone). */
    public record Report(long itemId, boolean applied, boolean resumed, int records, int alreadyLinked, int toLink, int toCreate, int conflicts, int linked,
                         int outsideFilter, List<Pair> links, List<String> creations, List<Conflict> conflictList, long hubspotCalls, long jiraCalls) {}

    private final ItemContexts contexts;
    private final LinkStore links;
    private final AuditLog audit;
    private final ApiCallExecutor executor;
    private final BulkConnectRuns runs;
    private final JiraFieldWriter fields;
    private final StatusSync status;
    private final CreationSteps creationSteps;
    private final WorkClaims claims;
    private final Clock clock;

    public BulkConnect(ItemContexts contexts, LinkStore links, AuditLog audit, ApiCallExecutor executor,
                       BulkConnectRuns runs, JiraFieldWriter fields, StatusSync status, CreationSteps creationSteps, WorkClaims claims, Clock clock) {
        this.runs = runs;
        this.fields = fields;
        this.status = status;
        this.creationSteps = creationSteps;
        this.claims = claims;
        this.clock = clock;
        this.contexts = contexts;
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
        return new Report(itemId, apply, resumed, t.records, t.already, t.toLink, t.toCreate, t.conflicts, t.linked, t.outsideFilter, t.pairs, t.creations,
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
        int outsideFilter;
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

    /**
     * Every record after the run's position that passes the item's filter (pushed into the search where HubSpot can
     * take it, checked on every record read), a page of 200 at a time; the page's links get their link notes, then the
     * run's position is saved.
     */
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
        List<List<RecordSearch.Filter>> narrowing = FilterPushdown.matching(ctx.definition().filter(), clock.instant());
        List<String> properties = new ArrayList<>(ctx.neededProperties(null));
        properties.add(rule.hubspotProperty());
        while (true) {
            io.hubjira.http.Page<HubSpotRecord> answer = ctx.hubspot().client().search(ctx.objectType(), page(narrowing, t.after, properties));
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
                try (HeldClaims held = claims.hold()) {
                    List<CreatedIssue> linkedNow = linkConfirmed(held, ctx, rule, t, matched);
                    if (!linkedNow.isEmpty()) {
                        creationSteps.linkNotesAndContent(linkedNow);
                    }
                }
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
        if (!RecordFilters.matches(ctx.definition().filter(), record::property, ctx.properties(), clock.instant())) {
            t.outsideFilter++;
            return;
        }
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

    /** A page of records after {@code after} by id, of those the pushed-down filter groups select (all without a filter). */
    private static RecordSearch page(List<List<RecordSearch.Filter>> narrowing, String after, List<String> properties) {
        RecordSearch.Filter position = RecordSearch.Filter.of(HubSpotRecord.OBJECT_ID, "GT", after);
        RecordSearch.Sort byId = RecordSearch.Sort.ascending(HubSpotRecord.OBJECT_ID);
        if (narrowing.isEmpty()) {
            return RecordSearch.where(List.of(position), byId, properties, RecordSearch.MAX_LIMIT);
        }
        List<List<RecordSearch.Filter>> groups = new ArrayList<>();
        for (List<RecordSearch.Filter> group : narrowing) {
            List<RecordSearch.Filter> g = new ArrayList<>(group);
            g.add(position);
            groups.add(g);
        }
        return new RecordSearch(groups, List.of(byId), properties, RecordSearch.MAX_LIMIT, null, null);
    }

    /**
     * Links the page's matches whose issue still holds the record's value: the project was read through Jira's search,
     * which may show an issue as it was before an edit, so the matched issues are read again reconciled (current, one
     * search per 50, with the mapped fields and the status they hold now) before anything is linked. A match that no
     * longer holds is left to the poll (counted to create). Answers the links made.
     */
    private List<CreatedIssue> linkConfirmed(HeldClaims held, ItemContext ctx, MatchRule rule, Tally t, Map<HubSpotRecord, JiraIssue> matched) {
        List<CreatedIssue> made = new ArrayList<>();
        if (matched.isEmpty()) {
            return made;
        }
        Map<String, JiraIssue> current = new HashMap<>();
        ctx.jira().client().issuesNow(matched.values().stream().map(JiraIssue::id).toList(), IssueMatcher.issueFields(ctx)).forEach(i -> current.put(i.id(), i));
        matched.forEach((record, issue) -> {
            JiraIssue now = current.get(issue.id());
            String value = MatchRule.normalized(IssueMatcher.value(rule, record));
            if (now == null || !value.equals(MatchRule.normalized(rule.byIssueKey() ? now.key() : now.fieldText(rule.jiraField())))) {
                t.toLink--;
                t.toCreate++;
                return;
            }
            CreatedIssue linked = link(held, ctx, record, now);
            if (linked != null) {
                made.add(linked);
                t.linked++;
            }
        });
        return made;
    }

    /** The project's issues not linked yet in this item, by their match field's value. */
    private Map<String, List<JiraIssue>> issuesByValue(ItemContext ctx, MatchRule rule, Set<String> linkedIssues) {
        Map<String, List<JiraIssue>> index = new LinkedHashMap<>();
        List<String> fields = rule.byIssueKey() ? List.of("summary") : List.of(rule.jiraField());
        for (JiraIssue issue : ctx.jira().client().searchAll(Jql.projectIs(ctx.project()), fields)) {
            if (linkedIssues.contains(issue.key())) {
                continue;
            }
            String value = rule.byIssueKey() ? issue.key() : issue.fieldText(rule.jiraField());
            if (!value.isBlank()) {
                index.computeIfAbsent(MatchRule.normalized(value), k -> new ArrayList<>()).add(issue);
            }
        }
        return index;
    }

    /**
     * Links the pair, claimed by this instance until its link note is written, with the values both sides already
     * agree on (null when another instance or a creation took either side meanwhile).
     */
    private CreatedIssue link(HeldClaims held, ItemContext ctx, HubSpotRecord record, JiraIssue issue) {
        RecordLink link;
        try {
            link = links.linkNow(held, ctx.itemId(), ctx.objectType(), record.id(), issue.id(), issue.key(), RecordLink.LinkType.AUTO,
                    java.util.EnumSet.of(RecordLink.Step.LINK_NOTE, RecordLink.Step.REMOTE_LINK), l -> {
                        fields.rememberAgreed(ctx, l, record, issue);
                        status.rememberAgreed(ctx, l, record, issue.statusName());
                    });
        } catch (org.springframework.dao.DuplicateKeyException taken) {
            return null;
        }
        audit.record(ctx.itemId(), record.id(), issue.key(), AuditLog.Direction.NONE, "MATCH_LINKED", List.of(ctx.definition().match().jiraField()),
                Outcome.OK, "linked to the existing issue by the match rule");
        return new CreatedIssue(new CreationRequest(ctx.itemId(), link.id(), record.id(), record, null, false), issue.id(), issue.key(), false, null);
    }
}
