package io.hubjira.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.hubspot.HubSpotClient;
import org.springframework.stereotype.Component;

/**
 * Notes of a HubSpot record (the connector's comment and attachment store): reads them with one association list
 * plus batch reads of 100, and writes connector notes associated with the record in the create call itself.
 */
@Component
public class HubSpotNotes {

    public record Note(String id, String body, String ownerId, List<String> attachmentIds, Instant timestamp) {}

    static final List<String> NOTE_PROPERTIES = List.of("hs_note_body", "hs_timestamp", "hubspot_owner_id", "hs_attachment_ids", "hs_lastmodifieddate");

    private final HubSpotClient hubspot;
    private final Map<String, Integer> noteAssociationTypes = new ConcurrentHashMap<>();
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
        if (ahead != null) {
            return ahead;
        }
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("limit", 500);
            if (after != null) {
                query.put("after", after);
            }
            JsonNode page = hubspot.get("/crm/v4/objects/" + objectType + "/" + recordId + "/associations/notes",
                    "/crm/v4/objects/{objectType}/{id}/associations/{toObjectType}", query);
            page.path("results").forEach(r -> ids.add(r.path("toObjectId").asText()));
            after = page.path("paging").path("next").path("after").asText(null);
        } while (after != null);
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 100) {
            List<Map<String, String>> inputs = ids.subList(i, Math.min(ids.size(), i + 100)).stream().map(id -> Map.of("id", id)).toList();
            JsonNode batch = hubspot.post("/crm/v3/objects/notes/batch/read", "/crm/v3/objects/{objectType}/batch/read",
                    Map.of("inputs", inputs, "properties", NOTE_PROPERTIES));
            batch.path("results").forEach(n -> notes.add(note(n)));
        }
        notes.sort((a, b) -> a.timestamp() == null || b.timestamp() == null ? a.id().compareTo(b.id()) : a.timestamp().compareTo(b.timestamp()));
        return notes;
    }

    /**
     * Reads the notes of many records at once — one batch association read (up to 1,000 records) and one batch read
     * per 100 notes — instead of two calls per record. A record whose associations continue on another page is left
     * to {@link #forRecord}.
     */
    public void prefetch(String objectType, List<String> recordIds) {
        for (int i = 0; i < recordIds.size(); i += 1000) {
            List<String> chunk = recordIds.subList(i, Math.min(recordIds.size(), i + 1000));
            JsonNode answer = hubspot.post("/crm/v4/associations/" + objectType + "/notes/batch/read",
                    "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read",
                    Map.of("inputs", chunk.stream().map(id -> Map.of("id", id)).toList()));
            Map<String, List<String>> noteIdsByRecord = new LinkedHashMap<>();
            chunk.forEach(id -> noteIdsByRecord.put(id, new ArrayList<>()));
            for (JsonNode result : answer.path("results")) {
                String from = result.path("from").path("id").asText();
                if (!result.path("paging").path("next").isMissingNode()) {
                    noteIdsByRecord.remove(from);
                    continue;
                }
                List<String> noteIds = noteIdsByRecord.get(from);
                if (noteIds != null) {
                    result.path("to").forEach(t -> noteIds.add(t.path("toObjectId").asText()));
                }
            }
            List<String> allNoteIds = noteIdsByRecord.values().stream().flatMap(List::stream).distinct().toList();
            Map<String, Note> notesById = new LinkedHashMap<>();
            for (int n = 0; n < allNoteIds.size(); n += 100) {
                List<Map<String, String>> inputs = allNoteIds.subList(n, Math.min(allNoteIds.size(), n + 100)).stream().map(id -> Map.of("id", id)).toList();
                JsonNode batch = hubspot.post("/crm/v3/objects/notes/batch/read", "/crm/v3/objects/{objectType}/batch/read",
                        Map.of("inputs", inputs, "properties", NOTE_PROPERTIES));
                batch.path("results").forEach(r -> notesById.put(r.path("id").asText(), note(r)));
            }
            noteIdsByRecord.forEach((recordId, noteIds) -> {
                List<Note> notes = new ArrayList<>();
                noteIds.forEach(id -> {
                    Note note = notesById.get(id);
                    if (note != null) {
                        notes.add(note);
                    }
                });
                notes.sort((a, b) -> a.timestamp() == null || b.timestamp() == null ? a.id().compareTo(b.id()) : a.timestamp().compareTo(b.timestamp()));
                prefetched.get().put(objectType + ":" + recordId, notes);
            });
        }
    }

    public void clearPrefetched() {
        prefetched.remove();
    }

    /** Creates a note on the record; returns the note id. */
    public String create(String objectType, String recordId, String htmlBody, List<String> attachmentIds) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("hs_note_body", htmlBody);
        properties.put("hs_timestamp", Instant.now().toString());
        if (attachmentIds != null && !attachmentIds.isEmpty()) {
            properties.put("hs_attachment_ids", String.join(";", attachmentIds));
        }
        JsonNode created = hubspot.post("/crm/v3/objects/notes", "/crm/v3/objects/{objectType}", Map.of(
                "properties", properties,
                "associations", List.of(association(objectType, recordId))));
        return created.path("id").asText();
    }

    /** Creates many notes in one call (up to 100 per call); returns their ids in order. */
    public List<String> createBatch(String objectType, List<Map.Entry<String, String>> recordIdAndHtml) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < recordIdAndHtml.size(); i += 100) {
            List<Map<String, Object>> inputs = new ArrayList<>();
            for (Map.Entry<String, String> e : recordIdAndHtml.subList(i, Math.min(recordIdAndHtml.size(), i + 100))) {
                inputs.add(Map.of("properties", Map.of("hs_note_body", e.getValue(), "hs_timestamp", Instant.now().toString()),
                        "associations", List.of(association(objectType, e.getKey()))));
            }
            JsonNode answer = hubspot.post("/crm/v3/objects/notes/batch/create", "/crm/v3/objects/{objectType}/batch/create",
                    Map.of("inputs", inputs));
            answer.path("results").forEach(r -> ids.add(r.path("id").asText()));
        }
        return ids;
    }

    public void update(String noteId, String htmlBody) {
        hubspot.patch("/crm/v3/objects/notes/" + noteId, "/crm/v3/objects/{objectType}/{id}",
                Map.of("properties", Map.of("hs_note_body", htmlBody)));
    }

    /** A HubSpot owner's display name (cached), or null when unknown. */
    public String ownerName(String ownerId) {
        if (ownerId == null || ownerId.isBlank()) {
            return null;
        }
        return ownerNames.computeIfAbsent(ownerId, id -> {
            try {
                JsonNode owner = hubspot.get("/crm/v3/owners/" + id, "/crm/v3/owners/{ownerId}", Map.of());
                String name = (owner.path("firstName").asText("") + " " + owner.path("lastName").asText("")).trim();
                return name.isEmpty() ? owner.path("email").asText(id) : name;
            } catch (RuntimeException e) {
                return "HubSpot user " + id;
            }
        });
    }

    private Map<String, Object> association(String objectType, String recordId) {
        return Map.of("to", Map.of("id", recordId),
                "types", List.of(Map.of("associationCategory", "HUBSPOT_DEFINED", "associationTypeId", noteAssociationType(objectType))));
    }

    /** The HUBSPOT_DEFINED note → object association type, read once from the labels endpoint. */
    int noteAssociationType(String objectType) {
        return noteAssociationTypes.computeIfAbsent(objectType, type -> {
            JsonNode labels = hubspot.get("/crm/v4/associations/notes/" + type + "/labels",
                    "/crm/v4/associations/{fromObjectType}/{toObjectType}/labels", Map.of());
            for (JsonNode l : labels.path("results")) {
                if ("HUBSPOT_DEFINED".equals(l.path("category").asText()) && (l.path("label").isNull() || l.path("label").isMissingNode())) {
                    return l.path("typeId").asInt();
                }
            }
            for (JsonNode l : labels.path("results")) {
                if ("HUBSPOT_DEFINED".equals(l.path("category").asText())) {
                    return l.path("typeId").asInt();
                }
            }
            throw new IllegalStateException("HubSpot has no default note → " + type + " association type");
        });
    }

    private static Note note(JsonNode n) {
        JsonNode p = n.path("properties");
        String ids = p.path("hs_attachment_ids").asText("");
        List<String> attachments = new ArrayList<>();
        for (String id : ids.split(";")) {
            if (!id.isBlank()) {
                attachments.add(id.trim());
            }
        }
        return new Note(n.path("id").asText(), p.path("hs_note_body").asText(""), p.path("hubspot_owner_id").asText(null),
                attachments, StatusSync.parseInstant(p.path("hs_timestamp").asText(null)));
    }
}
