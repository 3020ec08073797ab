package io.hubjira.hubspottojira;

import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.logging.LogSubject;

/**
 * A record that needs a new Jira issue, with its reserved (PENDING) link. {@code resumed}: the reservation existed
 * before (a retry or a crash), so Jira must first be searched for an issue already carrying the record's marker.
 */
public record CreationRequest(long itemId, long linkId, String recordId, HubSpotRecord record, String targetStatus, boolean resumed)
        implements LogSubject {
    @Override
    public Object logItem() {
        return itemId;
    }

    @Override
    public String logRecord() {
        return recordId;
    }
}
