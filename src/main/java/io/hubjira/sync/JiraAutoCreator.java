package io.hubjira.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.jira.BulkOutcome;
import io.hubjira.jira.IssueDraft;
import io.hubjira.jira.JiraIssue;
import io.hubjira.jira.JiraOperation;
import io.hubjira.jira.Jql;
import io.hubjira.jira.JiraClient;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.sync.AuditLog.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Exactly-once Jira issue creation for HubSpot records. The link is reserved (PENDING) before Jira is called; every
 * issue carries a label naming portal, object and record; a reservation found again (retry, crash between Jira's
 * answer and saving the link) first looks that label up in Jira, so a second issue is never created. Issues are
 * created with Jira's bulk API, 50 at a time.
 */
@Component("jiraAutoCreator")
public class JiraAutoCreator {

    static final int BULK_SIZE = 50;
    private static final Logger log = LoggerFactory.getLogger(JiraAutoCreator.class);

    private final JiraClient jira;
    private final HubSpotClient hubspot;
    private final LinkStore links;
    private final ItemContexts contexts;
    private final JiraFieldWriter fields;
    private final StatusSync status;
    private final HubSpotNotes notes;
    private final LinkedRecordSync linked;
    private final DeadLetters deadLetters;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration pendingGrace;

    public JiraAutoCreator(JiraClient jira, HubSpotClient hubspot, LinkStore links, ItemContexts contexts, JiraFieldWriter fields,
                           StatusSync status, HubSpotNotes notes, LinkedRecordSync linked, DeadLetters deadLetters, AuditLog audit,
                           ObjectMapper json, Clock clock, @Value("${connector.poll.pending-grace:2m}") Duration pendingGrace) {
        this.jira = jira;
        this.hubspot = hubspot;
        this.links = links;
        this.contexts = contexts;
        this.fields = fields;
        this.status = status;
        this.notes = notes;
        this.linked = linked;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.pendingGrace = pendingGrace;
    }

