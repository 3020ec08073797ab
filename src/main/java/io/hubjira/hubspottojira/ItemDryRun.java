package io.hubjira.hubspottojira;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubjira.convert.RecordFilters;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.hubspot.Note;
import io.hubjira.jira.JiraFieldValue;
import io.hubjira.link.CommentLinkStore;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.sync.ConnectorNotes;
import io.hubjira.sync.HubSpotNotes;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.StatusMapper;
import io.hubjira.sync.StatusMove;
import io.hubjira.sync.StatusSync;
import io.hubjira.sync.StatusWork;
import org.springframework.stereotype.Component;

/**
 * What the item's next poll would do, without doing it: the records it would read (from the item's watermark, as the
 * poll would, the watermark left where it is), the issues it would create with their fields and status, the field
 * changes and transitions of linked issues, the notes it would copy as comments, and what it would skip and why. It
 * only reads: HubSpot searches, batch reads and association reads, Jira issue reads.
 */
@Component
public class ItemDryRun {

    public record Creation(String recordId, String recordUrl, Map<String, JiraFieldValue> fields, String status, int notesToCopy) {}

    public record FieldChange(String recordId, String issueKey, String issueUrl, Map<String, JiraFieldValue> fields) {}

    /** A status move: the issue along its workflow (ISSUE), or the record's stage following Jira (STAGE). */
    public record StatusChange(String recordId, String issueKey, String side, String from, String to) {}

    public record NoteCopy(String recordId, String issueKey, int notes) {}

    public record Skip(String recordId, String reason) {}

    public record Plan(long itemId, String item, int recordsRead, boolean moreToRead, List<Creation> creations, List<FieldChange> fieldChanges,
                       List<StatusChange> statusChanges, List<NoteCopy> notesToCopy, List<Skip> skipped) {}

    private final ItemContexts contexts;
    private final HubSpotChangeFeed feed;
    private final LinkStore links;
    private final JiraFieldWriter fields;
    private final StatusSync status;
    private final RecordSync recordSync;
    private final HubSpotNotes notes;
    private final CommentLinkStore commentLinks;
    private final Clock clock;

    public ItemDryRun(ItemContexts contexts, HubSpotChangeFeed feed, LinkStore links,
                      JiraFieldWriter fields, StatusSync status, RecordSync recordSync, HubSpotNotes notes, CommentLinkStore commentLinks,
                      Clock clock) {
        this.contexts = contexts;
        this.feed = feed;
        this.links = links;
        this.fields = fields;
        this.status = status;
        this.recordSync = recordSync;
        this.notes = notes;
        this.commentLinks = commentLinks;
        this.clock = clock;
    }

    /** The plan for at most {@code limit} records of the next poll. */
    public Plan plan(long itemId, int limit) {
        ItemContext ctx = contexts.forItem(itemId);
        PollCursor cursor = feed.start(Feed.RECORDS, itemId, ctx.hubspot().connectionId(), ctx.objectType(), ctx.neededProperties(ctx.hubspot().metadata().primaryDisplayProperty(ctx.objectType())),
                        Instant.EPOCH)
                .narrowedTo(FilterPushdown.groups(ctx.definition().filter(), clock.instant()));
        List<Creation> creations = new ArrayList<>();
        List<FieldChange> changes = new ArrayList<>();
        List<StatusChange> moves = new ArrayList<>();
        List<NoteCopy> copies = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        int read = 0;
        boolean more = true;
        Map<String, Boolean> seen = new LinkedHashMap<>();
        while (more && read < limit) {
            PolledPage page = feed.fetchPage(cursor);
            List<HubSpotRecord> records = page.records().stream().filter(r -> seen.putIfAbsent(r.id(), true) == null).toList();
            records = records.subList(0, Math.min(records.size(), limit - read));
            read += records.size();
            Map<String, List<Note>> recordNotes = ctx.definition().isCommentsSync() && !records.isEmpty()
                    ? notes.forRecords(ctx.hubspot(), ctx.objectType(), records.stream().map(HubSpotRecord::id).toList()) : Map.of();
            for (HubSpotRecord record : records) {
                plan(ctx, record, recordNotes.getOrDefault(record.id(), List.of()), creations, changes, moves, copies, skipped);
            }
            more = page.hasMore();
            cursor = page.next();
        }
        return new Plan(itemId, ctx.item().name(), read, more, creations, changes, moves, copies, skipped);
    }

