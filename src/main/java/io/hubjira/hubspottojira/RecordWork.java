package io.hubjira.hubspottojira;

import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.link.RecordLink;
import io.hubjira.logging.LogSubject;
import io.hubjira.sync.ItemContext;

/** One HubSpot record version on its way through the hubspot-record flow, with what was decided for it. */
public record RecordWork(RecordDecision decision, ItemContext context, RecordLink link, HubSpotRecord record, CreationRequest creation)
        implements LogSubject {

    public static RecordWork linked(ItemContext ctx, RecordLink link, HubSpotRecord record) {
        return new RecordWork(RecordDecision.LINKED, ctx, link, record, null);
    }

    static RecordWork skip(ItemContext ctx, HubSpotRecord record) {
        return new RecordWork(RecordDecision.SKIP, ctx, null, record, null);
    }

    @Override
    public Object logItem() {
        return context == null ? null : context.itemId();
    }

    @Override
    public String logRecord() {
        return record != null ? record.id() : link == null ? null : link.recordId();
    }

    @Override
    public String logIssue() {
        return link == null ? null : link.issueKey();
    }
}
