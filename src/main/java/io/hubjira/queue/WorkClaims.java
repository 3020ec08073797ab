package io.hubjira.queue;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.hubjira.config.ConnectorProperties;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Claims on work rows, held by this instance for a short lease that the heartbeat (route claims-heartbeat) renews
 * while the work runs: rows of an instance that stopped — killed, crashed, cut off — are free again one lease later
 * and another instance (or this one, restarted) takes them over. Used for unfinished creations and reserved comments
 * and attachments. Every claim is taken for a {@link HeldClaims}: the run of work it belongs to (a poll of one item, a
 * round of the change queue, one copy, one request). Only claims of open runs are renewed, and closing a run gives back
 * whatever it still holds, so a claim never outlives its work, whatever thread the run's steps happen to run on.
 */
@Component("workClaims")
public class WorkClaims {

    /** The tables whose rows are claimed, with their claim columns. */
    public enum Table {
        RECORD_LINK("record_link", "claimed_by", "claimed_until"),
        COMMENT_LINK("comment_link", "claimed_by", "claimed_until"),
        ATTACHMENT_LINK("attachment_link", "claimed_by", "claimed_until");

        final String table;
        final String owner;
        final String until;

        Table(String table, String owner, String until) {
            this.table = table;
            this.owner = owner;
            this.until = until;
        }

        /** SQL: the row is free to take (never claimed, released, or its lease ran out), for a WHERE clause. */
        public String freeCondition() {
            return "(" + owner + " IS NULL OR " + until + " IS NULL OR " + until + " < ?)";
        }
    }

