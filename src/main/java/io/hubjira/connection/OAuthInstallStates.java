package io.hubjira.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import io.hubjira.config.ConnectorProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code state} of HubSpot's OAuth install flow (RFC 6749 section 10.12): every authorize URL carries a random
 * state the connector issued to the admin who asked, for one client id and redirect URI; the code HubSpot sends back is
 * exchanged only with that state, by that admin, once, before it expires. Without it a code obtained elsewhere (an
 * attacker's own install) could be slipped into the admin's exchange and connect the attacker's portal. Kept in the
 * database (every instance behind a load balancer knows it), as a SHA-256 digest only: reading the table gives no
 * usable state.
 */
@Repository
public class OAuthInstallStates {

    /** An issued state and until when it may come back. */
    public record Issued(String state, Instant expiresAt) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    public OAuthInstallStates(JdbcTemplate jdbc, Clock clock, ConnectorProperties props) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ttl = props.hubspot().oauth().stateTtl();
    }

    /** A fresh state for this admin's install of this client id and redirect URI into the first connection. */
    public Issued issue(String admin, String clientId, String redirectUri) {
        return issue(admin, clientId, redirectUri, ConnectionTarget.first());
    }

    /**
     * A fresh state for this admin's install of this client id and redirect URI into {@code target} (the first
     * connection, an existing one by id, a new one by name); states expired a day ago are forgotten.
     */
    public Issued issue(String admin, String clientId, String redirectUri, ConnectionTarget target) {
        Instant now = clock.instant();
        jdbc.update("DELETE FROM oauth_install_state WHERE expires_at < ?", utc(now.minus(Duration.ofDays(1))));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = now.plus(ttl);
        jdbc.update("INSERT INTO oauth_install_state (state_digest, admin_name, client_id, redirect_uri, expires_at, target_connection_id, "
                        + "target_connection_name) VALUES (?, ?, ?, ?, ?, ?, ?)", digest(state), admin, clientId, redirectUri, utc(expiresAt),
                target.kind() == ConnectionTarget.Kind.EXISTING ? target.id() : null,
                target.kind() == ConnectionTarget.Kind.NEW ? target.name() : null);
        return new Issued(state, expiresAt);
    }

    /**
     * Uses up the state: it must exist (issued, not used yet), be unexpired, belong to this admin and to this client id
     * and redirect URI. Any attempt uses it up, so a state never serves twice. Refused with a {@link ConnectionProblem}
     * on the field {@code state}: 400 when missing, 422 otherwise. Answers the connection the install was started for.
     */
    public ConnectionTarget redeem(String state, String admin, String clientId, String redirectUri) {
        if (state == null || state.isBlank()) {
            throw new ConnectionProblem(400, "state_required", "state", "The state from HubSpot's redirect is required (it comes back "
                    + "beside the code: ?code=…&state=…). Start the install from GET /api/connections/hubspot/oauth/authorize-url.");
        }
        String digest = digest(state.trim());
        List<Row> rows = jdbc.query("SELECT admin_name, client_id, redirect_uri, expires_at, target_connection_id, target_connection_name "
                        + "FROM oauth_install_state WHERE state_digest = ?",
                (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                        target(rs.getObject(5, Long.class), rs.getString(6))), digest);
        boolean usedNow = !rows.isEmpty() && jdbc.update("DELETE FROM oauth_install_state WHERE state_digest = ?", digest) == 1;
        if (!usedNow) {
            throw refused("oauth_state_unknown", "This state was not issued by this connector, or it was used already: a state "
                    + "serves one code exchange. Start the install again from GET /api/connections/hubspot/oauth/authorize-url.");
        }
        Row row = rows.get(0);
        if (!row.expiresAt().isAfter(clock.instant())) {
            throw refused("oauth_state_expired", "This state expired at " + row.expiresAt() + " (it is valid for " + ttl.toMinutes()
                    + " minutes). Start the install again.");
        }
        if (!row.admin().equals(admin)) {
            throw refused("oauth_state_other_admin", "This state was issued to another login than '" + admin + "': the install must be "
                    + "finished by the admin who started it. Start the install again.");
        }
        if (!row.clientId().equals(clientId) || !row.redirectUri().equals(redirectUri)) {
            throw refused("oauth_state_mismatch", "This state was issued for another client id or redirect URI than the ones sent "
                    + "with the code. Start the install again with the same ones.");
        }
        return row.target();
    }

    private record Row(String admin, String clientId, String redirectUri, Instant expiresAt, ConnectionTarget target) {}

    private static ConnectionTarget target(Long id, String name) {
        if (id != null) {
            return ConnectionTarget.existing(id);
        }
        return name == null ? ConnectionTarget.first() : new ConnectionTarget(ConnectionTarget.Kind.NEW, 0, name);
    }

    private static ConnectionProblem refused(String code, String message) {
        return new ConnectionProblem(422, code, "state", message);
    }

    private static String digest(String state) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
