package io.hubjira.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.hubjira.http.WriteAttempt;
import io.hubjira.hubspot.HubSpotClient;
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

    private final HubSpotClient hubspot;
    private final Map<String, String> ownerNames = new ConcurrentHashMap<>();

    public HubSpotNotes(HubSpotClient hubspot) {
        this.hubspot = hubspot;
    }

    public List<Note> forRecord(String objectType, String recordId) {
        return hubspot.notesOf(objectType, recordId);
    }

    /** The notes of many records (record id → notes, oldest first): one batch association read, batch note reads of 100. */
    public Map<String, List<Note>> forRecords(String objectType, List<String> recordIds) {
        Map<String, List<String>> noteIds = hubspot.associatedIds(objectType, recordIds, "notes");
        Map<String, Note> byId = new java.util.LinkedHashMap<>();
        hubspot.readNotes(noteIds.values().stream().flatMap(List::stream).distinct().toList()).forEach(n -> byId.put(n.id(), n));
        Map<String, List<Note>> byRecord = new java.util.LinkedHashMap<>();
        noteIds.forEach((recordId, ids) -> byRecord.put(recordId,
                ids.stream().map(byId::get).filter(java.util.Objects::nonNull).sorted(Note::chronologically).toList()));
        return byRecord;
    }

    /** Creates a note on the record; returns its id. */
    public String create(String objectType, String recordId, String htmlBody, List<String> attachmentIds, String marker, WriteAttempt attempt) {
        return hubspot.createNote(new NoteDraft(objectType, recordId, htmlBody, attachmentIds, Instant.now(), marker), attempt).id();
    }

    /** Creates many notes (batch creates of 100); returns them in the drafts' order. */
    public List<Note> createAll(List<NoteDraft> drafts, WriteAttempt attempt) {
        return hubspot.createNotes(drafts, attempt);
    }

    public void update(String noteId, String htmlBody) {
        hubspot.updateNoteBody(noteId, htmlBody);
    }

    /** A HubSpot owner's display name (cached), or null when unknown. */
    public String ownerName(String ownerId) {
        if (ownerId == null || ownerId.isBlank()) {
            return null;
        }
        return ownerNames.computeIfAbsent(ownerId, id -> {
            try {
                return hubspot.owner(id).map(Owner::displayName).orElse("HubSpot user " + id);
            } catch (RuntimeException e) {
                return "HubSpot user " + id;
            }
        });
    }
}
