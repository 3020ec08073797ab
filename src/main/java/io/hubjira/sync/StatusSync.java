package io.hubjira.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.catalog.HubSpotMetadata.StageInfo;
import io.hubjira.catalog.HubSpotMetadata.StatusField;
import io.hubjira.catalog.JiraMetadata.StatusInfo;
import io.hubjira.convert.RuleEvaluation;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.item.ConditionalRule;
import io.hubjira.jira.JiraIssue;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.link.SyncedValueStore.Direction;
import io.hubjira.link.SyncedValueStore;
import io.hubjira.sync.WorkflowNavigator.Move;
import org.springframework.stereotype.Component;

/**
 * Keeps a linked issue's status and the record's stage aligned. A Conditional Sync Rule decides first (met →
 * metStatus, not met → notMetStatus); otherwise the status mapping applies in both directions and the side that
 * changed last wins (stage change time against the issue's last status change), even on one-way items. A status the
 * workflow cannot reach is recorded on the link and in the audit log, never retried in a loop.
 */
@Component("statusSync")
public class StatusSync {

    static final String HUBSPOT_STAGE = "status:hubspot";
    static final String JIRA_STATUS = "status:jira";

    private final WorkflowNavigator navigator;
    private final SyncedValueStore synced;
    private final LinkStore links;
    private final AuditLog audit;
    private final RuleEvaluation rules;

    public StatusSync(WorkflowNavigator navigator,
                      SyncedValueStore synced, LinkStore links, AuditLog audit, RuleEvaluation rules) {
        this.navigator = navigator;
        this.synced = synced;
        this.links = links;
        this.audit = audit;
        this.rules = rules;
    }

    /** The status a rule routes the record to, or empty when there is no rule or it names no status for this outcome. */
    public Optional<String> ruleTarget(ItemContext ctx, HubSpotRecord record) {
        ConditionalRule rule = ctx.definition().rule();
        if (rule == null) {
            return Optional.empty();
        }
        String value = record.property(rule.property());
        boolean met = rules.isMet(rule, value, ctx.properties().get(rule.property()));
        String target = met ? rule.metStatus() : rule.notMetStatus();
        return Optional.ofNullable(target == null || target.isBlank() ? null : target);
    }

    /** The status a new issue is moved to: the rule's, else (with status sync) the stage's mapped status; empty: it stays. */
    public Optional<String> creationTarget(ItemContext ctx, HubSpotRecord record) {
        Optional<String> ruleTarget = ruleTarget(ctx, record);
        if (ruleTarget.isPresent() || !ctx.definition().isStatusSync() || ctx.statusField().isEmpty()) {
            return ruleTarget;
        }
        return StatusMapper.jiraStatusFor(ctx.definition().statusMapping(), record.property(ctx.statusField().get().stageProperty()));
    }

    /**
     * For a link just made to an issue that already exists: when the issue is already in the status the record asks
     * for (its rule, or its stage's mapped status), that agreement is remembered, so the first sync reads and moves
     * nothing.
     */
    public void rememberAgreed(ItemContext ctx, RecordLink link, HubSpotRecord record, String jiraStatus) {
        Optional<String> target = creationTarget(ctx, record);
        if (jiraStatus != null && target.isPresent() && target.get().equalsIgnoreCase(jiraStatus)) {
            synced.put(link.id(), JIRA_STATUS, jiraStatus, Direction.HUBSPOT_TO_JIRA);
            rememberStage(ctx, link, record);
        }
    }

