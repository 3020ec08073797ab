package io.hubjira.hubspottojira;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.audit.AuditLog;
import io.hubjira.audit.DeadLetters;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.queue.HubSpotChangeQueue;
import io.hubjira.sync.ItemContexts;
import io.hubjira.sync.RetryPolicy;
import org.springframework.stereotype.Component;

/**
 * What happens to a record version that failed (routeConfiguration record-failures), under the one retry policy: a
 * transient failure — its API calls already retried — is queued to be tried again later (the HubSpot change queue,
 * forced past the once-per-version guard) while tries are left; a permanent one, or the last try, becomes a dead
 * letter with its payload and error, replayable from the admin API. The other records go on either way.
 */
@Component("recordFailures")
public class RecordFailures {

    private final HubSpotChangeQueue queue;
    private final DeadLetters deadLetters;
    private final ItemContexts contexts;
    private final RetryPolicy retry;
    private final AuditLog audit;
    private final ObjectMapper json;

    public RecordFailures(HubSpotChangeQueue queue, DeadLetters deadLetters, ItemContexts contexts, RetryPolicy retry, AuditLog audit,
                          ObjectMapper json) {
        this.queue = queue;
        this.deadLetters = deadLetters;
        this.contexts = contexts;
        this.retry = retry;
        this.audit = audit;
        this.json = json;
    }

    /** routeConfiguration record-failures: the record version that failed (the flow's original body), and why. */
    public void handle(Object failed, Exception failure) {
        String message = failure == null ? "unknown failure" : failure.getMessage();
        if (!(failed instanceof RecordVersion version)) {
            String body = String.valueOf(failed);
            deadLetters.add(new DeadLetters.Failure("hubspot-record", null, null, null, "hubspot-record:" + io.hubjira.storage.Hashes.sha256(body),
                    body, message, RetryPolicy.category(failure), 1));
            return;
        }
        HubSpotRecord record = version.record();
        io.hubjira.sync.ItemContext ctx = contexts.forItem(version.itemId());
        if (retry.isTransient(failure) && queue.tryLater(ctx.hubspot().connectionId(), ctx.objectType(), record, message)) {
            audit.record(version.itemId(), record.id(), null, AuditLog.Direction.HUBSPOT_TO_JIRA, "RECORD_SYNC", java.util.List.of(),
                    AuditLog.Outcome.SKIPPED, "failed transiently, tried again later: " + message);
            return;
        }
        deadLetters.add(new DeadLetters.Failure("hubspot-record", version.itemId(), record.id(), null,
                DeadLetters.recordSubject(version.itemId(), record.id()), payload(record), message, RetryPolicy.category(failure),
                retry.isTransient(failure) ? retry.laterAttempts() + 1 : 1));
        audit.record(version.itemId(), record.id(), null, AuditLog.Direction.HUBSPOT_TO_JIRA, "RECORD_SYNC", java.util.List.of(),
                AuditLog.Outcome.FAILED, "dead-lettered: " + message);
    }

    private String payload(HubSpotRecord record) {
        try {
            return json.writeValueAsString(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return record.toString();
        }
    }
}
