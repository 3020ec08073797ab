package io.hubjira.hubspottojira;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.audit.DeadLetters;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiException;
import io.hubjira.hubspot.BatchOutcome;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.jira.BulkOutcome;
import io.hubjira.jira.IssueDraft;
import io.hubjira.jira.JiraFieldValue;
import io.hubjira.jira.JiraIssue;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink.Step;
import io.hubjira.link.RecordLink;
import io.hubjira.queue.ClaimLostException;
import io.hubjira.queue.HeldClaims;
import io.hubjira.sync.ConnectorLabels;
import io.hubjira.sync.ConnectorNotes;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.StatusSync;
import org.springframework.stereotype.Component;

/**
 * Exactly-once Jira issue creation for HubSpot records. The link is reserved (PENDING, claimed by this instance) before
 * Jira is called; every issue carries a label naming portal, object, record and item, by which Jira's answer is matched
 * to its record, a lost answer is resolved and a reservation found again (a crash between Jira's answer and saving the
 * link) is looked up before anything is created. Jira's search lags behind writes, so a marker that search does not
 * show is not taken for "not created" until its absence has lasted longer than the search may lag. Issues are created
 * with Jira's bulk API, 50 per call and 100 per read-back. The saved link lists the steps still to take ({@link CreationSteps}), so nothing
 * after the creation is lost either.
 */
