package io.hubjira.jiratohubspot;

import java.util.List;

import io.hubjira.audit.AuditLog;
import io.hubjira.jira.Jql;
import io.hubjira.link.RecordLink;
import io.hubjira.sync.ItemContext;
import org.springframework.stereotype.Component;

/**
 * An item's JQL filter for the events handled one by one (comments, attachments): does the issue match it now? One
 * search of that one issue on the item's Jira site, read-after-write consistent; only for items with a JQL filter
 * (field updates check a whole inbox round at once, in JiraIssueUpdateHandler).
 */
@Component
public class JqlGate {

    private final AuditLog audit;

    public JqlGate(AuditLog audit) {
        this.audit = audit;
    }

    /** True without a JQL filter or when the issue matches it; else false, audited FILTERED for this kind of change. */
    public boolean allows(ItemContext ctx, RecordLink link, String what) {
        if (!ctx.definition().recordFilter().hasJql()) {
            return true;
        }
        String jql = ctx.definition().recordFilter().jql();
        var jira = ctx.jira().client();
        boolean matches = link.issueId() != null
                ? !jira.search(Jql.idsIn(List.of(link.issueId())).and(jql), List.of("id"), 1, null, List.of(link.issueId())).items().isEmpty()
                : !jira.search(Jql.keysIn(List.of(link.issueKey())).and(jql), List.of("id"), 1, null, List.of()).items().isEmpty();
        if (!matches) {
            audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "FILTERED", List.of(), AuditLog.Outcome.SKIPPED,
                    "The issue does not match the item's JQL filter: its " + what + " is not copied to HubSpot");
        }
        return matches;
    }
}
