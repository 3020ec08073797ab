package io.hubjira.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.http.ApiException;
import io.hubjira.hubspot.HubSpotApiException;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Stores a record that kept failing (after its bounded retries) as a dead letter with its payload and error. */
@Component("deadLetterRecorder")
public class DeadLetterRecorder {

    private final DeadLetters deadLetters;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final int retries;

    public DeadLetterRecorder(DeadLetters deadLetters, AuditLog audit, ObjectMapper json,
                              @org.springframework.beans.factory.annotation.Value("${connector.sync.record-retries:2}") int retries) {
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.json = json;
        this.retries = retries;
    }

    public void recordFailedRecord(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Long itemId = exchange.getProperty("itemId", Long.class);
        Object body = exchange.getMessage().getBody();
        HubSpotRecord record = body instanceof HubSpotRecord r ? r : null;
        String recordId = record == null ? null : record.id();
        // the original message reaches the dead letter channel, so its redelivery header is gone: every record
        // failure is retried the configured number of times before it arrives here
        Integer redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, retries, Integer.class);
        String message = failure == null ? "unknown failure" : failure.getMessage();
        deadLetters.add("hubspot-record", itemId, recordId, null, record == null ? String.valueOf(body) : payload(record),
                message, category(failure), (redeliveries == null ? 0 : redeliveries) + 1);
        audit.record(itemId, recordId, null, AuditLog.Direction.HUBSPOT_TO_JIRA, "RECORD_SYNC", java.util.List.of(),
                AuditLog.Outcome.FAILED, "dead-lettered: " + message);
    }

    /** The record as HubSpot sent it, to replay from or read. */
    String payload(HubSpotRecord record) {
        try {
            return json.writeValueAsString(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return record.toString();
        }
    }

    public static String category(Exception failure) {
        if (failure instanceof HubSpotApiException h && h.category() != null) {
            return h.category();
        }
        if (failure instanceof ApiException api) {
            return api.api().tag().toUpperCase() + "_" + (api.status() == 0 ? "UNREACHABLE" : api.status());
        }
        return failure == null ? null : failure.getClass().getSimpleName();
    }
}