    record Claimed(Table table, long id) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration lease;
    private final String worker;
    /** the runs of work open on this instance; only their claims are renewed, so a claim nobody works under runs out */
    private final Set<HeldClaims> open = ConcurrentHashMap.newKeySet();
    /** the fencing token each claim of this instance was taken with */
    private final Map<Claimed, Long> tokens = new ConcurrentHashMap<>();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkClaims.class);

    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final Map<String, io.micrometer.core.instrument.Counter> lostClaims = new ConcurrentHashMap<>();
    private volatile String rowLock;

    public WorkClaims(JdbcTemplate jdbc, Clock clock, ConnectorProperties props, io.micrometer.core.instrument.MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
        this.lease = props.claims().lease();
        this.worker = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A round's claim on queue rows (the Jira inbox's issues, queued HubSpot changes), with a fencing token no other
     * round ever gets: one value of the database's sequence, so it grows across instances and restarts.
     */
    QueueClaim newRound() {
        Long token = jdbc.queryForObject("SELECT nextval('queue_claim_token')", Long.class);
        OffsetDateTime now = now();
        return new QueueClaim(worker, token, now, now.plus(lease));
    }

    /**
     * What the query picking rows to claim ends with: {@code FOR UPDATE SKIP LOCKED} on PostgreSQL (instances pass over
     * rows another is claiming this instant), nothing on H2, the single-instance default. The claim itself is one
     * conditional UPDATE, safe on both.
     */
    String rowLock() {
        String lock = rowLock;
        if (lock == null) {
            String product = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
            lock = "PostgreSQL".equalsIgnoreCase(product) ? " FOR UPDATE SKIP LOCKED" : "";
            rowLock = lock;
        }
        return lock;
    }

    /** Counts a write this instance did not make because its claim was lost (metric connector.claims.lost). */
    void refused(String table, int rows) {
        lostClaims.computeIfAbsent(table, t -> io.micrometer.core.instrument.Counter.builder("connector.claims.lost")
                .description("work a stalled worker found taken over, and did not write").tag("table", t).register(meters)).increment(rows);
    }

    /** This instance's name in claim columns (unique per process start). */
    public String worker() {
        return worker;
    }

    public OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** When a claim taken now runs out unless renewed. */
    public OffsetDateTime leaseEnd() {
        return now().plus(lease);
    }

    /**
     * Opens a run of work: the claims taken for it are renewed by the heartbeat until it is closed, and closing it gives
     * back those it still holds (the next run resumes what was left).
     */
    public HeldClaims hold() {
        HeldClaims run = new HeldClaims(this);
        open.add(run);
        return run;
    }

    /**
     * Opens a run for a route's exchange (the route keeps it in the property it names, and closes it when it ends, failed
     * or not): tied to the exchange as well, so that however the exchange completes, the run is closed then at the latest
     * and can never be renewed forever.
     */
    public HeldClaims holdFor(Exchange exchange) {
        HeldClaims run = hold();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange completed) {
                close(run);
            }
        });
        return run;
    }

    /** Closes a run: whatever it still holds is given back at once. Closing it again, or closing none, does nothing. */
    public void close(HeldClaims run) {
        if (run == null || !open.remove(run)) {
            return;
        }
        for (Claimed c : run.drain()) {
            release(c.table(), c.id());
        }
    }

    /**
     * Takes the row for the run when it is free (never claimed, released, or its lease ran out); false when an instance
     * holds it — this one too: a row one run of this instance works on is not taken by another.
     */
    public boolean take(HeldClaims run, Table t, long id) {
        requireOpen(run, t, id);
        OffsetDateTime now = now();
        boolean taken = jdbc.update("UPDATE " + t.table + " SET " + t.owner + " = ?, " + t.until + " = ?, claim_token = claim_token + 1"
                + " WHERE id = ? AND " + t.freeCondition(), worker, now.plus(lease), id, now) == 1;
        if (!taken) {
            return false;
        }
        List<Long> token = jdbc.queryForList("SELECT claim_token FROM " + t.table + " WHERE id = ? AND " + t.owner + " = ?", Long.class, id, worker);
        if (token.isEmpty()) {
            return false; // removed or given back meanwhile
        }
        hand(run, new Claimed(t, id), token.get(0));
        return true;
    }

    /** A row the run inserted already claimed (a reservation, fencing token 0): renewed while the run is open. */
    public void holding(HeldClaims run, Table t, long id) {
        hand(run, new Claimed(t, id), 0L);
    }

    private void hand(HeldClaims run, Claimed claimed, long token) {
        if (run == null || !open.contains(run)) {
            // a row inserted claimed for a run that is not open: nobody would renew it or give it back
            release(claimed.table(), claimed.id());
            requireOpen(run, claimed.table(), claimed.id());
        }
        tokens.put(claimed, token);
        run.add(claimed);
    }

    private void requireOpen(HeldClaims run, Table t, long id) {
        if (run == null || !open.contains(run)) {
            throw new IllegalStateException("a claim on " + t.table + " row " + id + " was asked for a run that is not open");
        }
    }

    /**
     * Fencing: proves that this instance still holds these rows under the tokens it took them with, and renews their
     * lease. Answers the rows it lost — its lease ran out (it stalled: paused, cut off, its host stopped) and another
     * instance took them over, or it never held them. Nothing may be written for a lost row: its new owner does the work,
     * and finds by marker whatever this instance wrote before it stalled.
     */
    public Set<Long> lost(Table t, java.util.Collection<Long> ids) {
        Set<Long> lost = new java.util.LinkedHashSet<>();
        List<Long> held = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        OffsetDateTime until = leaseEnd();
        for (Long id : ids) {
            Long token = tokens.get(new Claimed(t, id));
            if (token == null) {
                lost.add(id);
            } else {
                held.add(id);
                rows.add(new Object[] {until, id, worker, token});
            }
        }
        if (!rows.isEmpty()) {
            int[] renewed = jdbc.batchUpdate("UPDATE " + t.table + " SET " + t.until + " = ? WHERE id = ? AND " + t.owner + " = ? AND claim_token = ?",
                    rows);
            for (int i = 0; i < renewed.length; i++) {
                if (renewed[i] == 0) {
                    lost.add(held.get(i));
                }
            }
        }
        if (!lost.isEmpty()) {
            refused(t.table, lost.size());
            lost.forEach(id -> forget(new Claimed(t, id)));
            log.warn("{} {} row(s) {} are no longer this worker's (their lease ran out and another worker took them over, or they were"
                    + " given back): nothing more is written for them here",
                    lost.size(), t.table, lost.size() > 10 ? List.copyOf(lost).subList(0, 10) + "…" : lost);
        }
        return lost;
    }

    /** Fencing before one remote write: fails with {@link ClaimLostException} when the row was taken over (see {@link #lost}). */
    public void ensureHeld(Table t, long id) {
        if (!lost(t, List.of(id)).isEmpty()) {
            throw new ClaimLostException(t.table, id);
        }
    }

    /**
     * SQL that keeps an outcome's UPDATE to a row this instance still holds under its token (fencing, in the transaction
     * that records the outcome): {@code AND claimed_by = ? AND claim_token = ?}, with {@link #fence} for its values.
     */
    public String fencedCondition(Table t) {
        return " AND " + t.owner + " = ? AND claim_token = ?";
    }

    /** The values of {@link #fencedCondition}: this instance, and the token it holds the row with (-1: none, so no row matches). */
    public Object[] fence(Table t, long id) {
        return new Object[] {worker, tokens.getOrDefault(new Claimed(t, id), -1L)};
    }

    private void forget(Claimed c) {
        tokens.remove(c);
        open.forEach(run -> run.remove(c));
    }

    /** Gives the row back (done, or failed and free for the next attempt at once). */
    public void release(Table t, long id) {
        jdbc.update("UPDATE " + t.table + " SET " + t.owner + " = NULL, " + t.until + " = NULL WHERE id = ? AND " + t.owner + " = ?", id, worker);
        forget(new Claimed(t, id));
    }

    /** The heartbeat: renews the claims of the runs still open. Returns how many rows were renewed. */
    public int renewAll() {
        OffsetDateTime until = leaseEnd();
        int renewed = 0;
        Map<Table, List<Long>> byTable = new EnumMap<>(Table.class);
        open.forEach(run -> run.claimed().forEach(c -> byTable.computeIfAbsent(c.table(), k -> new ArrayList<>()).add(c.id())));
        for (var entry : byTable.entrySet()) {
            Table t = entry.getKey();
            for (int i = 0; i < entry.getValue().size(); i += 500) {
                List<Long> chunk = entry.getValue().subList(i, Math.min(entry.getValue().size(), i + 500));
                String in = String.join(",", chunk.stream().map(String::valueOf).toList());
                renewed += jdbc.update("UPDATE " + t.table + " SET " + t.until + " = ? WHERE " + t.owner + " = ? AND id IN (" + in + ")", until, worker);
            }
        }
        return renewed;
    }
}
