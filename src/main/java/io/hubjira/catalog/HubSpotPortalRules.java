package io.hubjira.catalog;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import io.hubjira.hubspot.HubSpotWriteRefused;
import io.hubjira.hubspot.WriteProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the connected portal requires of writes, as far as HubSpot has told: its API lists neither conditional property
 * rules nor Create Record requirements, so each write HubSpot refuses by one of them (2026-09 write validation) is
 * remembered here per portal and object — the property required and, for a conditional rule, the properties it
 * depends on. Item saves warn from these; every instance shares them through the database.
 */
@Component
public class HubSpotPortalRules {

    /** A requirement HubSpot refused a write by, and when it last did. */
    public record LearnedRule(String objectType, WriteProblem.Kind kind, String property, List<String> basedOn, Instant lastRefusedAt,
                              String hubspotMessage) {}

    private static final Logger log = LoggerFactory.getLogger(HubSpotPortalRules.class);

    private final JdbcTemplate jdbc;

    public HubSpotPortalRules(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    public void refused(HubSpotWriteRefused refusal) {
        if (refusal.portalId() == null) {
            return;
        }
        for (WriteProblem p : refusal.problems()) {
            if (p.kind() != WriteProblem.Kind.CONDITIONAL_REQUIRED && p.kind() != WriteProblem.Kind.REQUIRED_ON_CREATE) {
                continue;
            }
            for (String property : p.properties()) {
                remember(refusal.portalId(), refusal.objectType(), p, property);
            }
        }
    }

    private void remember(long portal, String objectType, WriteProblem p, String property) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String basedOn = String.join(",", p.basedOn());
        String message = p.hubspotMessage() == null ? null : p.hubspotMessage().substring(0, Math.min(1000, p.hubspotMessage().length()));
        Object[] key = {portal, objectType, p.kind().name(), property};
        String update = "UPDATE hubspot_portal_rule SET based_on = ?, hubspot_message = ?, last_refused_at = ?"
                + " WHERE portal_id = ? AND object_type = ? AND rule_kind = ? AND property = ?";
        if (jdbc.update(update, basedOn, message, now, key[0], key[1], key[2], key[3]) > 0) {
            return;
        }
        try {
            jdbc.update("INSERT INTO hubspot_portal_rule (portal_id, object_type, rule_kind, property, based_on, hubspot_message, first_refused_at,"
                    + " last_refused_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", portal, objectType, p.kind().name(), property, basedOn, message, now, now);
            log.info("HubSpot portal {} requires {} on {} ({}): learned from a refused write", portal, property, objectType, p.kind());
        } catch (DuplicateKeyException raced) {
            jdbc.update(update, basedOn, message, now, key[0], key[1], key[2], key[3]);
        }
    }

    /** The requirements this portal refused writes to this object by. */
    public List<LearnedRule> rulesFor(long portal, String objectType) {
        return jdbc.query("SELECT * FROM hubspot_portal_rule WHERE portal_id = ? AND object_type = ? ORDER BY property",
                (rs, n) -> new LearnedRule(rs.getString("object_type"), WriteProblem.Kind.valueOf(rs.getString("rule_kind")),
                        rs.getString("property"), rs.getString("based_on").isEmpty() ? List.of() : Arrays.asList(rs.getString("based_on").split(",")),
                        rs.getObject("last_refused_at", OffsetDateTime.class).toInstant(), rs.getString("hubspot_message")),
                portal, objectType);
    }
}
