package io.hubjira.ops;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiName;
import io.hubjira.http.ApiUsageMeter;
import io.hubjira.queue.WorkClaims;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The API calls of every instance per minute (route api-usage-sampling stores this instance's each minute), read back
 * for the console's charts: HubSpot calls against its 10-second and daily limits, Jira calls.
 */
@Component("apiUsageHistory")
public class ApiUsageHistory {

    /** All instances' calls to one API in one minute; the busiest 10 seconds of each instance, added up (an upper bound). */
    public record MinuteUsage(Instant minute, String api, long calls, long peak10s, Long dailyLimit, Long dailyRemaining) {}

    private final JdbcTemplate jdbc;
    private final ApiUsageMeter meter;
    private final WorkClaims claims;
    private final Clock clock;
    private final ConnectorProperties.Console console;

    public ApiUsageHistory(JdbcTemplate jdbc, ApiUsageMeter meter, WorkClaims claims, Clock clock, ConnectorProperties props) {
        this.jdbc = jdbc;
        this.meter = meter;
        this.claims = claims;
        this.clock = clock;
        this.console = props.console();
    }

    /** Stores this instance's last complete minute (once: a minute already stored is kept). */
    public void sampleLastMinute() {
        long end = clock.millis() / 60_000 * 60;
        OffsetDateTime minute = OffsetDateTime.ofInstant(Instant.ofEpochSecond(end - 60), ZoneOffset.UTC);
        for (ApiName api : ApiName.values()) {
            ApiUsageMeter.Minute m = meter.minuteBefore(api, end);
            try {
                jdbc.update("INSERT INTO api_call_sample (sampled_at, instance, api, calls, peak_10s, daily_limit, daily_remaining)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", minute, claims.worker(), api.tag(), m.calls(), m.peak10s(), m.dailyLimit(),
                        m.dailyRemaining());
            } catch (DuplicateKeyException alreadySampled) {
                // the timer fired twice within one minute
            }
        }
    }

    /** Samples older than connector.console.usage-history go. */
    public int dropOld() {
        return jdbc.update("DELETE FROM api_call_sample WHERE sampled_at < ?",
                OffsetDateTime.ofInstant(clock.instant().minus(console.usageHistory()), ZoneOffset.UTC));
    }

    /** Every minute since then with calls, all instances added up, oldest first. */
    public List<MinuteUsage> since(Instant since) {
        List<MinuteUsage> out = new ArrayList<>();
        jdbc.query("SELECT sampled_at, api, SUM(calls), SUM(peak_10s), MAX(daily_limit), MIN(daily_remaining) FROM api_call_sample"
                + " WHERE sampled_at >= ? GROUP BY sampled_at, api ORDER BY sampled_at, api", rs -> {
                    long limit = rs.getLong(5);
                    Long dailyLimit = rs.wasNull() ? null : limit;
                    long remaining = rs.getLong(6);
                    Long dailyRemaining = rs.wasNull() ? null : remaining;
                    out.add(new MinuteUsage(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            dailyLimit, dailyRemaining));
                }, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
        return out;
    }
}
