package io.hubjira.hubspot;

import java.time.Instant;
import java.util.List;

/** A note to create on a record: its HTML body, files to attach, and when it is logged. */
public record NoteDraft(String objectType, String recordId, String html, List<String> attachmentIds, Instant timestamp) {

    public NoteDraft {
        attachmentIds = attachmentIds == null ? List.of() : List.copyOf(attachmentIds);
    }
}
