package io.hubjira.admin;

import java.util.List;
import java.util.Map;

import io.hubjira.audit.AuditLog;
import io.hubjira.console.Charts;
import io.hubjira.console.Dashboard;
import io.hubjira.sync.Divergences;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the console's pages read: the dashboard (health per item), the progress of running polls (pages poll it every
 * few seconds), the charts' series, the activity log with filters, and the divergence check with its resync.
 */
@RestController
@RequestMapping("/api")
public class ConsoleController {

    private final Dashboard dashboard;
    private final Charts charts;
    private final AuditLog audit;
    private final Divergences divergences;

    public ConsoleController(Dashboard dashboard, Charts charts, AuditLog audit, Divergences divergences) {
        this.dashboard = dashboard;
        this.charts = charts;
        this.audit = audit;
        this.divergences = divergences;
    }

    /** One row per item: health, why it is not healthy, last success each way, lag, failures in 24 h, open dead letters, last poll. */
    @GetMapping("/dashboard")
    public List<Dashboard.ItemHealth> dashboard() {
        return dashboard.items();
    }

    /** Polls running now (records so far of HubSpot's total, rate, ETA), and those that ended in the last minute. */
    @GetMapping("/progress")
    public List<Dashboard.Progress> progress() {
        return dashboard.progress();
    }

    /** The charts' series over the last {@code hours} (1 to 168). */
    @GetMapping("/charts")
    public Charts.ChartData charts(@RequestParam(defaultValue = "24") int hours) {
        return charts.lastHours(hours);
    }

    /**
     * Sync actions both ways, newest first, filtered by item, record, issue, direction (HUBSPOT_TO_JIRA,
     * JIRA_TO_HUBSPOT, NONE) and outcome (OK, SKIPPED, FAILED); {@code beforeId} pages back. Each row carries the links
     * to the record in HubSpot and the issue in Jira.
     */
    @GetMapping("/activity")
    public List<Map<String, Object>> activity(@RequestParam(required = false) Long itemId, @RequestParam(required = false) String recordId,
                                              @RequestParam(required = false) String issueKey, @RequestParam(required = false) String direction,
                                              @RequestParam(required = false) String outcome, @RequestParam(required = false) Long beforeId,
                                              @RequestParam(defaultValue = "100") int limit) {
        AuditLog.Filter filter = new AuditLog.Filter(itemId, recordId, issueKey,
                blank(direction) ? null : SyncAdminController.parse(AuditLog.Direction.class, "direction", direction),
                blank(outcome) ? null : SyncAdminController.parse(AuditLog.Outcome.class, "outcome", outcome), beforeId, limit);
        return dashboard.activity(audit.search(filter));
    }

    /** Compares every mapped field of one link on both sides now. */
    @GetMapping("/links/{id}/divergence")
    public Divergences.LinkCheck linkDivergence(@PathVariable long id) {
        return divergences.check(id);
    }

    /** Writes each differing field in the direction its ownership says (see GET …/divergence), then answers what is left. */
    @PostMapping("/links/{id}/resync")
    public Map<String, Object> resync(@PathVariable long id) {
        Divergences.Resync done = divergences.resync(id);
        return Map.of("resynced", done, "now", divergences.check(id));
    }

    /** Compares every linked record of the item (in batches of 100 on each side); answers the links that differ. */
    @GetMapping("/items/{id}/divergence")
    public Divergences.ItemCheck itemDivergence(@PathVariable long id) {
        return divergences.checkItem(id);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
