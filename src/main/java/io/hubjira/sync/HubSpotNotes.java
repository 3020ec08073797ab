package io.hubjira.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.hubjira.http.WriteAttempt;
import io.hubjira.hubspot.BatchOutcome;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.connection.HubSpotScope;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.hubspot.Note;
import io.hubjira.hubspot.NoteDraft;
import io.hubjira.hubspot.Owner;
import org.springframework.stereotype.Component;

/**
 * Notes of HubSpot records (the connector's comment and attachment store): read per record; connector notes are
 * written associated with the record in the create call itself, each with its marker (exactly once).
 */
@Component
public class HubSpotNotes {

    /** "connection id:owner id" → display name */
    private final Map<String, String> ownerNames = new ConcurrentHashMap<>();

    public List<Note> forRecord(HubSpotScope hubspot, String objectType, String recordId) {
        return hubspot.client().notesOf(objectType, recordId);
    }

    /** The notes of many records (record id → notes, oldest first): one batch association read, batch note reads of 100. */
    public Map<String, List<Note>> forRecords(HubSpotScope hubspot, String objectType, List<String> recordIds) {
        RecordsNotes each = forEachRecord(hubspot, objectType, recordIds);
        if (!each.failed().isEmpty()) {
            throw each.failed().values().iterator().next();
        }
        return each.notes();
    }

    /**
     * The notes of many records, per record: HubSpot may answer a batch read for some records and not others (207);
     * a record whose associations or one of whose notes could not be read is in {@code failed}, never read as having
     * fewer notes.
     */
    public RecordsNotes forEachRecord(HubSpotScope hubspot, String objectType, List<String> recordIds) {
        return forEachRecord(hubspot, objectType, recordIds, java.util.Set.of());
    }

    /** As {@link #forEachRecord(HubSpotScope, String, List)}, leaving out (and not reading) the notes named in {@code skipped}. */
    public RecordsNotes forEachRecord(HubSpotScope hubspot, String objectType, List<String> recordIds, java.util.Set<String> skipped) {
        BatchOutcome<String, List<String>> associated = hubspot.client().associatedIdsOutcome(objectType, recordIds, "notes");
        Map<String, List<String>> noteIds = new java.util.LinkedHashMap<>();
        associated.done().forEach((recordId, ids) -> noteIds.put(recordId, ids.stream().filter(id -> !skipped.contains(id)).toList()));
        associated.notFound().forEach(id -> noteIds.put(id, List.of()));
        BatchOutcome<String, HubSpotRecord> read = hubspot.client().batchReadOutcome("notes",
                noteIds.values().stream().flatMap(List::stream).distinct().toList(), Note.PROPERTIES);
        Map<String, List<Note>> byRecord = new java.util.LinkedHashMap<>();
        Map<String, HubSpotApiException> failed = new java.util.LinkedHashMap<>(associated.failed());
        noteIds.forEach((recordId, ids) -> ids.stream().filter(read.failed()::containsKey).findFirst().ifPresentOrElse(
                failedNote -> failed.put(recordId, read.failed().get(failedNote)),
                () -> byRecord.put(recordId, ids.stream().map(read.done()::get).filter(java.util.Objects::nonNull).map(Note::of)
                        .sorted(Note::chronologically).toList())));
        return new RecordsNotes(byRecord, failed);
    }

    /** Notes per record for the records HubSpot answered; {@code failed}: the others, with HubSpot's error. */
    public record RecordsNotes(Map<String, List<Note>> notes, Map<String, HubSpotApiException> failed) {}

    /** Creates a note on the record; returns its id. */
    public String create(HubSpotScope hubspot, String objectType, String recordId, String htmlBody, List<String> attachmentIds, String marker, WriteAttempt attempt) {
        return hubspot.client().createNote(new NoteDraft(objectType, recordId, htmlBody, attachmentIds, Instant.now(), marker), attempt).id();
    }

    /** Creates many notes (batch creates of 100); per draft (by its index): the note, or why HubSpot did not create it. */
    public BatchOutcome<Integer, Note> createAll(HubSpotScope hubspot, List<NoteDraft> drafts, WriteAttempt attempt) {
        return hubspot.client().createNotes(drafts, attempt);
    }

    public void update(HubSpotScope hubspot, String noteId, String htmlBody) {
        hubspot.client().updateNoteBody(noteId, htmlBody);
    }

    /** A HubSpot owner's display name (cached), or null when unknown. */
    public String ownerName(HubSpotScope hubspot, String ownerId) {
        if (ownerId == null || ownerId.isBlank()) {
            return null;
        }
        String id = ownerId;
        return ownerNames.computeIfAbsent(hubspot.connectionId() + ":" + ownerId, key -> {
            try {
                return hubspot.client().owner(id).map(Owner::displayName).orElse("HubSpot user " + id);
            } catch (RuntimeException e) {
                return "HubSpot user " + id;
            }
        });
    }
}
