package io.hubjira.sync;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.Note;
import io.hubjira.hubspot.NoteDraft;
import io.hubjira.hubspot.Owner;
import org.springframework.stereotype.Component;

/**
 * Notes of HubSpot records (the connector's comment and attachment store): read per record, or read ahead for a page
 * of records with one batch association read and batch note reads; connector notes are written associated with the
 * record in the create call itself.
 */
@Component
public class HubSpotNotes {

    private final HubSpotClient hubspot;
    private final Map<String, String> ownerNames = new ConcurrentHashMap<>();
    /**
     * Notes read ahead for the records a thread is working through (a poll page, a webhook batch): "objectType:recordId"
     * → notes. Per thread, so a flow never syncs a newer record version with notes another flow read earlier.
     */
    private final ThreadLocal<Map<String, List<Note>>> prefetched = ThreadLocal.withInitial(HashMap::new);

    public HubSpotNotes(HubSpotClient hubspot) {
        this.hubspot = hubspot;
    }

    public List<Note> forRecord(String objectType, String recordId) {
        List<Note> ahead = prefetched.get().get(objectType + ":" + recordId);
        return ahead != null ? ahead : hubspot.notesOf(objectType, recordId);
    }

    /** Reads the notes of many records at once: batch association reads, then batch note reads of 100. */
    public void prefetch(String objectType, List<String> recordIds) {
        Map<String, List<String>> noteIds = hubspot.associatedIds(objectType, recordIds, "notes");
        Map<String, Note> byId = new LinkedHashMap<>();
        hubspot.readNotes(noteIds.values().stream().flatMap(List::stream).distinct().toList()).forEach(n -> byId.put(n.id(), n));
        noteIds.forEach((recordId, ids) -> prefetched.get().put(objectType + ":" + recordId,
                ids.stream().map(byId::get).filter(java.util.Objects::nonNull).sorted(Note::chronologically).toList()));
    }

    public void clearPrefetched() {
        prefetched.remove();
    }

    /** Creates a note on the record; returns its id. */
    public String create(String objectType, String recordId, String htmlBody, List<String> attachmentIds) {
        return hubspot.createNote(new NoteDraft(objectType, recordId, htmlBody, attachmentIds, Instant.now())).id();
    }

    /** Creates many notes (batch creates of 100); returns their ids in order. */
    public List<String> createBatch(String objectType, List<Map.Entry<String, String>> recordIdAndHtml) {
        Instant now = Instant.now();
        return hubspot.createNotes(recordIdAndHtml.stream().map(e -> new NoteDraft(objectType, e.getKey(), e.getValue(), List.of(), now)).toList())
                .stream().map(Note::id).toList();
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
