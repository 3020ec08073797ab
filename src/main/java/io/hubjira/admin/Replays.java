package io.hubjira.admin;

import io.hubjira.hubspottojira.LinkedRecordSync;
import io.hubjira.hubspottojira.PerRecordRoutes;
import io.hubjira.hubspottojira.RecordSync;
import io.hubjira.hubspottojira.RecordWork;
import io.hubjira.sync.DeadLetters;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.jiratohubspot.InboxClaims;
import org.springframework.stereotype.Component;

/**
 * Replays dead letters: a Jira event goes back into the inbox; a HubSpot record is read again and synced through the
 * same routes as the poll (without the once-per-version guard, which is what stopped it).
 */
@Component("replays")
public class Replays {

    private final DeadLetters deadLetters;
    private final InboxClaims inbox;
    private final RecordSync records;
    private final PerRecordRoutes routes;
    private final io.hubjira.link.LinkStore links;
    private final ItemContexts contexts;
    private final HubSpotClient hubspot;
    private final ObjectMapper json;
    private final LinkedRecordSync linked;

    public Replays(DeadLetters deadLetters, InboxClaims inbox, RecordSync records, PerRecordRoutes routes, io.hubjira.link.LinkStore links,
                   ItemContexts contexts, HubSpotClient hubspot, ObjectMapper json, LinkedRecordSync linked) {
        this.linked = linked;
        this.deadLetters = deadLetters;
        this.inbox = inbox;
        this.records = records;
        this.routes = routes;
        this.links = links;
        this.contexts = contexts;
        this.hubspot = hubspot;
        this.json = json;
    }

    public Map<String, Object> replay(long id) {
        DeadLetters.DeadLetter letter = deadLetters.get(id)
                .orElseThrow(() -> new NotFoundProblem("unknown_dead_letter", "There is no dead letter with id " + id + "."));
        if (!"OPEN".equals(letter.state())) {
            throw new ConflictProblem("already_replayed", "Dead letter " + id + " was already " + letter.state().toLowerCase() + ".");
        }
        String outcome;
        if (letter.recordId() != null && letter.recordId().startsWith("inbox:")) {
            inbox.requeue(Long.parseLong(letter.recordId().substring("inbox:".length())));
            outcome = "event queued again";
        } else if ("hubspot-notes".equals(letter.flow()) && letter.itemId() != null && letter.recordId() != null) {
            outcome = replayNotes(letter.itemId(), letter.recordId());
        } else if (letter.itemId() != null && letter.recordId() != null) {
            outcome = replayRecord(letter.itemId(), letter.recordId());
        } else {
            throw new ConflictProblem("not_replayable", "Dead letter " + id + " names no record or event to replay.");
        }
        deadLetters.markReplayed(id);
        return Map.of("id", id, "outcome", outcome);
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
                .orElseThrow(() -> new ConflictProblem("not_linked", "Record " + recordId + " is no longer linked."));
        linked.reconcileCommentsAndAttachments(contexts.forItem(itemId), link);
        return "notes of the record synced to " + link.issueKey();
    }

    private String replayRecord(long itemId, String recordId) {
        ItemContext ctx = contexts.forItem(itemId);
        HubSpotRecord record = hubspot.read(ctx.objectType(), recordId, ctx.neededProperties(null))
                .orElseThrow(() -> new ConflictProblem("record_gone", "HubSpot no longer has " + ctx.objectType() + " record " + recordId + "."));
        RecordWork work = records.decide(itemId, record);
        switch (work.decision()) {
            case LINKED -> {
                routes.syncLinked(work);
                return "record synced to " + work.link().issueKey();
            }
            case CREATE -> {
                routes.create(work.creation());
                return links.byRecord(itemId, recordId).filter(l -> l.issueKey() != null).map(l -> "issue " + l.issueKey())
                        .orElse("Jira refused the issue again");
            }
            default -> {
                return "nothing to do for the record now";
            }
        }
    }

}
