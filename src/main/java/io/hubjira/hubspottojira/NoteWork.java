package io.hubjira.hubspottojira;

import java.util.List;

import io.hubjira.hubspot.Note;

/** New or edited HubSpot notes of one linked record, for one item: they become comments and attachments of its issue. */
public record NoteWork(long itemId, long linkId, String recordId, List<Note> notes) {

    public NoteWork {
        notes = List.copyOf(notes);
    }
}
