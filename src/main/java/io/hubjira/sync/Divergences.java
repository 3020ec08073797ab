package io.hubjira.sync;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.hubjira.audit.AuditLog;
import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.convert.TextFit.FullText;
import io.hubjira.convert.TextFit;
import io.hubjira.convert.ValueMapping;
import io.hubjira.failure.NotFoundException;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.item.FieldMapping;
import io.hubjira.item.FieldOwner;
import io.hubjira.jira.JiraFieldValue;
import io.hubjira.jira.JiraIssue;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.link.SyncedValueStore;
import org.springframework.stereotype.Component;

/**
 * Do Jira and HubSpot still agree? For a link, every mapped field is read on both sides now and compared in HubSpot's
 * terms (the Jira value converted as a Jira → HubSpot sync would write it; numbers compared by value), so a change the
 * connector dropped — an echo filter, a missed event, an edit during an outage — shows as a difference instead of
 * going unnoticed. Each difference says which side wins a resync:
 * <ul>
 *   <li>a field one side owns: that side;</li>
 *   <li>a field both own: the side that moved away from the value last synced; when both moved (or nothing was
 *       synced yet), the side edited last (HubSpot's {@code hs_lastmodifieddate} against Jira's {@code updated}).</li>
 * </ul>
 * A resync writes the winners (one Jira edit, one HubSpot update per link), remembers them as synced, and audits
 * RESYNC.
 */
@Component
public class Divergences {

    public enum Winner { HUBSPOT, JIRA }

    /** One mapped field whose values differ; values as HubSpot holds them (the Jira side converted). */
    public record Difference(String hubspotProperty, String jiraField, FieldOwner owner, String hubspotValue, String jiraValue,
                             String lastSynced, Winner winner, String why) {}

    public record LinkCheck(long linkId, long itemId, String recordId, String issueKey, String recordUrl, String issueUrl, int fieldsCompared,
                            List<Difference> differences, String problem) {
        public boolean diverged() {
            return !differences.isEmpty();
        }
    }

    public record ItemCheck(long itemId, int linksChecked, int linksDiverged, int linksUnreadable, List<LinkCheck> diverged) {}

    public record Resync(long linkId, String issueKey, String recordId, List<String> jiraFieldsWritten, List<String> hubspotPropertiesWritten) {}

    private static final String FIELD_KEY = "field:";

    private final ItemContexts contexts;
    private final LinkStore links;
    private final SyncedValueStore synced;
    private final ValueMapping values;
    private final AuditLog audit;
    private final RemoteLinks remoteLinks;

    public Divergences(ItemContexts contexts, LinkStore links, SyncedValueStore synced, ValueMapping values, AuditLog audit, RemoteLinks remoteLinks) {
        this.remoteLinks = remoteLinks;
        this.contexts = contexts;
        this.links = links;
        this.synced = synced;
        this.values = values;
        this.audit = audit;
    }

    public LinkCheck check(long linkId) {
        RecordLink link = linked(linkId);
        return check(contexts.forItem(link.itemId()), link);
    }

    /** Every linked record of the item: HubSpot read in batches of 100, Jira issues in pages of 100. */
    public ItemCheck checkItem(long itemId) {
        ItemContext ctx = contexts.forItem(itemId);
        List<RecordLink> linked = links.linkedForItem(itemId);
        List<LinkCheck> diverged = new ArrayList<>();
        int unreadable = 0;
        for (int from = 0; from < linked.size(); from += 100) {
            List<RecordLink> chunk = linked.subList(from, Math.min(linked.size(), from + 100));
            var read = ctx.hubspot().client().batchReadOutcome(ctx.objectType(), chunk.stream().map(RecordLink::recordId).toList(), properties(ctx));
            Map<String, HubSpotRecord> records = new LinkedHashMap<>(read.done());
            Map<String, JiraIssue> issues = new LinkedHashMap<>();
            ctx.jira().client().issuesNow(chunk.stream().map(RecordLink::issueId).filter(java.util.Objects::nonNull).toList(), jiraFields(ctx))
                    .forEach(i -> {
                        issues.put(i.id(), i);
                        issues.put(i.key(), i);
                    });
            for (RecordLink link : chunk) {
                JiraIssue issue = link.issueId() == null ? ctx.jira().client().issue(link.issueKey(), jiraFields(ctx)).orElse(null) : issues.get(link.issueId());
                var unread = read.failed().get(link.recordId());
                LinkCheck c = unread != null
                        ? new LinkCheck(link.id(), link.itemId(), link.recordId(), link.issueKey(), ctx.recordUrl(link.recordId()),
                                ctx.issueUrl(link.issueKey()), 0, List.of(), "HubSpot could not read the record now: " + unread.getMessage())
                        : compare(ctx, link, Optional.ofNullable(records.get(link.recordId())), Optional.ofNullable(issue));
                if (c.problem() != null) {
                    unreadable++;
                }
                if (c.diverged() || c.problem() != null) {
                    diverged.add(c);
                }
            }
        }
        return new ItemCheck(itemId, linked.size(), (int) diverged.stream().filter(LinkCheck::diverged).count(), unreadable, diverged);
    }

