package io.hubjira.link;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The ids of the issue link notes the connector wrote into HubSpot, kept {@link #KEPT} so that the webhooks of their
 * creation are not read back: a note named here is the connector's own text, never copied to Jira.
 */
@Repository
public class ConnectorLinkNotes {

    static final Duration KEPT = Duration.ofDays(1);
    private static final int IDS_PER_QUERY = 500;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ConnectorLinkNotes(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Remembers link notes just written (a note remembered twice keeps its first time). */
    public void remember(long hubspotConnectionId, Collection<String> noteIds) {
        if (noteIds.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Object[]> rows = noteIds.stream().distinct().map(id -> new Object[] {hubspotConnectionId, id, now}).toList();
        jdbc.batchUpdate("INSERT INTO connector_link_note (hubspot_connection_id, note_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", rows);
    }

    /** The notes of {@code noteIds} (of one HubSpot connection) that are not the connector's link notes, in their order. */
    public List<String> othersOf(long hubspotConnectionId, List<String> noteIds) {
        Set<String> own = new HashSet<>();
        for (int i = 0; i < noteIds.size(); i += IDS_PER_QUERY) {
            List<String> chunk = noteIds.subList(i, Math.min(noteIds.size(), i + IDS_PER_QUERY));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            List<Object> args = new ArrayList<>();
            args.add(hubspotConnectionId);
            args.addAll(chunk);
            own.addAll(jdbc.queryForList("SELECT note_id FROM connector_link_note WHERE hubspot_connection_id = ? AND note_id IN (" + marks + ")",
                    String.class, args.toArray()));
        }
        List<String> others = new ArrayList<>();
        noteIds.stream().filter(id -> !own.contains(id)).forEach(others::add);
        return others;
    }

    /** Forgets link notes older than {@link #KEPT} (daily housekeeping). */
    public int forgetOld() {
        return jdbc.update("DELETE FROM connector_link_note WHERE created_at < ?", OffsetDateTime.now(clock).minus(KEPT));
    }
}
