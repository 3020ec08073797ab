package io.hubjira.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.audit.DeadLetters;
import io.hubjira.failure.ConflictException;
import io.hubjira.failure.NotFoundException;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.hubspottojira.LinkedRecordSync;
import io.hubjira.queue.ChangedRecord;
import io.hubjira.queue.HubSpotChangeQueue;
import io.hubjira.queue.JiraEventQueue;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import org.springframework.stereotype.Component;

/**
 * Replays dead letters: a Jira event goes back into the inbox; a HubSpot record is read again and synced through the
 * same routes as the poll (without the once-per-version guard, which is what stopped it).
 */
@Component("replays")
public class Replays {

    private final DeadLetters deadLetters;
    private final JiraEventQueue inbox;
    private final HubSpotChangeQueue changes;
    private final io.hubjira.link.LinkStore links;
    private final ItemContexts contexts;
    private final ObjectMapper json;
    private final LinkedRecordSync linked;

    public Replays(DeadLetters deadLetters, JiraEventQueue inbox, HubSpotChangeQueue changes, io.hubjira.link.LinkStore links,
                   ItemContexts contexts, ObjectMapper json, LinkedRecordSync linked) {
        this.linked = linked;
        this.deadLetters = deadLetters;
        this.inbox = inbox;
        this.changes = changes;
        this.links = links;
        this.contexts = contexts;
        this.json = json;
    }

    public Map<String, Object> replay(long id) {
        DeadLetters.DeadLetter letter = deadLetters.get(id)
                .orElseThrow(() -> new NotFoundException("unknown_dead_letter", "There is no dead letter with id " + id + "."));
        if (!letter.isOpen()) {
            throw new ConflictException("not_open", "Dead letter " + id + " is " + letter.state().name().toLowerCase()
                    + (letter.resolution() == null ? "" : " (" + letter.resolution() + ")") + ", not open.");
        }
        String outcome;
        if (letter.recordId() != null && letter.recordId().startsWith("inbox:")) {
            int events = inbox.requeueFailed(Long.parseLong(letter.recordId().substring("inbox:".length())), letter.issueKey(),
                    eventTypesOf(letter), java.time.OffsetDateTime.parse(letter.createdAt()));
            outcome = events == 1 ? "event queued again" : events + " events queued again";
        } else if ("hubspot-notes".equals(letter.flow()) && letter.itemId() != null && letter.recordId() != null) {
            outcome = replayNotes(letter.itemId(), letter.recordId());
        } else if (letter.itemId() != null && letter.recordId() != null) {
            outcome = replayRecord(letter.itemId(), letter.recordId());
        } else {
            throw new ConflictException("not_replayable", "Dead letter " + id + " names no record or event to replay.");
        }
        deadLetters.markReplayed(id);
        return Map.of("id", id, "outcome", outcome);
    }

    /** The operator decided the letter needs no replay (the record is gone, the change is unwanted): it closes as DISCARDED. */
    public Map<String, Object> discard(long id) {
        DeadLetters.DeadLetter letter = deadLetters.get(id)
                .orElseThrow(() -> new NotFoundException("unknown_dead_letter", "There is no dead letter with id " + id + "."));
        if (!letter.isOpen()) {
            throw new ConflictException("not_open", "Dead letter " + id + " is " + letter.state().name().toLowerCase() + ", not open.");
        }
        deadLetters.discard(id);
        return Map.of("id", id, "outcome", "discarded");
    }

    /** The Jira event types a letter of the inbox gathers: those of its subject's kind ("jira:SITE:KEY:KIND[:id]"). */
    private static List<String> eventTypesOf(DeadLetters.DeadLetter letter) {
        try {
            return DeadLetters.jiraSubjectKind(letter.subject()).map(kind -> io.hubjira.jira.JiraEventKind.valueOf(kind).webhookEvents())
                    .orElse(List.of());
        } catch (IllegalArgumentException unknown) {
            return List.of();
        }
    }

    public List<Map<String, Object>> replayAll(Long itemId) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (DeadLetters.DeadLetter letter : deadLetters.open(itemId)) {
            try {
                results.add(replay(letter.id()));
            } catch (RuntimeException e) {
                results.add(Map.of("id", letter.id(), "outcome", "failed again: " + e.getMessage()));
            }
        }
        return results;
    }

    /** All notes of the record again (copies already made are recognised: nothing is written twice). */
    private String replayNotes(long itemId, String recordId) {
        io.hubjira.link.RecordLink link = links.byRecord(itemId, recordId).filter(io.hubjira.link.RecordLink::isLinked)
                .orElseThrow(() -> new ConflictException("not_linked", "Record " + recordId + " is no longer linked."));
        linked.reconcileCommentsAndAttachments(contexts.forItem(itemId), link);
        return "notes of the record synced to " + link.issueKey();
    }

    /**
     * The record goes back into the HubSpot change queue, forced past the once-per-version guard (which is what stopped
     * it): hubspot-changes syncs it within seconds, through the same routes as the poll.
     */
    private String replayRecord(long itemId, String recordId) {
        ItemContext ctx = contexts.forItem(itemId);
        if (ctx.hubspot().client().read(ctx.objectType(), recordId, List.of(HubSpotRecord.OBJECT_ID)).isEmpty()) {
            throw new ConflictException("record_gone", "HubSpot no longer has " + ctx.objectType() + " record " + recordId + ".");
        }
        ChangedRecord again = new ChangedRecord(ctx.hubspot().connectionId(), ctx.objectType(), recordId, true);
        changes.add(List.of(again), HubSpotChangeQueue.Reason.FORCED);
        if (!changes.awaitDone(again, java.time.Duration.ofSeconds(20))) {
            return "record queued to be synced again";
        }
        return links.byRecord(itemId, recordId).filter(l -> l.issueKey() != null).map(l -> "issue " + l.issueKey())
                .orElse("record synced again; Jira has no issue for it");
    }
}