    /**
     * Reservations left PENDING by an earlier run (older than the grace period, so another worker's creation in flight
     * is not touched), with their records read again in batches of 100.
     */
    public List<CreationRequest> leftoverReservations(long itemId) {
        Instant before = clock.instant().minus(pendingGrace);
        List<RecordLink> pending = links.forItem(itemId).stream()
                .filter(l -> l.state() == RecordLink.LinkState.PENDING && l.createdAt() != null && !l.createdAt().isAfter(before))
                .toList();
        if (pending.isEmpty()) {
            return List.of();
        }
        ItemContext ctx = contexts.forItem(itemId);
        Map<String, HubSpotRecord> byId = new HashMap<>();
        hubspot.batchRead(ctx.objectType(), pending.stream().map(RecordLink::recordId).toList(), ctx.neededProperties(null))
                .forEach(r -> byId.put(r.id(), r));
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

    /** Resumed reservations whose issue Jira already has (found by marker) are linked; the rest still need creating. */
    public List<CreatedIssue> resolveResumed(List<CreationRequest> requests) {
        List<CreatedIssue> result = new ArrayList<>();
        Map<Long, List<CreationRequest>> resumedByItem = requests.stream().filter(CreationRequest::resumed)
                .collect(Collectors.groupingBy(CreationRequest::itemId, LinkedHashMap::new, Collectors.toList()));
        for (var entry : resumedByItem.entrySet()) {
            ItemContext ctx = contexts.forItem(entry.getKey());
            List<CreationRequest> resumed = entry.getValue();
            for (int i = 0; i < resumed.size(); i += BULK_SIZE) {
                List<CreationRequest> chunk = resumed.subList(i, Math.min(resumed.size(), i + BULK_SIZE));
                Map<String, CreationRequest> byLabel = new LinkedHashMap<>();
                chunk.forEach(r -> byLabel.put(ConnectorNotes.recordMarkerLabel(ctx.portalId(), ctx.objectType(), r.recordId()), r));
                List<JiraIssue> found = jira.search(Jql.projectIs(ctx.project()).andLabelsIn(byLabel.keySet()), List.of("labels"),
                        BULK_SIZE, null, null).items();
                for (JiraIssue issue : found) {
                    for (String label : issue.labels()) {
                        CreationRequest r = byLabel.remove(label);
                        if (r != null) {
                            result.add(new CreatedIssue(r, issue.id(), issue.key(), true));
                        }
                    }
                }
            }
        }
        return result;
    }

    /** Creates the issues Jira does not have yet, in bulk; failed elements are dead-lettered, never retried blindly. */
    public List<CreatedIssue> createInBulk(List<CreationRequest> requests, List<CreatedIssue> alreadyThere) {
        java.util.Set<Long> done = alreadyThere.stream().map(c -> c.request().linkId()).collect(Collectors.toSet());
        List<CreatedIssue> created = new ArrayList<>(alreadyThere);
        Map<Long, List<CreationRequest>> byItem = requests.stream().filter(r -> !done.contains(r.linkId()))
                .collect(Collectors.groupingBy(CreationRequest::itemId, LinkedHashMap::new, Collectors.toList()));
        for (var entry : byItem.entrySet()) {
            ItemContext ctx = contexts.forItem(entry.getKey());
            List<CreationRequest> todo = entry.getValue();
            for (int i = 0; i < todo.size(); i += BULK_SIZE) {
                created.addAll(createChunk(ctx, todo.subList(i, Math.min(todo.size(), i + BULK_SIZE))));
            }
        }
        return created;
    }

    private List<CreatedIssue> createChunk(ItemContext ctx, List<CreationRequest> chunk) {
        List<BulkOutcome> outcomes = jira.createBulk(chunk.stream().map(r -> new IssueDraft(issueFields(ctx, r))).toList());
        List<CreatedIssue> created = new ArrayList<>();
        for (BulkOutcome outcome : outcomes) {
            CreationRequest r = chunk.get(outcome.index());
            if (!outcome.created()) {
                String error = outcome.error();
                links.markFailed(r.linkId(), "Jira refused to create the issue: " + error);
                deadLetters.add("jira-auto-create", r.itemId(), r.recordId(), null, payload(r.record()), error, "JIRA_VALIDATION", 1);
                audit.record(r.itemId(), r.recordId(), null, AuditLog.Direction.HUBSPOT_TO_JIRA, "ISSUE_CREATE", List.of(),
                        Outcome.FAILED, error);
                continue;
            }
            created.add(new CreatedIssue(r, outcome.issue().id(), outcome.issue().key(), false));
        }
        return created;
    }

    Map<String, JsonNode> issueFields(ItemContext ctx, CreationRequest r) {
        Map<String, JsonNode> f = new LinkedHashMap<>();
        f.put("project", json.createObjectNode().put("key", ctx.project()));
        f.put("issuetype", json.createObjectNode().put("id", ctx.definition().jiraIssueType()));
        f.putAll(fields.fieldsForCreate(ctx, r.record()));
        ArrayNode labels = f.get("labels") instanceof ArrayNode mapped ? mapped.deepCopy() : json.createArrayNode();
        labels.add(ConnectorNotes.recordMarkerLabel(ctx.portalId(), ctx.objectType(), r.recordId()));
        f.put("labels", labels);
        return f;
    }

    /** Saves the links of created (or found) issues: from here on the records are linked. */
    public List<CreatedIssue> saveLinks(List<CreatedIssue> created) {
        for (CreatedIssue c : created) {
            links.markLinked(c.request().linkId(), c.issueId(), c.issueKey());
        }
        return created;
    }

    /**
     * After linking: the remembered field values, the status the rule or mapping asks for, the HubSpot "Issue link note"
     * (batch-created), then comments and attachments.
     */
    public List<CreatedIssue> finish(List<CreatedIssue> created) {
        Map<Long, List<CreatedIssue>> byItem = created.stream()
                .collect(Collectors.groupingBy(c -> c.request().itemId(), LinkedHashMap::new, Collectors.toList()));
        for (var entry : byItem.entrySet()) {
            ItemContext ctx = contexts.forItem(entry.getKey());
            List<Map.Entry<String, String>> linkNotes = new ArrayList<>();
            Map<String, String> statuses = currentStatuses(entry.getValue());
            for (CreatedIssue c : entry.getValue()) {
                try {
                    finishOne(ctx, c, linkNotes, statuses);
                } catch (RuntimeException e) {
                    // the issue exists and is linked; what is missing is recorded and replayable, the others go on
                    failedFinish(c, "finishing the new issue failed", e);
                }
            }
            if (!linkNotes.isEmpty()) {
                try {
                    notes.createBatch(ctx.objectType(), linkNotes);
                } catch (RuntimeException e) {
                    for (Map.Entry<String, String> note : linkNotes) {
                        deadLetters.add("jira-auto-create", ctx.itemId(), note.getKey(), null, note.getValue(),
                                "the HubSpot issue link note could not be written: " + e.getMessage(), DeadLetterRecorder.category(e), 1);
                    }
                }
            }
            for (CreatedIssue c : entry.getValue()) {
                try {
                    linked.reconcileCommentsAndAttachments(ctx, links.byId(c.request().linkId()).orElseThrow());
                } catch (RuntimeException e) {
                    failedFinish(c, "comments and attachments of the new issue failed", e);
                }
            }
        }
        return created;
    }

    /**
     * The status of each new issue, read with one search per 50 issues instead of one read per issue; the issues were
     * just created, so the search reconciles them (Jira's search is otherwise eventually consistent).
     */
    private Map<String, String> currentStatuses(List<CreatedIssue> created) {
        Map<String, String> statuses = new HashMap<>();
        for (int i = 0; i < created.size(); i += JiraOperation.MAX_RECONCILED) {
            List<CreatedIssue> chunk = created.subList(i, Math.min(created.size(), i + JiraOperation.MAX_RECONCILED));
            jira.search(Jql.keysIn(chunk.stream().map(CreatedIssue::issueKey).toList()), List.of("status"), chunk.size(), null,
                    chunk.stream().map(CreatedIssue::issueId).toList()).items()
                    .forEach(issue -> statuses.put(issue.key(), issue.statusName()));
        }
        return statuses;
    }

    private void finishOne(ItemContext ctx, CreatedIssue c, List<Map.Entry<String, String>> linkNotes, Map<String, String> statuses) {
        RecordLink link = links.byId(c.request().linkId()).orElseThrow();
        fields.rememberCreated(ctx, link, c.request().record());
        String target = c.request().targetStatus();
        if (target == null && ctx.definition().isStatusSync() && ctx.statusField().isPresent()) {
            target = StatusMapper.jiraStatusFor(ctx.definition().statusMapping(),
                    c.request().record().property(ctx.statusField().get().stageProperty())).orElse(null);
        }
        if (target != null) {
            String current = statuses.get(c.issueKey());
            if (current == null) {
                current = jira.issue(c.issueKey(), List.of("status")).map(JiraIssue::statusName).orElse("");
            }
            status.moveIssue(ctx, link, current, target, "CREATE_STATUS");
        }
        status.rememberStage(ctx, link, c.request().record());
        if (!c.found()) {
            linkNotes.add(Map.entry(c.request().recordId(), issueLinkNote(ctx, c.issueKey())));
        }
        audit.record(ctx.itemId(), c.request().recordId(), c.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA,
                c.found() ? "ISSUE_RECOVERED" : "ISSUE_CREATED", List.of(), Outcome.OK,
                c.found() ? "found by marker after an interrupted creation" : null);
        log.info("Record {} of item '{}' linked to new issue {}", c.request().recordId(), ctx.item().name(), c.issueKey());
    }

    private void failedFinish(CreatedIssue c, String what, RuntimeException e) {
        deadLetters.add("hubspot-record", c.request().itemId(), c.request().recordId(), c.issueKey(), payload(c.request().record()),
                what + ": " + e.getMessage(), DeadLetterRecorder.category(e), 1);
        audit.record(c.request().itemId(), c.request().recordId(), c.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "ISSUE_CREATED",
                List.of(), Outcome.FAILED, what + ": " + e.getMessage());
    }

    public static String issueLinkNote(ItemContext ctx, String issueKey) {
        String url = ctx.issueUrl(issueKey);
        return "<p>" + ConnectorNotes.ISSUE_LINK_NOTE + "</p><p>Linked to Jira issue <a href=\"" + url + "\">" + issueKey
                + "</a>: " + url + "</p>";
    }

    private String payload(HubSpotRecord record) {
        try {
            return json.writeValueAsString(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return record.toString();
        }
    }
}