    /** Writes each difference's winner to the other side, then checks again (the answer shows what is left). */
    public Resync resync(long linkId) {
        RecordLink link = linked(linkId);
        ItemContext ctx = contexts.forItem(link.itemId());
        LinkCheck check = check(ctx, link);
        if (check.problem() != null) {
            throw new io.hubjira.failure.ConflictException("cannot_compare", check.problem());
        }
        Map<String, JiraFieldValue> toJira = new LinkedHashMap<>();
        Map<String, String> toHubSpot = new LinkedHashMap<>();
        Map<String, String> nowSynced = new LinkedHashMap<>();
        for (Difference d : check.differences()) {
            FieldMapping m = mapping(ctx, d.jiraField());
            if (d.winner() == Winner.HUBSPOT) {
                JiraFieldValue value = values.toJira(d.hubspotValue(), ctx.properties().get(m.hubspotProperty()), ctx.jiraFields().get(m.jiraField()),
                        m.valueMap(), FullText.inHubSpot(recordUrl(ctx, link)), ctx.people());
                toJira.put(d.jiraField(), RemoteLinks.DESCRIPTION.equals(d.jiraField()) && remoteLinks.namesRecordInDescription(ctx)
                        ? remoteLinks.withRecordReference(ctx, link.recordId(), null, value) : value);
                nowSynced.put(d.jiraField(), d.hubspotValue());
            } else {
                toHubSpot.put(d.hubspotProperty(), d.jiraValue());
                nowSynced.put(d.jiraField(), d.jiraValue());
            }
        }
        if (!toJira.isEmpty()) {
            Map<String, JiraFieldValue> fields = new LinkedHashMap<>(toJira);
            JiraFieldValue labels = fields.remove(ConnectorLabels.FIELD);
            if (labels == null) {
                ctx.jira().client().edit(link.issueKey(), fields);
            } else {
                JiraFieldValue held = ctx.jira().client().issue(link.issueKey(), List.of(ConnectorLabels.FIELD))
                        .map(i -> i.fieldValue(ConnectorLabels.FIELD, JiraFieldValue.Shape.LABELS)).orElse(JiraFieldValue.CLEARED);
                ctx.jira().client().edit(link.issueKey(), fields, ConnectorLabels.changes(ctx, held, labels));
            }
        }
        if (!toHubSpot.isEmpty()) {
            ctx.hubspot().client().update(ctx.objectType(), link.recordId(), toHubSpot);
        }
        nowSynced.forEach((field, value) -> synced.put(link.id(), FIELD_KEY + field, value,
                toJira.containsKey(field) ? SyncedValueStore.Direction.HUBSPOT_TO_JIRA : SyncedValueStore.Direction.JIRA_TO_HUBSPOT));
        if (!toJira.isEmpty()) {
            audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.HUBSPOT_TO_JIRA, "RESYNC", toJira.keySet(),
                    AuditLog.Outcome.OK, "divergence resynced: HubSpot's values written to Jira");
        }
        if (!toHubSpot.isEmpty()) {
            audit.record(ctx.itemId(), link.recordId(), link.issueKey(), AuditLog.Direction.JIRA_TO_HUBSPOT, "RESYNC", toHubSpot.keySet(),
                    AuditLog.Outcome.OK, "divergence resynced: Jira's values written to HubSpot");
        }
        return new Resync(link.id(), link.issueKey(), link.recordId(), List.copyOf(toJira.keySet()), List.copyOf(toHubSpot.keySet()));
    }

    private static String recordUrl(ItemContext ctx, RecordLink link) {
        return ctx.recordUrl(link.recordId());
    }

    private LinkCheck check(ItemContext ctx, RecordLink link) {
        Optional<HubSpotRecord> record = ctx.hubspot().client().read(ctx.objectType(), link.recordId(), properties(ctx));
        Optional<JiraIssue> issue = ctx.jira().client().issue(link.issueKey(), jiraFields(ctx));
        return compare(ctx, link, record, issue);
    }

    private LinkCheck compare(ItemContext ctx, RecordLink link, Optional<HubSpotRecord> record, Optional<JiraIssue> issue) {
        String recordUrl = ctx.recordUrl(link.recordId());
        String issueUrl = ctx.issueUrl(link.issueKey());
        if (record.isEmpty() || issue.isEmpty()) {
            String missing = record.isEmpty() ? "HubSpot has no " + ctx.objectType() + " " + link.recordId() : "Jira has no issue " + link.issueKey();
            return new LinkCheck(link.id(), link.itemId(), link.recordId(), link.issueKey(), recordUrl, issueUrl, 0, List.of(), missing);
        }
        Map<String, String> baseline = synced.all(link.id());
        List<Difference> differences = new ArrayList<>();
        int compared = 0;
        for (FieldMapping m : ctx.definition().fieldMappings()) {
            PropertyInfo property = ctx.properties().get(m.hubspotProperty());
            FieldInfo field = ctx.jiraFields().get(m.jiraField());
            if (property == null || field == null) {
                continue;
            }
            compared++;
            String hubspotValue = record.get().property(m.hubspotProperty());
            JiraFieldValue jiraField = issue.get().fieldValue(m.jiraField(), values.shape(field));
            if (ConnectorLabels.FIELD.equals(m.jiraField())) {
                jiraField = ConnectorLabels.withoutConnectorLabels(ctx, jiraField); // the connector's labels are not the mapping's
            }
            String jiraValue = values.toHubSpot(jiraField, field, property, m.valueMap(), FullText.inJira(issueUrl), ctx.people());
            if (same(hubspotValue, jiraValue) || TextFit.isCutCopyFrom(jiraValue, "HubSpot") || TextFit.isCutCopyFrom(hubspotValue, "Jira")) {
                continue; // equal, or one side holds the connector's cut copy of the other's full text
            }
            String last = baseline.get(FIELD_KEY + m.jiraField());
            differences.add(difference(m, hubspotValue, jiraValue, last, record.get().modifiedAt(), issue.get().updated()));
        }
        return new LinkCheck(link.id(), link.itemId(), link.recordId(), link.issueKey(), recordUrl, issueUrl, compared, differences, null);
    }

    static Difference difference(FieldMapping m, String hubspotValue, String jiraValue, String lastSynced, Instant hubspotModified,
                                 Instant jiraUpdated) {
        Winner winner;
        String why;
        switch (m.owner()) {
            case HUBSPOT -> {
                winner = Winner.HUBSPOT;
                why = "HubSpot owns this field";
            }
            case JIRA -> {
                winner = Winner.JIRA;
                why = "Jira owns this field";
            }
            default -> {
                if (lastSynced != null && same(lastSynced, hubspotValue)) {
                    winner = Winner.JIRA;
                    why = "Jira changed since the last sync, HubSpot did not";
                } else if (lastSynced != null && same(lastSynced, jiraValue)) {
                    winner = Winner.HUBSPOT;
                    why = "HubSpot changed since the last sync, Jira did not";
                } else {
                    boolean jiraNewer = jiraUpdated != null && (hubspotModified == null || jiraUpdated.isAfter(hubspotModified));
                    winner = jiraNewer ? Winner.JIRA : Winner.HUBSPOT;
                    why = (lastSynced == null ? "never synced" : "both changed since the last sync") + "; " + (jiraNewer ? "Jira" : "HubSpot")
                            + " was edited last";
                }
            }
        }
        return new Difference(m.hubspotProperty(), m.jiraField(), m.owner(), hubspotValue, jiraValue, lastSynced, winner, why);
    }

    /** Equal as HubSpot would store them: trimmed, and numbers by value (6250 = 6250.0). */
    static boolean same(String a, String b) {
        String x = a == null ? "" : a.trim();
        String y = b == null ? "" : b.trim();
        if (x.equals(y)) {
            return true;
        }
        try {
            return new BigDecimal(x).compareTo(new BigDecimal(y)) == 0;
        } catch (NumberFormatException notNumbers) {
            return false;
        }
    }

    private RecordLink linked(long linkId) {
        RecordLink link = links.byId(linkId).orElseThrow(() -> new NotFoundException("unknown_link", "There is no link with id " + linkId + "."));
        if (link.state() != RecordLink.LinkState.LINKED) {
            throw new NotFoundException("unknown_link", "Link " + linkId + " is " + link.state() + ", not linked to an issue yet.");
        }
        return link;
    }

    private static FieldMapping mapping(ItemContext ctx, String jiraField) {
        return ctx.definition().fieldMappings().stream().filter(m -> m.jiraField().equals(jiraField)).findFirst().orElseThrow();
    }

    private static List<String> properties(ItemContext ctx) {
        Set<String> names = new LinkedHashSet<>();
        ctx.definition().fieldMappings().forEach(m -> names.add(m.hubspotProperty()));
        names.add(HubSpotRecord.MODIFIED);
        return List.copyOf(names);
    }

    private static List<String> jiraFields(ItemContext ctx) {
        Set<String> names = new LinkedHashSet<>();
        ctx.definition().fieldMappings().forEach(m -> names.add(m.jiraField()));
        names.add("updated");
        return List.copyOf(names);
    }
}
