package io.hubjira.link;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.hubjira.link.RecordLink.LinkState;
import io.hubjira.link.RecordLink.LinkType;
import io.hubjira.queue.ClaimLostException;
import io.hubjira.queue.HeldClaims;
import io.hubjira.queue.WorkClaims;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Record ⇄ issue links. Uniqueness (one record per item, one issue per item) is enforced by the database. */
@Repository
public class LinkStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final WorkClaims claims;

    public LinkStore(JdbcTemplate jdbc, TransactionTemplate tx, WorkClaims claims) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.claims = claims;
    }

    public Optional<RecordLink> byRecord(long itemId, String recordId) {
        return one("SELECT * FROM record_link WHERE item_id = ? AND record_id = ?", itemId, recordId);
    }

    public Optional<RecordLink> byIssue(long itemId, String issueKey) {
        return one("SELECT * FROM record_link WHERE item_id = ? AND issue_key = ?", itemId, issueKey);
    }

    public Optional<RecordLink> byId(long id) {
        return one("SELECT * FROM record_link WHERE id = ?", id);
    }

    /**
     * Every link of an issue of this Jira connection (one per item at most), by issue key or id: only items bound to that
     * connection (an item saved before any connection existed counts as the first one's), so the same key on another
     * site never matches.
     */
    public List<RecordLink> forIssue(long jiraConnectionId, String issueKeyOrId) {
        return jdbc.query("SELECT l.* FROM record_link l JOIN sync_item i ON i.id = l.item_id"
                + " WHERE (i.jira_connection_id = ? OR (i.jira_connection_id IS NULL AND ? = (SELECT MIN(id) FROM jira_connection)))"
                + " AND (l.issue_key = ? OR l.issue_id = ?) ORDER BY l.id", this::row, jiraConnectionId, jiraConnectionId, issueKeyOrId, issueKeyOrId);
    }

    public List<RecordLink> forItem(long itemId) {
        return jdbc.query("SELECT * FROM record_link WHERE item_id = ? ORDER BY id", this::row, itemId);
    }

    public long linkedCount(long itemId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'LINKED'", Long.class, itemId);
        return n == null ? 0 : n;
    }

    public List<RecordLink> linkedForItem(long itemId) {
        return jdbc.query("SELECT * FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id", this::row, itemId);
    }

    /**
     * Reserves the link before the issue exists, claimed by this instance. Empty when the record is already held (a
     * concurrent worker or an earlier run): the caller must then look at that link instead of creating.
     */
    public Optional<RecordLink> reserve(HeldClaims run, long itemId, String objectType, String recordId, LinkType type) {
        OffsetDateTime now = now();
        try {
            jdbc.update("""
                    INSERT INTO record_link (item_id, object_type, record_id, link_type, state, claimed_by, claimed_until, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)""", itemId, objectType, recordId, type.name(), claims.worker(),
                    claims.leaseEnd(), now, now);
        } catch (DuplicateKeyException alreadyHeld) {
            return Optional.empty();
        }
        Optional<RecordLink> reserved = byRecord(itemId, recordId);
        reserved.ifPresent(l -> claims.holding(run, WorkClaims.Table.RECORD_LINK, l.id()));
        return reserved;
    }

    /** Claims a link for the run (resuming it); false when a live instance is working on it. */
    public boolean claim(HeldClaims run, long linkId) {
        return claims.take(run, WorkClaims.Table.RECORD_LINK, linkId);
    }

    public void releaseClaim(long linkId) {
        claims.release(WorkClaims.Table.RECORD_LINK, linkId);
    }

    /**
     * Reservations (PENDING) no live instance is working on — left by a crash, a stop or a failure — claimed for this
     * run, oldest first.
     */
    public List<RecordLink> claimLeftoverReservations(HeldClaims run, long itemId, int max) {
        return claimWhere(run, "state = 'PENDING'", itemId, max);
    }

    /** Linked records whose creation has steps left and that no live instance is working on, claimed for the run. */
    public List<RecordLink> claimUnfinished(HeldClaims run, long itemId, int max) {
        return claimWhere(run, "state = 'LINKED' AND pending_steps IS NOT NULL", itemId, max);
    }

    private List<RecordLink> claimWhere(HeldClaims run, String condition, long itemId, int max) {
        List<Long> candidates = jdbc.queryForList("SELECT id FROM record_link WHERE item_id = ? AND " + condition + " AND "
                + WorkClaims.Table.RECORD_LINK.freeCondition() + " ORDER BY id LIMIT ?", Long.class, itemId, claims.now(), max);
        List<RecordLink> claimed = new java.util.ArrayList<>();
        for (Long id : candidates) {
            if (claims.take(run, WorkClaims.Table.RECORD_LINK, id)) {
                byId(id).ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    /**
     * Saves the link of a created (or found) issue together with what must happen in the same transaction (the
     * remembered values), and the steps the creation still has to take.
     */
    public void markLinked(long linkId, String issueId, String issueKey, Set<RecordLink.Step> steps, Runnable sameTransaction) {
        tx.executeWithoutResult(status -> {
            // the issue was created with the record's values: that is its first sync
            OffsetDateTime now = now();
            Object[] fence = claims.fence(WorkClaims.Table.RECORD_LINK, linkId);
            int saved = jdbc.update("UPDATE record_link SET issue_id = ?, issue_key = ?, state = 'LINKED', pending_steps = ?, last_synced_at = ?,"
                    + " updated_at = ?, creation_sent_at = NULL, marker_absent_since = NULL, match_absent_since = NULL WHERE id = ?"
                    + claims.fencedCondition(WorkClaims.Table.RECORD_LINK), issueId, issueKey, steps(steps), now, now, linkId, fence[0], fence[1]);
            if (saved == 0) {
                // taken over while this instance stalled: its new owner finds the issue by its marker
                throw new ClaimLostException("record_link", linkId);
            }
            sameTransaction.run();
        });
    }

    /**
     * Fencing before a remote write: the links among these that this instance no longer holds under its claim's token
     * (taken over while it stalled); nothing may be written for them here. The others' leases are renewed.
     */
    public Set<Long> lostClaims(java.util.Collection<Long> linkIds) {
        return claims.lost(WorkClaims.Table.RECORD_LINK, linkIds);
    }

    /** One step of the link's creation is done; the last one releases the claim. */
    public void stepDone(long linkId, RecordLink.Step step) {
        tx.executeWithoutResult(status -> {
            RecordLink link = byId(linkId).orElseThrow(() -> new IllegalStateException("link " + linkId + " is gone"));
            EnumSet<RecordLink.Step> left = link.pendingSteps().isEmpty() ? EnumSet.noneOf(RecordLink.Step.class) : EnumSet.copyOf(link.pendingSteps());
            left.remove(step);
            Object[] fence = claims.fence(WorkClaims.Table.RECORD_LINK, linkId);
            if (jdbc.update("UPDATE record_link SET pending_steps = ?, updated_at = ? WHERE id = ?" + claims.fencedCondition(WorkClaims.Table.RECORD_LINK),
                    steps(left), now(), linkId, fence[0], fence[1]) == 0) {
                // taken over while this instance stalled: the new owner takes the step again (a written note is found by its marker)
                throw new ClaimLostException("record_link", linkId);
            }
            if (left.isEmpty()) {
                claims.release(WorkClaims.Table.RECORD_LINK, linkId);
            }
        });
    }

    private static String steps(Set<RecordLink.Step> steps) {
        return steps == null || steps.isEmpty() ? null : String.join(",", steps.stream().sorted().map(Enum::name).toList());
    }

    /**
     * Links a record and an issue directly (manual link), with the creation steps still to take, claimed by this
     * instance; DuplicateKeyException when either side is taken.
     */
    public RecordLink linkNow(HeldClaims run, long itemId, String objectType, String recordId, String issueId, String issueKey, LinkType type,
                              Set<RecordLink.Step> steps) {
        OffsetDateTime now = now();
        jdbc.update("""
                INSERT INTO record_link (item_id, object_type, record_id, issue_id, issue_key, link_type, state, pending_steps, claimed_by,
                  claimed_until, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'LINKED', ?, ?, ?, ?, ?)""", itemId, objectType, recordId, issueId, issueKey, type.name(), steps(steps),
                steps.isEmpty() ? null : claims.worker(), steps.isEmpty() ? null : claims.leaseEnd(), now, now);
        RecordLink link = byRecord(itemId, recordId).orElseThrow();
        if (!steps.isEmpty()) {
            claims.holding(run, WorkClaims.Table.RECORD_LINK, link.id());
        }
        return link;
    }

    /** As {@link #linkNow}, with what must be saved with the link in the same transaction (e.g. the values both sides hold). */
    public RecordLink linkNow(HeldClaims run, long itemId, String objectType, String recordId, String issueId, String issueKey, LinkType type,
                              Set<RecordLink.Step> steps, java.util.function.Consumer<RecordLink> sameTransaction) {
        return tx.execute(status -> {
            RecordLink link = linkNow(run, itemId, objectType, recordId, issueId, issueKey, type, steps);
            sameTransaction.accept(link);
            return link;
        });
    }

    /**
     * Links a record and an existing issue with the steps still to take, claimed by nobody, so the next poll of any
     * instance takes them (a bulk connect); DuplicateKeyException when either side is taken.
     */
    public void linkForSteps(long itemId, String objectType, String recordId, String issueId, String issueKey, LinkType type,
                             Set<RecordLink.Step> steps, java.util.function.Consumer<RecordLink> sameTransaction) {
        tx.executeWithoutResult(status -> {
            OffsetDateTime now = now();
            jdbc.update("""
                    INSERT INTO record_link (item_id, object_type, record_id, issue_id, issue_key, link_type, state, pending_steps, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'LINKED', ?, ?, ?)""", itemId, objectType, recordId, issueId, issueKey, type.name(), steps(steps), now, now);
            sameTransaction.accept(byRecord(itemId, recordId).orElseThrow());
        });
    }

    /**
     * A create is about to be sent for these reservations, their issues carrying these marker labels: until Jira's answer
     * settles it the issue may exist, and it is looked for by its marker before anything is sent again. Fenced: answers
     * the reservations this instance no longer holds (taken over while it stalled), for which no create may be sent.
     */
    public Set<Long> creationSent(java.util.Map<Long, String> markerByLink, Instant at) {
        OffsetDateTime sent = at.atOffset(ZoneOffset.UTC);
        List<Long> ids = List.copyOf(markerByLink.keySet());
        int[] marked = jdbc.batchUpdate("UPDATE record_link SET creation_marker = ?, creation_sent_at = ?, marker_absent_since = NULL, updated_at = ?"
                + " WHERE id = ?" + claims.fencedCondition(WorkClaims.Table.RECORD_LINK), ids.stream().map(id -> {
                    Object[] fence = claims.fence(WorkClaims.Table.RECORD_LINK, id);
                    return new Object[] {markerByLink.get(id), sent, now(), id, fence[0], fence[1]};
                }).toList());
        Set<Long> lost = new java.util.LinkedHashSet<>();
        for (int i = 0; i < marked.length; i++) {
            if (marked[i] == 0) {
                lost.add(ids.get(i));
            }
        }
        return lost.isEmpty() ? lost : claims.lost(WorkClaims.Table.RECORD_LINK, lost);
    }

    /** Jira's answer settled the create (it refused the element, or the call surely did not take effect): no issue to look for. */
    public void creationSettled(java.util.Collection<Long> linkIds) {
        jdbc.batchUpdate("UPDATE record_link SET creation_sent_at = NULL, marker_absent_since = NULL, updated_at = ? WHERE id = ?",
                linkIds.stream().map(id -> new Object[] {now(), id}).toList());
    }

    /** A search at {@code at} did not show the reservation's marker; answers since when it has been absent (the first such search). */
    public Instant markerAbsent(long linkId, Instant at) {
        jdbc.update("UPDATE record_link SET marker_absent_since = ?, updated_at = ? WHERE id = ? AND marker_absent_since IS NULL",
                at.atOffset(ZoneOffset.UTC), now(), linkId);
        return byId(linkId).map(RecordLink::markerAbsentSince).orElse(at);
    }

    /**
     * The item's match rule found no issue for the record at {@code at}: the reservation waits (unclaimed) until a search
     * made after Jira's search may have caught up finds none either.
     */
    public void awaitMatch(long linkId, Instant at) {
        jdbc.update("UPDATE record_link SET match_absent_since = ?, updated_at = ? WHERE id = ?", at.atOffset(ZoneOffset.UTC), now(), linkId);
        claims.release(WorkClaims.Table.RECORD_LINK, linkId);
    }

    /** The match search ran again after the wait and found no issue: the record's issue is created now. */
    public void matchSettled(long linkId) {
        jdbc.update("UPDATE record_link SET match_absent_since = NULL, updated_at = ? WHERE id = ?", now(), linkId);
    }

    /**
     * A reservation linked to the existing issue its match rule found (instead of creating one), with the steps a
     * matched link takes; unclaimed, so the next poll takes them. DuplicateKeyException when the issue is taken.
     */
    public void linkReservation(long linkId, String issueId, String issueKey, Set<RecordLink.Step> steps) {
        OffsetDateTime now = now();
        jdbc.update("UPDATE record_link SET issue_id = ?, issue_key = ?, state = 'LINKED', pending_steps = ?, match_absent_since = NULL,"
                + " creation_sent_at = NULL, marker_absent_since = NULL, updated_at = ? WHERE id = ?", issueId, issueKey, steps(steps), now, linkId);
        claims.release(WorkClaims.Table.RECORD_LINK, linkId);
    }

    public void markFailed(long linkId, String problem) {
        jdbc.update("UPDATE record_link SET state = 'FAILED', status_problem = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ? WHERE id = ?",
                problem, now(), linkId);
    }

    public void markSynced(long linkId, Instant at) {
        jdbc.update("UPDATE record_link SET last_synced_at = ?, updated_at = ? WHERE id = ?", at.atOffset(ZoneOffset.UTC), now(), linkId);
    }

    /** Records (or clears, with null) why the issue's status could not follow. */
    public void setStatusProblem(long linkId, String problem) {
        jdbc.update("UPDATE record_link SET status_problem = ?, updated_at = ? WHERE id = ?", problem, now(), linkId);
    }

    public boolean delete(long linkId) {
        return jdbc.update("DELETE FROM record_link WHERE id = ?", linkId) > 0;
    }

    private Optional<RecordLink> one(String sql, Object... args) {
        return jdbc.query(sql, this::row, args).stream().findFirst();
    }

    private RecordLink row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime synced = rs.getObject("last_synced_at", OffsetDateTime.class);
        OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
        OffsetDateTime sent = rs.getObject("creation_sent_at", OffsetDateTime.class);
        OffsetDateTime absent = rs.getObject("marker_absent_since", OffsetDateTime.class);
        OffsetDateTime noMatch = rs.getObject("match_absent_since", OffsetDateTime.class);
        return new RecordLink(rs.getLong("id"), rs.getLong("item_id"), rs.getString("object_type"), rs.getString("record_id"),
                rs.getString("issue_id"), rs.getString("issue_key"), LinkType.valueOf(rs.getString("link_type")),
                LinkState.valueOf(rs.getString("state")), rs.getString("status_problem"),
                synced == null ? null : synced.toInstant(), created == null ? null : created.toInstant(), steps(rs.getString("pending_steps")),
                rs.getString("creation_marker"), sent == null ? null : sent.toInstant(), absent == null ? null : absent.toInstant(),
                noMatch == null ? null : noMatch.toInstant());
    }

    private static Set<RecordLink.Step> steps(String column) {
        if (column == null || column.isBlank()) {
            return Set.of();
        }
        EnumSet<RecordLink.Step> steps = EnumSet.noneOf(RecordLink.Step.class);
        for (String s : column.split(",")) {
            steps.add(RecordLink.Step.valueOf(s.trim()));
        }
        return steps;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
