package io.hubjira.hubspot;

import java.time.Instant;
import java.util.List;

/**
 * A note to create on a record: its HTML body, files to attach, when it is logged, and its marker: a plain-text part
 * of the body that names what the note stands for (a Jira comment, an attachment, an issue link), by which a note
 * whose creation may or may not have happened is found again instead of being written twice.
 */
public record NoteDraft(String objectType, String recordId, String html, List<String> attachmentIds, Instant timestamp, String marker) {

    public NoteDraft {
        attachmentIds = attachmentIds == null ? List.of() : List.copyOf(attachmentIds);
        if (marker == null || marker.isBlank() || html == null || !html.contains(marker)) {
            throw new IllegalArgumentException("a note's body must contain its marker '" + marker + "'");
        }
    }
}
