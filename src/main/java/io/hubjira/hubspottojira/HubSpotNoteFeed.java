package io.hubjira.hubspottojira;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.hubjira.audit.AuditLog.Outcome;
import io.hubjira.audit.AuditLog;
import io.hubjira.audit.DeadLetters;
import io.hubjira.connection.ConnectionScopes;
import io.hubjira.connection.HubSpotScope;
import io.hubjira.hubspot.Note;
import io.hubjira.item.ItemRepository;
import io.hubjira.item.SmartConnectedItem;
import io.hubjira.link.AttachmentLinkStore;
import io.hubjira.link.CommentLinkStore;
import io.hubjira.link.ConnectorLinkNotes;
import io.hubjira.link.LinkStore;
import io.hubjira.link.RecordLink;
import io.hubjira.queue.ChangedRecord;
import io.hubjira.sync.ConnectorNotes;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.RetryPolicy;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * HubSpot notes on their own clock: new and edited notes are found by the notes' own hs_lastmodifieddate (one notes
 * search per page, through the same page loop as the records, with the notes feed's own watermark), or named by
 * HubSpot's note webhooks; their associations are read in batch per object type and each linked record's notes go to
 * its issue as comments and attachments. The connector never waits for a note's record to change (logging or editing a
 * note is not documented to touch the record). Reservations left unfinished by a stopped or failed writer are taken up
 * again every poll.
 */
@Component("hubspotNoteFeed")
public class HubSpotNoteFeed {

    public static final String NOTES = "notes";
    private static final Logger log = LoggerFactory.getLogger(HubSpotNoteFeed.class);
    private static final int UNFINISHED_BATCH = 100;

    private final ConnectionScopes scopes;
    private final ConnectorLinkNotes linkNotes;
    private final HubSpotChangeFeed feed;
    private final WatermarkStore watermarks;
    private final ItemRepository items;
    private final ItemContexts contexts;
    private final LinkStore links;
    private final CommentLinkStore commentLinks;
    private final AttachmentLinkStore attachmentLinks;
    private final LinkedRecordSync linked;
    private final DeadLetters deadLetters;
    private final AuditLog audit;
    private final Clock clock;
    private final IdempotentRepository noteVersions;

    public HubSpotNoteFeed(ConnectionScopes scopes, HubSpotChangeFeed feed, WatermarkStore watermarks, ItemRepository items, ItemContexts contexts,
                           LinkStore links, CommentLinkStore commentLinks, AttachmentLinkStore attachmentLinks, LinkedRecordSync linked,
                           DeadLetters deadLetters, AuditLog audit, Clock clock,
                           @Qualifier("noteVersionRepository") IdempotentRepository noteVersions, ConnectorLinkNotes linkNotes) {
        this.noteVersions = noteVersions;
        this.linkNotes = linkNotes;
        // used from this bean, not by an idempotent consumer that would start it
        org.apache.camel.support.service.ServiceHelper.startService(noteVersions);
        this.scopes = scopes;
        this.feed = feed;
        this.watermarks = watermarks;
        this.items = items;
        this.contexts = contexts;
        this.links = links;
        this.commentLinks = commentLinks;
        this.attachmentLinks = attachmentLinks;
        this.linked = linked;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.clock = clock;
    }

    /** Whether any enabled synchronized item syncs comments or attachments (otherwise no note is read at all). */
    public boolean wanted() {
        return !noteItems().isEmpty();
    }

    /** The active HubSpot connections some item syncing comments or attachments is bound to: each has its own notes feed. */
    public List<Long> connectionsWanted() {
        return noteItems().stream().map(SmartConnectedItem::hubspotConnectionId).distinct()
                .filter(id -> scopes.findHubSpot(id).isPresent()).toList();
    }

