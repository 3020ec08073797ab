package io.hubjira.hubspottojira;

import java.util.List;
import java.util.Optional;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.convert.RecordFilters;
import io.hubjira.convert.RuleEvaluation;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.item.ConditionalRule;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink.LinkType;
import io.hubjira.link.RecordLink;
import io.hubjira.queue.HeldClaims;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.StatusSync;
import org.springframework.stereotype.Component;

/**
 * Decides what one HubSpot record version means for an item: a linked record is synced to its issue now; an
 * unlinked record of an auto-create item passes the Conditional Sync Rule gate and gets its link reserved, then
 * travels on as a {@link CreationRequest} to the bulk creation of its page.
 */
@Component("recordSync")
public class RecordSync {

    private final ItemContexts contexts;
    private final LinkStore links;
    private final StatusSync status;
    private final RuleEvaluation rules;
    private final AuditLog audit;
    private final java.time.Clock clock;
    private final IssueMatcher matcher;
    private final JiraFieldWriter fields;

    public RecordSync(ItemContexts contexts, LinkStore links, StatusSync status, RuleEvaluation rules, AuditLog audit, java.time.Clock clock,
                      IssueMatcher matcher, JiraFieldWriter fields) {
        this.fields = fields;
        this.matcher = matcher;
        this.clock = clock;
        this.contexts = contexts;
        this.links = links;
        this.status = status;
        this.rules = rules;
        this.audit = audit;
    }

    /** The idempotency key of a record version: item + record + modification time (kept short for the key column). */
    public static String versionKey(long itemId, HubSpotRecord record) {
        var modified = record.modifiedAt();
        return itemId + ":" + record.id() + ":" + (modified == null ? "0" : modified.toEpochMilli());
    }

    public static String versionKey(RecordVersion version) {
        return versionKey(version.itemId(), version.record());
    }

    /** Decides what the version needs; a reservation it makes or resumes is claimed for the run ({@code claims}). */
    public RecordWork decide(RecordVersion version, HeldClaims claims) {
        return decideFor(version.itemId(), version.record(), claims);
    }

    /** Decides: LINKED (sync to the issue), CREATE (a reserved link and a creation request) or SKIP. */
    private RecordWork decideFor(long itemId, HubSpotRecord record, HeldClaims claims) {
        ItemContext ctx = contexts.forItem(itemId);
        String recordId = record.id();
        Optional<RecordLink> existing = links.byRecord(itemId, recordId);
        boolean matches = RecordFilters.matches(ctx.definition().filter(), record::property, ctx.properties(), clock.instant());
        if (existing.isPresent() && existing.get().isLinked()) {
            if (!matches && ctx.definition().recordFilter().appliesToLinked()) {
                audit.record(itemId, recordId, existing.get().issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "FILTERED", List.of(), Outcome.SKIPPED,
                        "The record no longer matches the item's record filter: its issue is left as it is until it matches again");
                return RecordWork.skip(ctx, record);
            }
            return RecordWork.linked(ctx, existing.get(), record);
        }
        CreationGate gate = creationGate(ctx, record, matches);
        if (!gate.create()) {
            if (gate.audited()) {
                audit.record(itemId, recordId, null, AuditLog.Direction.HUBSPOT_TO_JIRA, "AUTO_CREATE", gate.fields(), Outcome.SKIPPED, gate.reason());
            }
            return RecordWork.skip(ctx, record);
        }
        String target = gate.ruleTarget();
        if (ctx.definition().match() != null && existing.isEmpty()) {
            List<io.hubjira.jira.JiraIssue> candidates = matcher.candidates(ctx, record);
            if (candidates.size() == 1) {
                return linkExisting(ctx, record, candidates.get(0));
            }
            if (candidates.size() > 1) {
                matcher.conflict(ctx, record, candidates);
                return RecordWork.skip(ctx, record);
            }
            // none found — but Jira's search may not show an issue created or edited moments ago: the record waits,
            // reserved, and its issue is created only if a search once the search has caught up finds none either
            Optional<RecordLink> waiting = links.reserve(claims, itemId, ctx.objectType(), recordId, LinkType.AUTO);
            waiting.ifPresent(l -> {
                links.awaitMatch(l.id(), clock.instant());
                audit.record(itemId, recordId, null, AuditLog.Direction.HUBSPOT_TO_JIRA, "AUTO_CREATE", List.of(ctx.definition().match().jiraField()),
                        Outcome.SKIPPED, "waiting: no Jira issue matches " + ctx.definition().match().jiraField() + " = '"
                                + IssueMatcher.value(ctx.definition().match(), record) + "' yet, and Jira's search may not show one created or"
                                + " edited in the last " + matcher.searchConsistency() + "; searched again by a poll after that, created if still none");
            });
            return RecordWork.skip(ctx, record);
        }
        if (existing.isPresent()) {
            RecordLink held = existing.get();
            // a claimed reservation belongs to a creation in flight (here or elsewhere); a free PENDING one (its creator
            // stopped or failed) or a FAILED one is ours to resume
            if (!links.claim(claims, held.id())) {
                return RecordWork.skip(ctx, record);
            }
            return create(ctx, held, new CreationRequest(itemId, held.id(), recordId, record, target, true));
        }
        Optional<RecordLink> reservation = links.reserve(claims, itemId, ctx.objectType(), recordId, LinkType.AUTO);
        if (reservation.isEmpty()) {
            return RecordWork.skip(ctx, record);
        }
        return create(ctx, reservation.get(), new CreationRequest(itemId, reservation.get().id(), recordId, record, target, false));
    }

