package io.hubjira.admin;

import java.util.List;
import java.util.Map;

import io.hubjira.audit.AuditLog;
import io.hubjira.audit.DeadLetters;
import io.hubjira.console.Dashboard;
import io.hubjira.failure.InvalidInputException;
import io.hubjira.hubspottojira.BulkConnect;
import io.hubjira.hubspottojira.ItemDryRun;
import io.hubjira.hubspottojira.PollTrigger;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for sync operations: poll now, dead letters (list by state, replay one or all, discard), per-item health, the audit trail. */
@RestController
@RequestMapping("/api")
public class SyncAdminController {

    private final DeadLetters deadLetters;
    private final Replays replays;
    private final AuditLog audit;
    private final PollTrigger pollTrigger;
    private final Dashboard dashboard;
    private final ItemDryRun dryRun;
    private final BulkConnect bulkConnect;

    public SyncAdminController(DeadLetters deadLetters, Replays replays, AuditLog audit, PollTrigger pollTrigger, Dashboard dashboard,
                               ItemDryRun dryRun, BulkConnect bulkConnect) {
        this.bulkConnect = bulkConnect;
        this.dryRun = dryRun;
        this.pollTrigger = pollTrigger;
        this.deadLetters = deadLetters;
        this.replays = replays;
        this.audit = audit;
        this.dashboard = dashboard;
    }

    /** Runs the scheduled HubSpot poll now (once across instances; after a run in progress). */
    @PostMapping("/poll")
    public ResponseEntity<Map<String, Object>> pollNow() {
        return ResponseEntity.accepted().body(pollTrigger.runNow());
    }

    /** Dead letters, newest first: open ones by default; state=RESOLVED, REPLAYED, DISCARDED or ALL for the others. */
    @GetMapping("/dead-letters")
    public List<DeadLetters.DeadLetter> deadLetters(@RequestParam(required = false) Long itemId, @RequestParam(defaultValue = "OPEN") String state,
                                                    @RequestParam(defaultValue = "200") int limit) {
        DeadLetters.State wanted = "ALL".equalsIgnoreCase(state) ? null : parse(DeadLetters.State.class, "state", state);
        return deadLetters.list(itemId, wanted, Math.min(Math.max(limit, 1), 1000));
    }

    @PostMapping("/dead-letters/{id}/replay")
    public Map<String, Object> replay(@PathVariable long id) {
        return replays.replay(id);
    }

    /** Gives up on one: it leaves the open list and is kept as DISCARDED. */
    @PostMapping("/dead-letters/{id}/discard")
    public Map<String, Object> discard(@PathVariable long id) {
        return replays.discard(id);
    }

    @PostMapping("/dead-letters/replay")
    public List<Map<String, Object>> replayAll(@RequestParam(required = false) Long itemId) {
        return replays.replayAll(itemId);
    }

    /** The raw audit trail (the activity view, /api/activity, filters it). */
    @GetMapping("/audit")
    public List<Map<String, Object>> audit(@RequestParam(required = false) Long itemId, @RequestParam(defaultValue = "100") int limit) {
        return audit.recent(itemId, Math.min(Math.max(limit, 1), 1000));
    }

    /**
     * What the item's next poll would do, writing nothing anywhere: issues to create (with their fields and status),
     * field changes and transitions of linked issues, notes to copy, and what is skipped and why (at most
     * {@code limit} records, 1 to 10,000).
     */
    @PostMapping("/items/{id}/dry-run")
    public ItemDryRun.Plan dryRun(@PathVariable long id, @RequestParam(defaultValue = "1000") int limit) {
        return dryRun.plan(id, Math.min(Math.max(limit, 1), 10_000));
    }

    /**
     * Matches every record of the item against its Jira project's issues by the item's match rule: with
     * {@code apply=false} (the default) a report of what it would do — link, create, conflicts — and nothing written;
     * with {@code apply=true} the matches are linked. Applying again resumes a run that stopped.
     */
    @PostMapping("/items/{id}/bulk-connect")
    public BulkConnect.Report bulkConnect(@PathVariable long id, @RequestParam(defaultValue = "false") boolean apply) {
        return bulkConnect.run(id, apply);
    }

    /** The item's latest applied bulk connect: records so far of HubSpot's total while it runs, how it ended after (404: none yet). */
    @GetMapping("/items/{id}/bulk-connect")
    public io.hubjira.hubspottojira.BulkConnectRuns.Run bulkConnectProgress(@PathVariable long id) {
        return bulkConnect.progress(id).orElseThrow(() -> new io.hubjira.failure.NotFoundException("no_bulk_connect",
                "Item " + id + " has had no applied bulk connect yet."));
    }

    /** One item's health: the dashboard's row for it. */
    @GetMapping("/items/{id}/health")
    public Dashboard.ItemHealth health(@PathVariable long id) {
        return dashboard.item(id);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(400, "invalid_parameter", name, "'" + value + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ".");
        }
    }
}