    /**
     * A cursor over the portal's notes modified since its notes watermark (minus the overlap). A first run starts where
     * the oldest watermark of its items is: notes older than that reached Jira when their records were linked.
     */
    public PollCursor startCursor(long hubspotConnectionId) {
        List<Long> ids = noteItems(hubspotConnectionId).stream().map(SmartConnectedItem::id).toList();
        return feed.start(Feed.NOTES, WatermarkStore.EVERY_ITEM, hubspotConnectionId, NOTES, Note.PROPERTIES,
                watermarks.oldest(Feed.RECORDS, ids).orElse(clock.instant()));
    }

    /**
     * The notes of the current page, per linked record they are associated with; note versions the feed handled
     * already (its overlap reads them again) are left out.
     */
    public List<NoteWork> workForPage(PolledPage page) {
        long connection = page.next().hubspotConnectionId();
        return workFor(connection, page.records().stream().map(Note::of).filter(n -> !noteVersions.contains(versionKey(connection, n))).toList());
    }

    /** The page's notes are handled (failures are dead-lettered, unfinished copies resumed by the next poll). */
    public PolledPage pageDone(PolledPage page) {
        page.records().stream().map(Note::of).forEach(n -> noteVersions.add(versionKey(page.next().hubspotConnectionId(), n)));
        return page;
    }

    private static String versionKey(long hubspotConnectionId, Note note) {
        return hubspotConnectionId + ":" + note.id() + ":" + (note.modifiedAt() == null ? "0" : note.modifiedAt().toEpochMilli());
    }

    /** The notes HubSpot webhooks named (read in batch), per linked record they are associated with. */
    public List<NoteWork> workForChanged(List<ChangedRecord> changed) {
        Map<Long, List<String>> noteIdsByConnection = new LinkedHashMap<>();
        changed.stream().filter(c -> NOTES.equals(c.objectType()))
                .forEach(c -> noteIdsByConnection.computeIfAbsent(c.hubspotConnectionId(), k -> new ArrayList<>()).add(c.recordId()));
        List<NoteWork> work = new ArrayList<>();
        noteIdsByConnection.forEach((connection, ids) -> {
            Optional<HubSpotScope> scope = scopes.findHubSpot(connection);
            // the connector's own link notes come back as webhooks too: not read again
            List<String> noteIds = scope.isEmpty() || noteItems(connection).isEmpty() ? List.of() : linkNotes.othersOf(connection, ids.stream().distinct().toList());
            if (!noteIds.isEmpty()) {
                work.addAll(workFor(connection, scope.get().client().readNotes(noteIds)));
            }
        });
        return work;
    }

    /**
     * Notes whose comment or attachment copy was reserved but not finished and that nobody works on now (the writer
     * stopped or failed): read again, so the copy is resumed (looked for by its marker before it is written).
     */
    public List<NoteWork> unfinished(long hubspotConnectionId) {
        Set<Long> itemIds = new HashSet<>(noteItems(hubspotConnectionId).stream().map(SmartConnectedItem::id).toList());
        Map<Long, Set<String>> noteIdsByLink = new LinkedHashMap<>();
        commentLinks.unfinishedFromHubSpot(UNFINISHED_BATCH).stream().filter(c -> ofItems(c.linkId(), itemIds))
                .forEach(c -> noteIdsByLink.computeIfAbsent(c.linkId(), k -> new LinkedHashSet<>()).add(c.noteId()));
        attachmentLinks.unfinishedFromHubSpot(UNFINISHED_BATCH).stream().filter(a -> a.noteId() != null && ofItems(a.linkId(), itemIds))
                .forEach(a -> noteIdsByLink.computeIfAbsent(a.linkId(), k -> new LinkedHashSet<>()).add(a.noteId()));
        if (noteIdsByLink.isEmpty()) {
            return List.of();
        }
        Map<String, Note> notes = new LinkedHashMap<>();
        scopes.hubspot(hubspotConnectionId).client().readNotes(noteIdsByLink.values().stream().flatMap(Set::stream).distinct().toList()).forEach(n -> notes.put(n.id(), n));
        List<NoteWork> work = new ArrayList<>();
        noteIdsByLink.forEach((linkId, ids) -> links.byId(linkId).filter(RecordLink::isLinked).ifPresent(link -> {
            List<Note> of = ids.stream().map(notes::get).filter(java.util.Objects::nonNull).toList();
            if (!of.isEmpty()) {
                work.add(new NoteWork(link.itemId(), link.id(), link.recordId(), of));
            }
        }));
        return work;
    }