    private void plan(ItemContext ctx, HubSpotRecord record, List<Note> recordNotes, List<Creation> creations, List<FieldChange> changes,
                      List<StatusChange> moves, List<NoteCopy> copies, List<Skip> skipped) {
        Optional<RecordLink> link = links.byRecord(ctx.itemId(), record.id());
        boolean matches = RecordFilters.matches(ctx.definition().filter(), record::property, ctx.properties(), clock.instant());
        if (link.isPresent() && link.get().isLinked()) {
            RecordLink l = link.get();
            if (!matches && ctx.definition().recordFilter().appliesToLinked()) {
                skipped.add(new Skip(record.id(), "no longer matches the record filter: " + l.issueKey() + " is left as it is"));
                return;
            }
            Map<String, JiraFieldValue> planned = fields.plannedChanges(ctx, l, record);
            if (!planned.isEmpty()) {
                changes.add(new FieldChange(record.id(), l.issueKey(), ctx.issueUrl(l.issueKey()), planned));
            }
            StatusMove move = status.decide(new StatusWork(ctx, l, record, null, false));
            if (move.kind() == StatusMove.Kind.MOVE_ISSUE && !move.target().equalsIgnoreCase(move.jiraStatus())) {
                moves.add(new StatusChange(record.id(), l.issueKey(), "ISSUE", move.jiraStatus(), move.target()));
            } else if (move.kind() == StatusMove.Kind.MOVE_STAGE) {
                moves.add(new StatusChange(record.id(), l.issueKey(), "STAGE", record.property(ctx.statusField().map(f -> f.stageProperty()).orElse("")),
                        "the stage mapped from " + move.jiraStatus()));
            }
            int toCopy = notesToCopy(l, recordNotes);
            if (toCopy > 0) {
                copies.add(new NoteCopy(record.id(), l.issueKey(), toCopy));
            }
            if (planned.isEmpty() && moves.stream().noneMatch(m -> m.recordId().equals(record.id())) && toCopy == 0) {
                skipped.add(new Skip(record.id(), l.issueKey() + " is up to date"));
            }
            return;
        }
        RecordSync.CreationGate gate = recordSync.creationGate(ctx, record);
        if (!gate.create()) {
            skipped.add(new Skip(record.id(), gate.reason()));
            return;
        }
        String target = gate.ruleTarget();
        if (target == null && ctx.definition().isStatusSync() && ctx.statusField().isPresent()) {
            target = StatusMapper.jiraStatusFor(ctx.definition().statusMapping(), record.property(ctx.statusField().get().stageProperty())).orElse(null);
        }
        // a reservation left by a stopped creation is resumed by the poll: still a creation
        int notesToCopy = (int) recordNotes.stream().filter(n -> !ConnectorNotes.isConnectorText(n.body())).count();
        creations.add(new Creation(record.id(), ctx.recordUrl(record.id()), fields.fieldsForCreate(ctx, record), target, notesToCopy));
    }

    private int notesToCopy(RecordLink link, List<Note> recordNotes) {
        int n = 0;
        for (Note note : recordNotes) {
            if (ConnectorNotes.isConnectorText(note.body())) {
                continue;
            }
            Optional<CommentLinkStore.CommentLink> copied = commentLinks.byNote(link.id(), note.id());
            if (copied.isEmpty() || !copied.get().done()) {
                n++;
            }
        }
        return n;
    }
}