    /**
     * Decides what the status does — the one place a status move is decided. A new issue gets the rule's status, or
     * the stage's mapped status. A linked one: a Conditional Sync Rule decides first; otherwise the side that changed
     * last wins (the stage's change time against the issue's last status change).
     */
    public StatusMove decide(StatusWork work) {
        ItemContext ctx = work.ctx();
        RecordLink link = work.link();
        HubSpotRecord record = work.record();
        boolean statusSync = ctx.definition().isStatusSync() && ctx.statusField().isPresent();
        Optional<String> ruleTarget = ruleTarget(ctx, record);
        if (work.creation()) {
            String target = creationTarget(ctx, record).orElse(null);
            if (target == null) {
                return StatusMove.remember(work, work.jiraStatus());
            }
            String current = work.jiraStatus() != null ? work.jiraStatus()
                    : ctx.jira().client().issue(link.issueKey(), List.of("status")).map(JiraIssue::statusName).orElse("");
            // the item created the issue, so it is of the item's issue type
            return new StatusMove(StatusMove.Kind.MOVE_ISSUE, work, current, target, "CREATE_STATUS", ctx.definition().jiraIssueType());
        }
        if (ruleTarget.isEmpty() && !statusSync) {
            return StatusMove.nothing(work);
        }
        // Jira-side status changes arrive by webhook; the poll only needs to look at Jira when HubSpot's side asks for
        // something the connector has not already settled (this keeps the poll at zero Jira reads per unchanged record)
        String lastJira = synced.get(link.id(), JIRA_STATUS).orElse(null);
        if (ruleTarget.isPresent() && ruleTarget.get().equalsIgnoreCase(lastJira)) {
            return StatusMove.remember(work, lastJira);
        }
        if (ruleTarget.isEmpty()) {
            String stageNow = record.property(ctx.statusField().get().stageProperty());
            if (synced.has(link.id(), HUBSPOT_STAGE) && stageNow.equals(synced.get(link.id(), HUBSPOT_STAGE).orElse(""))) {
                return StatusMove.nothing(work);
            }
        }
        JiraIssue issue = ctx.jira().client().issueWithChangelog(link.issueKey(), List.of("status", "updated", "issuetype"))
                .orElseThrow(() -> new IllegalStateException("Jira has no issue " + link.issueKey() + " any more"));
        String jiraStatus = issue.statusName();
        if (ruleTarget.isPresent()) {
            return new StatusMove(StatusMove.Kind.MOVE_ISSUE, work, jiraStatus, ruleTarget.get(), "RULE_STATUS", issue.issueTypeId().orElse(null));
        }
        StatusField field = ctx.statusField().get();
        String stage = record.property(field.stageProperty());
        boolean hubspotChanged = !stage.equals(synced.get(link.id(), HUBSPOT_STAGE).orElse(""));
        boolean jiraChanged = !jiraStatus.equalsIgnoreCase(synced.get(link.id(), JIRA_STATUS).orElse(""));
        boolean firstSync = !synced.has(link.id(), HUBSPOT_STAGE);
        if (!hubspotChanged && !jiraChanged) {
            return StatusMove.nothing(work);
        }
        boolean hubspotWins = firstSync || !jiraChanged
                || (hubspotChanged && !stageChangedAt(ctx, link, field, record).isBefore(issue.statusChangedAt()));
        if (!hubspotWins) {
            return new StatusMove(StatusMove.Kind.MOVE_STAGE, work, jiraStatus, null, "STATUS");
        }
        Optional<String> target = StatusMapper.jiraStatusFor(ctx.definition().statusMapping(), stage);
        if (target.isEmpty()) {
            audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "STATUS",
                    List.of("status"), Outcome.SKIPPED, "stage '" + stage + "' has no Jira status in the mapping");
            return StatusMove.remember(work, jiraStatus);
        }
        return new StatusMove(StatusMove.Kind.MOVE_ISSUE, work, jiraStatus, target.get(), "STATUS", issue.issueTypeId().orElse(null));
    }

    /** Jira's status changed (a webhook): the record's stage follows it, through status-sync-move. */
    public static StatusMove stageFromJira(StatusWork work) {
        return new StatusMove(StatusMove.Kind.MOVE_STAGE, work, work.jiraStatus(), null, "STATUS");
    }

    /** MOVE_ISSUE: along the workflow to the target (an unreachable one is recorded), then the stage is remembered. */
    public StatusMove moveIssue(StatusMove move) {
        StatusWork w = move.work();
        moveIssueTo(w.ctx(), w.link(), move.jiraStatus(), move.issueTypeId(), move.target(), move.action());
        rememberStage(w.ctx(), w.link(), w.record());
        return move;
    }

    /** MOVE_STAGE: Jira's status won; the record moves to the matching stage. */
    public StatusMove moveStage(StatusMove move) {
        StatusWork w = move.work();
        writeStageFromJira(w.ctx(), w.link(), w.record(), w.ctx().statusField().orElseThrow(), move.jiraStatus());
        return move;
    }

    /** REMEMBER: nothing moves; the stage this was decided for is remembered. */
    public StatusMove remember(StatusMove move) {
        StatusWork w = move.work();
        rememberStage(w.ctx(), w.link(), w.record());
        return move;
    }

    /** Jira's status won (or arrived by webhook): move the record to the matching stage of its pipeline. */
    public void writeStageFromJira(ItemContext ctx, RecordLink link, HubSpotRecord record, StatusField field, String jiraStatus) {
        Optional<StatusInfo> status = ctx.jira().metadata().status(ctx.project(), jiraStatus);
        String pipeline = record.property(field.pipelineProperty());
        Optional<StageInfo> stage = status.flatMap(s -> StatusMapper.stageFor(ctx.definition().statusMapping(), field,
                pipeline.isEmpty() ? null : pipeline, s));
        String current = record.property(field.stageProperty());
        if (stage.isEmpty()) {
            audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "STATUS",
                    List.of(field.stageProperty()), Outcome.SKIPPED, "Jira status '" + jiraStatus + "' has no HubSpot stage");
        } else if (!stage.get().id().equals(current)) {
            ctx.hubspot().client().update(ctx.objectType(), link.recordId(), Map.of(field.stageProperty(), stage.get().id()));
            audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "STATUS",
                    List.of(field.stageProperty()), Outcome.OK, current + " → " + stage.get().id());
        }
        synced.put(link.id(), HUBSPOT_STAGE, stage.map(StageInfo::id).orElse(current), Direction.JIRA_TO_HUBSPOT);
        synced.put(link.id(), JIRA_STATUS, jiraStatus, Direction.JIRA_TO_HUBSPOT);
    }

    /**
     * Moves the issue along the workflow and audits it in one line: OK with the statuses it went through, or FAILED
     * naming the missing path (also kept on the link). Returns the status the issue is in afterwards.
     */
    private String moveIssueTo(ItemContext ctx, RecordLink link, String from, String issueTypeId, String target, String action) {
        Move move = move(ctx, link, from, issueTypeId, target);
        switch (move.outcome()) {
            case MOVED -> audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, action,
                    List.of("status"), Outcome.OK, from + " → " + String.join(" → ", move.path())
                            + (move.detail() == null ? "" : " (" + move.detail() + ")"));
            case NO_PATH -> audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, action,
                    List.of("status"), Outcome.FAILED, move.detail());
            case ALREADY_THERE -> {
                if (move.detail() != null) {
                    audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, action,
                            List.of("status"), Outcome.SKIPPED, "already in '" + target + "': " + move.detail());
                }
            }
        }
        return reached(move, from);
    }

    /**
     * Moves the issue along the workflow without an audit line of its own (for a caller that audits the whole action):
     * the link's status problem and the remembered status follow what happened.
     */
    public Move move(ItemContext ctx, RecordLink link, String from, String issueTypeId, String target) {
        Move move = navigator.moveTo(new WorkflowNavigator.IssueAt(ctx.jira(), ctx.project(), link.issueKey(), issueTypeId, from), target);
        links.setStatusProblem(link.id(), move.outcome() == WorkflowNavigator.Outcome.NO_PATH
                ? "Cannot move " + link.issueKey() + " to '" + target + "': " + move.detail() : null);
        synced.put(link.id(), JIRA_STATUS, reached(move, from), Direction.HUBSPOT_TO_JIRA);
        return move;
    }

    /** Where a move left the issue: the last status it went through, or where it was. */
    private static String reached(Move move, String from) {
        return move.path().isEmpty() ? from : move.path().get(move.path().size() - 1);
    }

    public void rememberStage(ItemContext ctx, RecordLink link, HubSpotRecord record) {
        ctx.statusField().ifPresent(f -> synced.put(link.id(), HUBSPOT_STAGE, record.property(f.stageProperty()), Direction.HUBSPOT_TO_JIRA));
    }

    /** When the record entered its current stage: from the stage property's history, else the record's last change. */
    private Instant stageChangedAt(ItemContext ctx, RecordLink link, StatusField field, HubSpotRecord record) {
        return ctx.hubspot().client().readWithHistory(ctx.objectType(), link.recordId(), List.of(field.stageProperty()), List.of(field.stageProperty()))
                .flatMap(r -> r.changedAt(field.stageProperty()))
                .orElseGet(() -> record.modifiedAt() == null ? Instant.EPOCH : record.modifiedAt());
    }
}
