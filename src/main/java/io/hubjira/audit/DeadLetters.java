package io.hubjira.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** Work that failed for good (or too often): kept with its payload and error until an admin replays it. */
@Component
public class DeadLetters {

    public record DeadLetter(long id, String flow, Long itemId, String recordId, String issueKey, String payload,
                             String errorMessage, String errorCategory, int attempts, String state, String createdAt) {}

    private final JdbcTemplate jdbc;

    public DeadLetters(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long add(String flow, Long itemId, String recordId, String issueKey, String payload, String error, String category, int attempts) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    INSERT INTO dead_letter (flow, item_id, record_id, issue_key, payload, error_message, error_category, attempts, state, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)""", new String[] {"id"});
            ps.setString(1, flow);
            ps.setObject(2, itemId);
            ps.setString(3, recordId);
            ps.setString(4, issueKey);
            ps.setString(5, payload == null ? "" : payload);
            ps.setString(6, error == null ? "unknown error" : error);
            ps.setString(7, category);
            ps.setInt(8, attempts);
            ps.setObject(9, OffsetDateTime.now(ZoneOffset.UTC));
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    public List<DeadLetter> open(Long itemId) {
        String sql = "SELECT * FROM dead_letter WHERE state = 'OPEN'" + (itemId == null ? "" : " AND item_id = ?") + " ORDER BY id";
        return itemId == null ? jdbc.query(sql, (rs, n) -> row(rs)) : jdbc.query(sql, (rs, n) -> row(rs), itemId);
    }

    public Optional<DeadLetter> get(long id) {
        return jdbc.query("SELECT * FROM dead_letter WHERE id = ?", (rs, n) -> row(rs), id).stream().findFirst();
    }

    public void markReplayed(long id) {
        jdbc.update("UPDATE dead_letter SET state = 'REPLAYED', replayed_at = ? WHERE id = ?", OffsetDateTime.now(ZoneOffset.UTC), id);
    }

    public Map<String, Object> counts(long itemId) {
        return jdbc.queryForMap("SELECT COUNT(*) AS open_count FROM dead_letter WHERE state = 'OPEN' AND item_id = ?", itemId);
    }

    private static DeadLetter row(java.sql.ResultSet rs) throws java.sql.SQLException {
        long item = rs.getLong("item_id");
        Long itemId = rs.wasNull() ? null : item;
        OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
        return new DeadLetter(rs.getLong("id"), rs.getString("flow"), itemId, rs.getString("record_id"), rs.getString("issue_key"),
                rs.getString("payload"), rs.getString("error_message"), rs.getString("error_category"), rs.getInt("attempts"),
                rs.getString("state"), created == null ? null : created.toString());
    }
}