@Component("jiraAutoCreator")
public class JiraAutoCreator {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JiraAutoCreator.class);
    /** drafts sent together: two of Jira's bulk creates (50 each), whose issues are read back with one bulk fetch (100) */
    static final int BULK_SIZE = 100;
    /** how many interrupted creations one poll of an item takes up (the next poll takes the rest) */
    static final int RESUME_BATCH = 200;

    private final LinkStore links;
    private final ItemContexts contexts;
    private final JiraFieldWriter fields;
    private final StatusSync status;
    private final CreationSteps steps;
    private final DeadLetters deadLetters;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration searchConsistency;
    private final IssueMatcher matcher;

    public JiraAutoCreator(LinkStore links, ItemContexts contexts, JiraFieldWriter fields,
                           StatusSync status, CreationSteps steps, DeadLetters deadLetters, AuditLog audit, ObjectMapper json, Clock clock,
                           ConnectorProperties props, IssueMatcher matcher) {
        this.matcher = matcher;
        this.clock = clock;
        this.searchConsistency = props.jira().searchConsistency();
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
     * Reservations left PENDING that no live instance works on (a crash, a stop, a failure, a lost create waiting for its
     * marker), claimed for this one, with their records read again in batches of 100. A record HubSpot could not read
     * now is left for the next poll. They are claimed for the run ({@code claims}).
     */
    public List<CreationRequest> leftoverReservations(long itemId, HeldClaims claims) {
        List<RecordLink> pending = links.claimLeftoverReservations(claims, itemId, RESUME_BATCH);
        if (pending.isEmpty()) {
            return List.of();
        }
        ItemContext ctx = contexts.forItem(itemId);
        BatchOutcome<String, HubSpotRecord> read = records(ctx, pending);
        List<CreationRequest> requests = new ArrayList<>();
        for (RecordLink l : pending) {
            HubSpotRecord record = read.done().get(l.recordId());
            if (record == null) {
                if (read.notFound().contains(l.recordId())) {
                    links.markFailed(l.id(), "HubSpot record " + l.recordId() + " no longer exists");
                } else {
                    links.releaseClaim(l.id());
                }
                continue;
            }
            requests.add(new CreationRequest(itemId, l.id(), l.recordId(), record, status.ruleTarget(ctx, record).orElse(null), true));
        }
        return requests;
    }

    /** Linked records whose creation still has steps to take and that no live instance works on, claimed for the run. */
    public List<CreatedIssue> unfinishedCreations(long itemId, HeldClaims claims) {
        List<RecordLink> unfinished = links.claimUnfinished(claims, itemId, RESUME_BATCH);
        if (unfinished.isEmpty()) {
            return List.of();
        }
        ItemContext ctx = contexts.forItem(itemId);
        BatchOutcome<String, HubSpotRecord> read = records(ctx, unfinished);
        List<CreatedIssue> resumed = new ArrayList<>();
        for (RecordLink l : unfinished) {
            HubSpotRecord record = read.done().get(l.recordId());
            if (record == null && !read.notFound().contains(l.recordId())) {
                links.releaseClaim(l.id()); // HubSpot could not read it now: the next poll takes it up
                continue;
            }
            if (record == null) {
                // nothing left to finish for a record that is gone; the issue stays linked
                l.pendingSteps().forEach(step -> links.stepDone(l.id(), step));
                audit.record(itemId, l.recordId(), l.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "CREATION_STEP", List.of(),
                        Outcome.SKIPPED, "HubSpot record " + l.recordId() + " no longer exists: steps " + l.pendingSteps() + " dropped");
                continue;
            }
            CreationRequest request = new CreationRequest(itemId, l.id(), l.recordId(), record, status.ruleTarget(ctx, record).orElse(null), true);
            resumed.add(new CreatedIssue(request, l.issueId(), l.issueKey(), true, null));
        }
        return resumed;
    }

    private BatchOutcome<String, HubSpotRecord> records(ItemContext ctx, List<RecordLink> links) {
        return ctx.hubspot().client().batchReadOutcome(ctx.objectType(), links.stream().map(RecordLink::recordId).toList(), ctx.neededProperties(null));
    }

    /**
     * Sorts the page's creations by what Jira may already have. A new reservation, or one whose create was never sent
     * (or was settled by Jira's answer), is created. One whose create may have happened (a lost answer, a crash) is
     * looked up by its marker label — one search per 50 labels: found, it is linked to that issue; not visible, it
     * is sent again only once the marker's absence has been confirmed for longer than Jira's search may lag
     * ({@code connector.jira.search-consistency}, counted from the first search that missed it). Until then it stays
     * reserved and the next poll looks again; nothing is created twice because search was slow.
     */
    public CreationPlan lookUpMarkers(List<CreationRequest> requests) {
        List<CreatedIssue> found = new ArrayList<>();
        List<CreationRequest> toCreate = new ArrayList<>();
        Map<Long, List<CreationRequest>> byItem = requests.stream()
                .collect(Collectors.groupingBy(CreationRequest::itemId, LinkedHashMap::new, Collectors.toList()));
        for (var entry : byItem.entrySet()) {
            ItemContext ctx = contexts.forItem(entry.getKey());
            Map<String, CreationRequest> byLabel = new LinkedHashMap<>();
            Map<String, RecordLink> linkByLabel = new HashMap<>();
            for (CreationRequest r : entry.getValue()) {
                RecordLink link = r.resumed() ? links.byId(r.linkId()).orElse(null) : null;
                if (link != null && link.matchAbsentSince() != null) {
                    matchAgain(ctx, r, link).ifPresent(toCreate::add);
                    continue;
                }
                if (link == null || !link.creationUnconfirmed()) {
                    toCreate.add(r);
                    continue;
                }
                String label = link.creationMarker() != null ? link.creationMarker()
                        : ConnectorNotes.legacyRecordMarkerLabel(ctx.portalId(), ctx.objectType(), r.recordId());
                byLabel.put(label, r);
                linkByLabel.put(label, link);
            }
            if (byLabel.isEmpty()) {
                continue;
            }
            Instant searchedAt = clock.instant();
            Map<String, List<JiraIssue>> hits = ctx.jira().client().issuesByLabel(ctx.project(), List.copyOf(byLabel.keySet()));
            byLabel.forEach((label, r) -> {
                RecordLink link = linkByLabel.get(label);
                List<JiraIssue> candidates = hits.getOrDefault(label, List.of());
                if (link.creationMarker() == null) { // a reservation from before markers named the item
                    candidates = ownLegacyCandidates(ctx, r, candidates);
                }
                if (!candidates.isEmpty()) {
                    JiraIssue issue = candidates.stream().min(java.util.Comparator.comparingLong(i -> Long.parseLong(i.id()))).orElseThrow();
                    found.add(new CreatedIssue(r, issue.id(), issue.key(), true, null));
                    return;
                }
                Instant absentSince = links.markerAbsent(r.linkId(), searchedAt);
                if (!searchedAt.isBefore(absentSince.plus(searchConsistency))) {
                    log.info("Record {} of item '{}': its issue's marker {} has been absent from Jira's search since {}: created now",
                            r.recordId(), ctx.item().name(), label, absentSince);
                    toCreate.add(r);
                } else {
                    waitForMarker(ctx, r, label, absentSince, link.markerAbsentSince() == null);
                }
            });
        }
        return new CreationPlan(found, toCreate);
    }

    /**
     * A reservation of an item with a match rule whose first search found no issue: before Jira's search may have caught
     * up it keeps waiting; after, the search runs again — one issue found: linked to it (the poll then gives it its link
     * note, remote link and content); several: a conflict, the reservation given up so a person links one; none: created.
     */
    private Optional<CreationRequest> matchAgain(ItemContext ctx, CreationRequest r, RecordLink link) {
        if (ctx.definition().match() == null) {
            links.matchSettled(link.id());
            return Optional.of(r);
        }
        if (clock.instant().isBefore(link.matchAbsentSince().plus(searchConsistency))) {
            links.releaseClaim(link.id());
            return Optional.empty();
        }
        List<JiraIssue> candidates = matcher.candidates(ctx, r.record());
        if (candidates.isEmpty()) {
            links.matchSettled(link.id());
            return Optional.of(r);
        }
        if (candidates.size() > 1) {
            matcher.conflict(ctx, r.record(), candidates);
            links.delete(link.id());
            return Optional.empty();
        }
        JiraIssue issue = candidates.get(0);
        try {
            links.linkReservation(link.id(), issue.id(), issue.key(), EnumSet.of(Step.LINK_NOTE, Step.REMOTE_LINK, Step.CONTENT));
        } catch (org.springframework.dao.DuplicateKeyException taken) {
            links.releaseClaim(link.id());
            return Optional.empty();
        }
        audit.record(ctx.itemId(), r.recordId(), issue.key(), AuditLog.Direction.HUBSPOT_TO_JIRA, "MATCH_LINKED",
                List.of(ctx.definition().match().jiraField()), Outcome.OK,
                "linked to the existing issue by the match rule (found once Jira's search had caught up) instead of creating one");
        return Optional.empty();
    }

    /**
     * Issues carrying a reservation's old marker label (portal, object and record, not the item) that may be this item's:
     * of the item's issue type and linked by no other item — another item's issue for the same record is never taken.
     */
    private List<JiraIssue> ownLegacyCandidates(ItemContext ctx, CreationRequest r, List<JiraIssue> candidates) {
        return candidates.stream()
                .filter(i -> i.issueTypeId().map(t -> t.equals(ctx.definition().jiraIssueType())).orElse(true))
                .filter(i -> links.forIssue(ctx.jira().connectionId(), i.key()).stream().allMatch(l -> l.id() == r.linkId()))
                .toList();
    }

    /**
     * A lost create whose marker Jira's search does not show yet: reserved, unclaimed, looked for again by the next poll.
     * Audited once, at the first search that missed it.
     */
    private void waitForMarker(ItemContext ctx, CreationRequest r, String label, Instant absentSince, boolean firstMiss) {
        links.releaseClaim(r.linkId());
        Instant earliest = absentSince.plus(searchConsistency);
        log.info("Record {} of item '{}': the answer to its create was lost and Jira's search does not show marker {} yet; not sent"
                + " again before {}", r.recordId(), ctx.item().name(), label, earliest);
        if (firstMiss) {
            audit.record(ctx.itemId(), r.recordId(), null, AuditLog.Direction.HUBSPOT_TO_JIRA, "ISSUE_CREATE", List.of(), Outcome.SKIPPED,
                    "waiting: the create may have happened (its answer was lost) and Jira's search does not show marker " + label
                            + " yet; looked for again by the next poll, sent again only if still absent after " + earliest);
        }
    }

    /**
     * Creates the plan's issues in bulk (50 per call, read back 100 at a time); the issues found by marker are passed
     * on with them. Each chunk's reservations record that their create is being sent (with its marker label) first.
     * Jira's refused elements are dead-lettered, never retried blindly; elements whose answer was lost and whose marker
     * is not visible yet stay reserved for the next poll to look up.
     */
    public List<CreatedIssue> createInBulk(CreationPlan plan) {
        List<CreatedIssue> created = new ArrayList<>(plan.found());
        Map<Long, List<CreationRequest>> byItem = plan.toCreate().stream()
                .collect(Collectors.groupingBy(CreationRequest::itemId, LinkedHashMap::new, Collectors.toList()));
        for (var entry : byItem.entrySet()) {
            ItemContext ctx = contexts.forItem(entry.getKey());
            List<CreationRequest> todo = entry.getValue();
            for (int from = 0; from < todo.size(); from += BULK_SIZE) {
                created.addAll(createChunk(ctx, todo.subList(from, Math.min(todo.size(), from + BULK_SIZE))));
            }
        }
        return created;
    }

    private List<CreatedIssue> createChunk(ItemContext ctx, List<CreationRequest> reserved) {
        Map<Long, String> markers = new LinkedHashMap<>();
        reserved.forEach(r -> markers.put(r.linkId(), marker(ctx, r)));
        Set<Long> lost = links.creationSent(markers, clock.instant());
        // fencing: reservations another instance took over while this one stalled are its to create
        List<CreationRequest> chunk = reserved.stream().filter(r -> !lost.contains(r.linkId())).toList();
        lost.forEach(markers::remove);
        if (chunk.isEmpty()) {
            return List.of();
        }
        List<BulkOutcome> outcomes;
        try {
            outcomes = ctx.jira().client().createBulk(ctx.project(), chunk.stream().map(r -> new IssueDraft(issueFields(ctx, r))).toList(),
                    List.copyOf(markers.values()));
        } catch (RuntimeException failed) {
            // Jira's "no" (a 4xx) or a call never sent created nothing; anything else (an answer that cannot be read) may
            // have: the reservations then keep their create unconfirmed and are looked up by marker next time
            if (failed instanceof ApiException api && (api.status() >= 400 && api.status() < 500 || api.status() == 0 && !api.ambiguous())) {
                links.creationSettled(markers.keySet());
            }
            throw failed;
        }
        List<CreatedIssue> created = new ArrayList<>();
        for (BulkOutcome outcome : outcomes) {
            CreationRequest r = chunk.get(outcome.index());
            switch (outcome.state()) {
                case CREATED -> created.add(new CreatedIssue(r, outcome.issue().id(), outcome.issue().key(), false, outcome.issue().statusName()));
                case REFUSED -> refused(r, outcome.error());
                case UNCONFIRMED -> {
                    // counted from the search that missed it; a failed search counts from now
                    Instant since = links.markerAbsent(r.linkId(), outcome.absentSince() == null ? clock.instant() : outcome.absentSince());
                    waitForMarker(ctx, r, markers.get(r.linkId()), since, true);
                }
            }
        }
        return created;
    }

    private void refused(CreationRequest r, String error) {
        links.creationSettled(List.of(r.linkId()));
        links.markFailed(r.linkId(), "Jira refused to create the issue: " + error);
        deadLetters.add(new DeadLetters.Failure("jira-auto-create", r.itemId(), r.recordId(), null,
                DeadLetters.recordSubject(r.itemId(), r.recordId()), payload(r.record()), error, "JIRA_VALIDATION", 1));
        audit.record(r.itemId(), r.recordId(), null, AuditLog.Direction.HUBSPOT_TO_JIRA, "ISSUE_CREATE", List.of(), Outcome.FAILED, error);
    }

    Map<String, JiraFieldValue> issueFields(ItemContext ctx, CreationRequest r) {
        Map<String, JiraFieldValue> f = new LinkedHashMap<>();
        f.put("project", new JiraFieldValue.ProjectByKey(ctx.project()));
        f.put("issuetype", new JiraFieldValue.IssueTypeById(ctx.definition().jiraIssueType()));
        f.putAll(fields.fieldsForCreate(ctx, r.record()));
        List<String> labels = new ArrayList<>(ConnectorLabels.of(f.get(ConnectorLabels.FIELD)));
        labels.add(marker(ctx, r));
        f.put(ConnectorLabels.FIELD, new JiraFieldValue.Labels(labels));
        return f;
    }

    private static String marker(ItemContext ctx, CreationRequest r) {
        return ConnectorNotes.recordMarkerLabel(ctx.portalId(), ctx.objectType(), ctx.itemId(), r.recordId());
    }

    /**
     * Saves the links of created (or found) issues, each with its remembered field values in the same transaction and
     * the steps still to take: from here on the records are linked and nothing after the creation can be lost.
     */
    public List<CreatedIssue> saveLinks(List<CreatedIssue> created) {
        List<CreatedIssue> saved = new ArrayList<>();
        for (CreatedIssue c : created) {
            ItemContext ctx = contexts.forItem(c.request().itemId());
            RecordLink link = links.byId(c.request().linkId()).orElseThrow();
            try {
                links.markLinked(link.id(), c.issueId(), c.issueKey(), EnumSet.allOf(Step.class),
                        () -> fields.rememberCreated(ctx, link, c.request().record()));
            } catch (ClaimLostException takenOver) {
                // the new owner looks the issue up by its marker and links it
                log.warn("Record {} of item '{}': issue {} was created, but another instance took the reservation over meanwhile;"
                        + " it links the issue, found by its marker", c.request().recordId(), ctx.item().name(), c.issueKey());
                continue;
            }
            saved.add(c);
            audit.record(ctx.itemId(), c.request().recordId(), c.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA,
                    c.found() ? "ISSUE_RECOVERED" : "ISSUE_CREATED", List.of(), Outcome.OK,
                    c.found() ? "found by marker after an interrupted creation" : null);
            deadLetters.resolve(DeadLetters.recordSubject(ctx.itemId(), c.request().recordId()), "issue " + c.issueKey() + " created");
            log.info("Record {} of item '{}' linked to {} issue {}", c.request().recordId(), ctx.item().name(), c.found() ? "its" : "new", c.issueKey());
        }
        return saved;
    }

    private String payload(HubSpotRecord record) {
        try {
            return json.writeValueAsString(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return record.toString();
        }
    }
}
