package io.hubjira.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.hubjira.http.Instants;

/** A HubSpot note (an engagement): its HTML body, author, attached file ids, when it was logged and last modified. */
public record Note(String id, String body, String ownerId, List<String> attachmentIds, Instant timestamp, Instant modifiedAt) {

    static final String BODY = "hs_note_body";
    static final String TIMESTAMP = "hs_timestamp";
    static final String OWNER = "hubspot_owner_id";
    static final String ATTACHMENTS = "hs_attachment_ids";
    public static final List<String> PROPERTIES = List.of(BODY, TIMESTAMP, OWNER, ATTACHMENTS, HubSpotRecord.MODIFIED);

    public Note {
        attachmentIds = attachmentIds == null ? List.of() : List.copyOf(attachmentIds);
        body = body == null ? "" : body;
    }

    public static Note of(HubSpotRecord record) {
        List<String> files = new ArrayList<>();
        for (String id : record.property(ATTACHMENTS).split(";")) {
            if (!id.isBlank()) {
                files.add(id.trim());
            }
        }
        return new Note(record.id(), record.property(BODY), record.value(OWNER).filter(o -> !o.isBlank()).orElse(null), files,
                Instants.parseOrNull(record.property(TIMESTAMP)), record.modifiedAt());
    }

    /** Oldest first: by the time it was logged, then by id. */
    public static int chronologically(Note a, Note b) {
        if (a.timestamp() != null && b.timestamp() != null && !a.timestamp().equals(b.timestamp())) {
            return a.timestamp().compareTo(b.timestamp());
        }
        return a.id().compareTo(b.id());
    }
}
