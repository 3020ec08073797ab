package io.hubjira.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.audit.AuditLog;
import io.hubjira.convert.RecordReference;
import io.hubjira.convert.TextFit;
import io.hubjira.hubspot.BatchOutcome;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.jira.JiraFieldValue;
import io.hubjira.jira.JiraTextLimit;
import io.hubjira.jira.RemoteLink;
import io.hubjira.link.RecordLink;
import io.hubjira.link.SyncedValueStore;
import org.springframework.stereotype.Component;

/**
 * How a Jira issue names its HubSpot record ("HubSpot deal 1234 — Acme renewal", linked to the record). Where the item
 * asks for remote links (one Jira call per linked issue: Jira has no bulk remote-link API), a Jira remote link keyed by
 * a global id made of portal, object type and record id, so writing it again updates it; it is written when the link
 * is made and again only when its title changes (the title last written is remembered with the link's synced values).
 * Otherwise (the default) a line at the end of the issue's description, written with the issue at no extra call.
 * Optionally the issue key in a HubSpot property (for users who filter in HubSpot), in batches of 100.
 */
@Component
public class RemoteLinks {

    public static final String DESCRIPTION = "description";
    static final String TITLE_KEY = "remote-link:title";
    static final String ISSUE_KEY_KEY = "issue-key-property";
    /** {@code ,{"type":"rule"},} with room to spare: what joining a description of its own to the line adds. */
    private static final int RULE_AND_SEPARATORS = 32;
    static final String ICON = "https://www.hubspot.com/hubfs/HubSpot_Logos/HubSpot-Inversed-Favicon.png";

    private final SyncedValueStore synced;
    private final AuditLog audit;
    private final TextFit textFit;

    public RemoteLinks(SyncedValueStore synced, AuditLog audit, TextFit textFit) {
        this.textFit = textFit;
        this.synced = synced;
        this.audit = audit;
    }

    /** The remote link the issue should carry now. */
    public RemoteLink linkFor(ItemContext ctx, String recordId, HubSpotRecord record) {
        String title = "HubSpot " + singular(ctx) + " " + recordId;
        String name = record == null ? "" : record.property(ctx.hubspot().metadata().primaryDisplayProperty(ctx.objectType())).trim();
        if (!name.isEmpty()) {
            title += " — " + name;
        }
        return new RemoteLink(globalId(ctx, recordId), "com.hubspot", "HubSpot", ctx.recordUrl(recordId), abbreviate(title),
                "Linked by the Smart Connected Item '" + ctx.item().name() + "'", ICON);
    }

    /** Without remote links, the description names the record (where the issue type's create screen has a description). */
    public boolean namesRecordInDescription(ItemContext ctx) {
        return !ctx.definition().hasRemoteLink() && ctx.jiraFields().containsKey(DESCRIPTION);
    }

    /** The description (null: none of its own) ending with the line that names the record. */
    public JiraFieldValue.Document withRecordReference(ItemContext ctx, String recordId, HubSpotRecord record, JiraFieldValue value) {
        JsonNode description = value instanceof JiraFieldValue.Document document ? document.adf() : null;
        RemoteLink link = linkFor(ctx, recordId, record);
        JsonNode whole = RecordReference.appended(description, link.title(), link.url());
        int max = JiraTextLimit.DESCRIPTION.maxLength();
        if (textFit.jsonLength(whole) <= max) {
            return new JiraFieldValue.Document(whole);
        }
        // the description was cut to Jira's limit on its own: cut it again to leave room for the line and its rule
        int room = max - textFit.jsonLength(RecordReference.appended(null, link.title(), link.url())) - RULE_AND_SEPARATORS;
        JsonNode own = textFit.adf(RecordReference.stripped(description), room, TextFit.FullText.inHubSpot(link.url()));
        return new JiraFieldValue.Document(RecordReference.appended(own, link.title(), link.url()));
    }

    static String globalId(ItemContext ctx, String recordId) {
        return "system=hubspot&portal=" + ctx.portalId() + "&object=" + ctx.objectType() + "&id=" + recordId;
    }

    /** Writes the remote link when the issue has none yet or its title changed; true when it wrote. */
    public boolean refresh(ItemContext ctx, RecordLink link, HubSpotRecord record) {
        if (!ctx.definition().hasRemoteLink() || !link.isLinked()) {
            return false;
        }
        RemoteLink wanted = linkFor(ctx, link.recordId(), record);
        if (wanted.title().equals(synced.get(link.id(), TITLE_KEY).orElse(null))) {
            return false;
        }
        ctx.jira().client().upsertRemoteLink(link.issueKey(), wanted);
        synced.put(link.id(), TITLE_KEY, wanted.title(), SyncedValueStore.Direction.HUBSPOT_TO_JIRA);
        audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "REMOTE_LINK", List.of(),
                AuditLog.Outcome.OK, wanted.title());
        return true;
    }

    /**
     * The issue keys of new links into the item's issue-key property, one batch update per 100 records. Answers the
     * records HubSpot did not write (a 207 names them), with its error: only those are tried again.
     */
    public Map<String, HubSpotApiException> writeIssueKeys(ItemContext ctx, List<RecordLink> linked) {
        String property = ctx.definition().issueKeyProperty();
        if (property == null || linked.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<String, String>> changes = new LinkedHashMap<>();
        for (RecordLink l : linked) {
            if (!l.issueKey().equals(synced.get(l.id(), ISSUE_KEY_KEY).orElse(null))) {
                changes.put(l.recordId(), Map.of(property, l.issueKey()));
            }
        }
        if (changes.isEmpty()) {
            return Map.of();
        }
        BatchOutcome<String, ?> written = ctx.hubspot().client().batchUpdate(ctx.objectType(), changes);
        for (RecordLink l : linked) {
            if (written.done().containsKey(l.recordId())) {
                synced.put(l.id(), ISSUE_KEY_KEY, l.issueKey(), SyncedValueStore.Direction.JIRA_TO_HUBSPOT);
                audit.record(ctx.itemId(), l.recordId(), l.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "ISSUE_KEY_PROPERTY", List.of(property),
                        AuditLog.Outcome.OK, null);
            }
        }
        return written.failed();
    }

    private String singular(ItemContext ctx) {
        String label = ctx.hubspot().metadata().label(ctx.objectType());
        String lower = label.toLowerCase(Locale.ROOT);
        if (lower.endsWith("ies")) {
            return lower.substring(0, lower.length() - 3) + "y";
        }
        return lower.endsWith("s") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static String abbreviate(String title) {
        return title.length() > 255 ? title.substring(0, 254) + "…" : title;
    }
}