    /**
     * Whether an unlinked record gets an issue: the item creates issues, the record matches its filter, and its
     * Conditional Sync Rule is met (or creates when not met); with the rule's target status. The poll and the dry run
     * both ask here. {@code audited}: a skip worth a line in the audit (not "this item never creates").
     */
    public record CreationGate(boolean create, String reason, List<String> fields, boolean audited, String ruleTarget) {
        static CreationGate skip(String reason, List<String> fields, boolean audited) {
            return new CreationGate(false, reason, fields, audited, null);
        }
    }

    public CreationGate creationGate(ItemContext ctx, HubSpotRecord record) {
        return creationGate(ctx, record, RecordFilters.matches(ctx.definition().filter(), record::property, ctx.properties(), clock.instant()));
    }

    private CreationGate creationGate(ItemContext ctx, HubSpotRecord record, boolean matchesFilter) {
        if (!ctx.definition().isAutoCreate() || !ctx.definition().mode().isSynchronized() || !ctx.definition().isEnabled()) {
            return CreationGate.skip("not linked, and the item does not create issues", List.of(), false);
        }
        if (!matchesFilter) {
            return CreationGate.skip("The record does not match the item's record filter", List.of(), true);
        }
        ConditionalRule rule = ctx.definition().rule();
        if (rule == null) {
            return new CreationGate(true, null, List.of(), false, null);
        }
        String value = record.property(rule.property());
        if (!rules.isMet(rule, value, ctx.properties().get(rule.property())) && !rule.createWhenNotMet()) {
            return CreationGate.skip("Conditional Sync Rule not met (" + rule.property() + " " + rule.operator() + " " + rule.value() + "; value '"
                    + value + "')", List.of(rule.property()), true);
        }
        return new CreationGate(true, null, List.of(), false, status.ruleTarget(ctx, record).orElse(null));
    }

    /** The match rule found the record's issue: linked instead of created, then synced like any linked record. */
    private RecordWork linkExisting(ItemContext ctx, HubSpotRecord record, io.hubjira.jira.JiraIssue issue) {
        try {
            links.linkForSteps(ctx.itemId(), ctx.objectType(), record.id(), issue.id(), issue.key(), LinkType.AUTO,
                    java.util.EnumSet.of(io.hubjira.link.RecordLink.Step.LINK_NOTE, io.hubjira.link.RecordLink.Step.REMOTE_LINK,
                            io.hubjira.link.RecordLink.Step.CONTENT), link -> {
                        fields.rememberAgreed(ctx, link, record, issue);
                        status.rememberAgreed(ctx, link, record, issue.statusName());
                    });
        } catch (org.springframework.dao.DuplicateKeyException taken) {
            return RecordWork.skip(ctx, record);
        }
        audit.record(ctx.itemId(), record.id(), issue.key(), AuditLog.Direction.HUBSPOT_TO_JIRA, "MATCH_LINKED", List.of(ctx.definition().match().jiraField()),
                Outcome.OK, "linked to the existing issue by the match rule instead of creating one");
        return RecordWork.linked(ctx, links.byRecord(ctx.itemId(), record.id()).orElseThrow(), record);
    }

    private static RecordWork create(ItemContext ctx, RecordLink link, CreationRequest request) {
        return new RecordWork(RecordDecision.CREATE, ctx, link, request.record(), request);
    }
}
