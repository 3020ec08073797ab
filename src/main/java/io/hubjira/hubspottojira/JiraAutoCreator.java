package io.hubjira.hubspottojira;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.audit.DeadLetters;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.jira.BulkOutcome;
import io.hubjira.jira.IssueDraft;
import io.hubjira.jira.IssueRef;
import io.hubjira.jira.JiraClient;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink.Step;
import io.hubjira.link.RecordLink;
import io.hubjira.sync.ConnectorNotes;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.StatusSync;
import org.springframework.stereotype.Component;

/**
 * Exactly-once Jira issue creation for HubSpot records. The link is reserved (PENDING, claimed by this instance) before
 * Jira is called; every issue carries a label naming portal, object and record, by which a lost answer is resolved
 * inside the client and a reservation found again (a crash between Jira's answer and saving the link) is looked up
 * before anything is created. Issues are created with Jira's bulk API, 50 at a time. The saved link lists the steps
 * still to take ({@link CreationSteps}), so nothing after the creation is lost either.
 */
@Component("jiraAutoCreator")
public class JiraAutoCreator {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JiraAutoCreator.class);
    static final int BULK_SIZE = 50;
    /** how many interrupted creations one poll of an item takes up (the next poll takes the rest) */
    static final int RESUME_BATCH = 200;

    private final JiraClient jira;
    private final HubSpotClient hubspot;
    private final LinkStore links;
    private final ItemContexts contexts;
    private final JiraFieldWriter fields;
    private final StatusSync status;
    private final CreationSteps steps;
    private final DeadLetters deadLetters;
    private final AuditLog audit;
    private final ObjectMapper json;

    public JiraAutoCreator(JiraClient jira, HubSpotClient hubspot, LinkStore links, ItemContexts contexts, JiraFieldWriter fields,
                           StatusSync status, CreationSteps steps, DeadLetters deadLetters, AuditLog audit, ObjectMapper json) {
        this.jira = jira;
        this.hubspot = hubspot;
        this.links = links;
        this.contexts = contexts;
        this.fields = fields;
        this.status = status;
        this.steps = steps;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.json = json;
    }

    /**
     * Reservations left PENDING that no live instance works on (a crash, a stop, a failure), claimed for this one, with
     * their records read again in batches of 100.
     */
    public List<CreationRequest> leftoverReservations(long itemId) {
        List<RecordLink> pending = links.claimLeftoverReservations(itemId, RESUME_BATCH);
        if (pending.isEmpty()) {
            return List.of();
        }
        ItemContext ctx = contexts.forItem(itemId);
        Map<String, HubSpotRecord> byId = records(ctx, pending);
        List<CreationRequest> requests = new ArrayList<>();
        for (RecordLink l : pending) {
            HubSpotRecord record = byId.get(l.recordId());
            if (record == null) {
                links.markFailed(l.id(), "HubSpot record " + l.recordId() + " no longer exists");
                continue;
            }
            requests.add(new CreationRequest(itemId, l.id(), l.recordId(), record, status.ruleTarget(ctx, record).orElse(null), true));
        }
        return requests;
    }

    /** Linked records whose creation still has steps to take and that no live instance works on, claimed for this one. */
    public List<CreatedIssue> unfinishedCreations(long itemId) {
        List<RecordLink> unfinished = links.claimUnfinished(itemId, RESUME_BATCH);
        if (unfinished.isEmpty()) {
            return List.of();
        }
        ItemContext ctx = contexts.forItem(itemId);
        Map<String, HubSpotRecord> byId = records(ctx, unfinished);
        List<CreatedIssue> resumed = new ArrayList<>();
        for (RecordLink l : unfinished) {
            HubSpotRecord record = byId.get(l.recordId());
            if (record == null) {
                // nothing left to finish for a record that is gone; the issue stays linked
                l.pendingSteps().forEach(step -> links.stepDone(l.id(), step));
                audit.record(itemId, l.recordId(), l.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "CREATION_STEP", List.of(),
                        Outcome.SKIPPED, "HubSpot record " + l.recordId() + " no longer exists: steps " + l.pendingSteps() + " dropped");
                continue;
            }
            CreationRequest request = new CreationRequest(itemId, l.id(), l.recordId(), record, status.ruleTarget(ctx, record).orElse(null), true);
            resumed.add(new CreatedIssue(request, l.issueId(), l.issueKey(), true));
        }
        return resumed;
    }

    private Map<String, HubSpotRecord> records(ItemContext ctx, List<RecordLink> links) {
        Map<String, HubSpotRecord> byId = new HashMap<>();
        hubspot.batchRead(ctx.objectType(), links.stream().map(RecordLink::recordId).toList(), ctx.neededProperties(null))
                .forEach(r -> byId.put(r.id(), r));
        return byId;
    }

    /**
     * Resumed reservations whose issue Jira already has (found by marker label, searched for as long as Jira's search
     * may lag) are taken as created; the rest still need creating.
     */
    public List<CreatedIssue> resolveResumed(List<CreationRequest> requests) {
        List<CreatedIssue> result = new ArrayList<>();
        Map<Long, List<CreationRequest>> resumedByItem = requests.stream().filter(CreationRequest::resumed)
                .collect(Collectors.groupingBy(CreationRequest::itemId, LinkedHashMap::new, Collectors.toList()));
        for (var entry : resumedByItem.entrySet()) {
            ItemContext ctx = contexts.forItem(entry.getKey());
            Map<String, CreationRequest> byLabel = new LinkedHashMap<>();
            entry.getValue().forEach(r -> byLabel.put(marker(ctx, r), r));
            jira.issuesByLabel(ctx.project(), List.copyOf(byLabel.keySet())).forEach((label, issue) ->
                    result.add(new CreatedIssue(byLabel.get(label), issue.id(), issue.key(), true)));
        }
        return result;
    }

    /** Creates the issues Jira does not have yet, in bulk; failed elements are dead-lettered, never retried blindly. */
    public List<CreatedIssue> createInBulk(List<CreationRequest> requests, List<CreatedIssue> alreadyThere) {
        Set<Long> done = alreadyThere.stream().map(c -> c.request().linkId()).collect(Collectors.toSet());
        List<CreatedIssue> created = new ArrayList<>(alreadyThere);
        Map<Long, List<CreationRequest>> byItem = requests.stream().filter(r -> !done.contains(r.linkId()))
                .collect(Collectors.groupingBy(CreationRequest::itemId, LinkedHashMap::new, Collectors.toList()));
        for (var entry : byItem.entrySet()) {
            ItemContext ctx = contexts.forItem(entry.getKey());
            List<CreationRequest> todo = entry.getValue();
            List<BulkOutcome> outcomes = jira.createBulk(ctx.project(), todo.stream().map(r -> new IssueDraft(issueFields(ctx, r))).toList(),
                    todo.stream().map(r -> marker(ctx, r)).toList());
            for (BulkOutcome outcome : outcomes) {
                CreationRequest r = todo.get(outcome.index());
                if (!outcome.created()) {
                    String error = outcome.error();
                    links.markFailed(r.linkId(), "Jira refused to create the issue: " + error);
                    deadLetters.add(new DeadLetters.Failure("jira-auto-create", r.itemId(), r.recordId(), null,
                            DeadLetters.recordSubject(r.itemId(), r.recordId()), payload(r.record()), error, "JIRA_VALIDATION", 1));
                    audit.record(r.itemId(), r.recordId(), null, AuditLog.Direction.HUBSPOT_TO_JIRA, "ISSUE_CREATE", List.of(),
                            Outcome.FAILED, error);
                    continue;
                }
                IssueRef issue = outcome.issue();
                created.add(new CreatedIssue(r, issue.id(), issue.key(), false));
            }
        }
        return created;
    }

    Map<String, JsonNode> issueFields(ItemContext ctx, CreationRequest r) {
        Map<String, JsonNode> f = new LinkedHashMap<>();
        f.put("project", json.createObjectNode().put("key", ctx.project()));
        f.put("issuetype", json.createObjectNode().put("id", ctx.definition().jiraIssueType()));
        f.putAll(fields.fieldsForCreate(ctx, r.record()));
        ArrayNode labels = f.get("labels") instanceof ArrayNode mapped ? mapped.deepCopy() : json.createArrayNode();
        labels.add(marker(ctx, r));
        f.put("labels", labels);
        return f;
    }

    private static String marker(ItemContext ctx, CreationRequest r) {
        return ConnectorNotes.recordMarkerLabel(ctx.portalId(), ctx.objectType(), r.recordId());
    }

    /**
     * Saves the links of created (or found) issues, each with its remembered field values in the same transaction and
     * the steps still to take: from here on the records are linked and nothing after the creation can be lost.
     */
    public List<CreatedIssue> saveLinks(List<CreatedIssue> created) {
        for (CreatedIssue c : created) {
            ItemContext ctx = contexts.forItem(c.request().itemId());
            RecordLink link = links.byId(c.request().linkId()).orElseThrow();
            links.markLinked(link.id(), c.issueId(), c.issueKey(), EnumSet.allOf(Step.class),
                    () -> fields.rememberCreated(ctx, link, c.request().record()));
            audit.record(ctx.itemId(), c.request().recordId(), c.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA,
                    c.found() ? "ISSUE_RECOVERED" : "ISSUE_CREATED", List.of(), Outcome.OK,
                    c.found() ? "found by marker after an interrupted creation" : null);
            deadLetters.resolve(DeadLetters.recordSubject(ctx.itemId(), c.request().recordId()), "issue " + c.issueKey() + " created");
            log.info("Record {} of item '{}' linked to {} issue {}", c.request().recordId(), ctx.item().name(), c.found() ? "its" : "new", c.issueKey());
        }
        return created;
    }

    private String payload(HubSpotRecord record) {
        try {
            return json.writeValueAsString(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return record.toString();
        }
    }
}
