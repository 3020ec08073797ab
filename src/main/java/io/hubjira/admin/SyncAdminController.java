package io.hubjira.admin;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.audit.AuditLog;
import io.hubjira.audit.DeadLetters;
import io.hubjira.failure.NotFoundException;
import io.hubjira.hubspottojira.PollTrigger;
import io.hubjira.item.ItemRepository;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for sync operations: poll now, dead letters (list, replay one or all), per-item sync health, the audit trail. */
@RestController
@RequestMapping("/api")
public class SyncAdminController {

    private final DeadLetters deadLetters;
    private final Replays replays;
    private final AuditLog audit;
    private final JdbcTemplate jdbc;
    private final PollTrigger pollTrigger;
    private final ItemRepository items;

    public SyncAdminController(DeadLetters deadLetters, Replays replays, AuditLog audit, JdbcTemplate jdbc, PollTrigger pollTrigger,
                               ItemRepository items) {
        this.items = items;
        this.pollTrigger = pollTrigger;
        this.deadLetters = deadLetters;
        this.replays = replays;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** Runs the scheduled HubSpot poll now (once across instances; after a run in progress). */
    @PostMapping("/poll")
    public ResponseEntity<Map<String, Object>> pollNow() {
        return ResponseEntity.accepted().body(pollTrigger.runNow());
    }

    @GetMapping("/dead-letters")
    public List<DeadLetters.DeadLetter> deadLetters(@RequestParam(required = false) Long itemId) {
        return deadLetters.open(itemId);
    }

    @PostMapping("/dead-letters/{id}/replay")
    public Map<String, Object> replay(@PathVariable long id) {
        return replays.replay(id);
    }

    @PostMapping("/dead-letters/replay")
    public List<Map<String, Object>> replayAll(@RequestParam(required = false) Long itemId) {
        return replays.replayAll(itemId);
    }

    @GetMapping("/audit")
    public List<Map<String, Object>> audit(@RequestParam(required = false) Long itemId, @RequestParam(defaultValue = "100") int limit) {
        return audit.recent(itemId, Math.min(Math.max(limit, 1), 1000));
    }

    /** Last poll, records synced and failures over the last 24 hours, open dead letters. */
    @GetMapping("/items/{id}/health")
    public Map<String, Object> health(@PathVariable long id) {
        if (items.findById(id).isEmpty()) {
            throw new NotFoundException("unknown_item", "There is no Smart Connected Item with id " + id + ".");
        }
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minusHours(24);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("itemId", id);
        h.put("lastPoll", jdbc.query("SELECT occurred_at, outcome, detail FROM audit_event WHERE item_id = ? AND action = 'POLL' ORDER BY id DESC LIMIT 1",
                (rs, n) -> lastPoll(rs.getObject("occurred_at", OffsetDateTime.class), rs.getString("outcome"), rs.getString("detail")), id)
                .stream().findFirst().orElse(null));
        h.put("recordsSynced24h", jdbc.queryForObject("SELECT COUNT(DISTINCT record_id) FROM audit_event WHERE item_id = ? AND outcome = 'OK' AND record_id IS NOT NULL AND occurred_at >= ?",
                Long.class, id, since));
        h.put("failures24h", jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE item_id = ? AND outcome = 'FAILED' AND occurred_at >= ?", Long.class, id, since));
        h.put("openDeadLetters", deadLetters.open(id).size());
        h.put("links", jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'LINKED'", Long.class, id));
        return h;
    }

    private static Map<String, Object> lastPoll(OffsetDateTime at, String outcome, String detail) {
        Map<String, Object> poll = new LinkedHashMap<>();
        poll.put("occurredAt", at == null ? null : at.toInstant().toString());
        poll.put("outcome", outcome);
        poll.put("detail", detail);
        return poll;
    }
}
