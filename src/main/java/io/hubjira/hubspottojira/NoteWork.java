package io.hubjira.hubspottojira;

import java.util.List;

import io.hubjira.hubspot.Note;
import io.hubjira.logging.LogSubject;

/** New or edited HubSpot notes of one linked record, for one item: they become comments and attachments of its issue. */
public record NoteWork(long itemId, long linkId, String recordId, List<Note> notes) implements LogSubject {

    public NoteWork {
        notes = List.copyOf(notes);
    }

    @Override
    public Object logItem() {
        return itemId;
    }

    @Override
    public String logRecord() {
        return recordId;
    }
}
