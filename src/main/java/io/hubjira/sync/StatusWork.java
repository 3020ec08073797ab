package io.hubjira.sync;

import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.link.RecordLink;
import io.hubjira.logging.LogSubject;

/**
 * The body of status-sync: a linked record whose issue status may have to follow it. {@code jiraStatus}:
 * the issue's status when the caller read it already (a creation reads them in batch), else null. {@code creation}:
 * the issue was just created, so the rule or mapping sets its first status (no newest-wins comparison).
 */
public record StatusWork(ItemContext ctx, RecordLink link, HubSpotRecord record, String jiraStatus, boolean creation) implements LogSubject {
    @Override
    public Object logItem() {
        return ctx == null ? null : ctx.itemId();
    }

    @Override
    public String logRecord() {
        return link == null ? null : link.recordId();
    }

    @Override
    public String logIssue() {
        return link == null ? null : link.issueKey();
    }
}