    private boolean ofItems(long linkId, Set<Long> itemIds) {
        return links.byId(linkId).map(l -> itemIds.contains(l.itemId())).orElse(false);
    }

    /** Notes of one portal → their associated records (batch reads per object type) → the links of its items that sync notes. */
    List<NoteWork> workFor(long hubspotConnectionId, Collection<Note> notes) {
        List<Note> candidates = notes.stream().filter(n -> !ConnectorNotes.isConnectorText(n.body())).toList();
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<String, Note> byId = new LinkedHashMap<>();
        candidates.forEach(n -> byId.put(n.id(), n));
        Map<String, List<SmartConnectedItem>> itemsByObject = new LinkedHashMap<>();
        noteItems(hubspotConnectionId).forEach(item -> itemsByObject.computeIfAbsent(item.definition().hubspotObject(), k -> new ArrayList<>()).add(item));
        List<NoteWork> work = new ArrayList<>();
        itemsByObject.forEach((objectType, watching) -> {
            Map<String, List<Note>> notesByRecord = new LinkedHashMap<>();
            scopes.hubspot(hubspotConnectionId).client().associatedIds(NOTES, byId.keySet(), objectType).forEach((noteId, recordIds) -> recordIds.forEach(recordId ->
                    notesByRecord.computeIfAbsent(recordId, k -> new ArrayList<>()).add(byId.get(noteId))));
            notesByRecord.forEach((recordId, recordNotes) -> {
                List<Note> ordered = recordNotes.stream().sorted(Note::chronologically).toList();
                for (SmartConnectedItem item : watching) {
                    links.byRecord(item.id(), recordId).filter(RecordLink::isLinked)
                            .ifPresent(link -> work.add(new NoteWork(item.id(), link.id(), recordId, ordered)));
                }
            });
        });
        return work;
    }

    /** The notes of one linked record → comments and attachments of its issue. */
    public void sync(NoteWork work) {
        RecordLink link = links.byId(work.linkId()).filter(RecordLink::isLinked).orElse(null);
        if (link == null) {
            return; // unlinked meanwhile
        }
        linked.reconcileNotes(contexts.forItem(work.itemId()), link, work.notes());
        deadLetters.resolve(DeadLetters.notesSubject(work.itemId(), work.recordId()), "a later sync of the record's notes succeeded");
    }

    /**
     * The notes of one record kept failing: a dead letter (replaying it reconciles all the record's notes again), and
     * the others go on. A reserved copy stays reserved and is also resumed by the next poll.
     */
    public void failed(NoteWork work, Exception e) {
        String message = e == null ? "unknown failure" : e.getMessage();
        log.warn("Notes of record {} (item {}) not synced: {}", work.recordId(), work.itemId(), message);
        deadLetters.add(new DeadLetters.Failure("hubspot-notes", work.itemId(), work.recordId(), null,
                DeadLetters.notesSubject(work.itemId(), work.recordId()),
                "{\"notes\":" + work.notes().stream().map(n -> "\"" + n.id() + "\"").toList() + "}", message, RetryPolicy.category(e), 1));
        audit.record(work.itemId(), work.recordId(), null, AuditLog.Direction.HUBSPOT_TO_JIRA, "NOTES_SYNC", List.of(), Outcome.FAILED, message);
    }

    private List<SmartConnectedItem> noteItems() {
        return items.findSyncing().stream()
                .filter(i -> i.definition().isEnabled() && (i.definition().isCommentsSync() || i.definition().isAttachmentsSync()))
                .toList();
    }

    private List<SmartConnectedItem> noteItems(long hubspotConnectionId) {
        return noteItems().stream().filter(i -> i.hubspotConnectionId() == hubspotConnectionId).toList();
    }
}
