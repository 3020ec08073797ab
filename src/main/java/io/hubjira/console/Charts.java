package io.hubjira.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.audit.AuditLog.Direction;
import io.hubjira.audit.AuditLog;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiName;
import io.hubjira.ops.ApiUsageHistory.MinuteUsage;
import io.hubjira.ops.ApiUsageHistory;
import io.hubjira.queue.JiraEventQueue;
import org.springframework.stereotype.Component;

/**
 * The series behind the console's charts, each as columns ready for a plot (times in epoch seconds, one value per
 * time, gaps filled with zeros): records synced and failed per hour each way (audit), HubSpot calls per minute with
 * the busiest 10 seconds against HubSpot's 10-second limit and the day's calls against the daily limit, Jira calls
 * per minute (api-usage-sampling), and how long Jira events took from Jira to done (the inbox).
 */
@Component
public class Charts {

    public record RecordSeries(List<Long> hours, List<Long> hubspotToJiraSynced, List<Long> hubspotToJiraFailed,
                               List<Long> jiraToHubSpotSynced, List<Long> jiraToHubSpotFailed) {}

    /** @param limit10s HubSpot's burst limit the connector paces itself to */
    public record HubSpotSeries(List<Long> minutes, List<Long> calls, List<Long> peak10s, int limit10s, long dailyLimit, long callsToday,
                                Long dailyRemaining) {}

    public record JiraSeries(List<Long> minutes, List<Long> calls) {}

    /** Per 10 minutes: the median and the slowest Jira event, in seconds. */
    public record LagSeries(List<Long> buckets, List<Double> median, List<Double> max, long events) {}

    public record ChartData(Instant from, Instant to, RecordSeries records, HubSpotSeries hubspot, JiraSeries jira, LagSeries webhookLag) {}

    private final AuditLog audit;
    private final ApiUsageHistory usage;
    private final JiraEventQueue inbox;
    private final Clock clock;
    private final ConnectorProperties props;

    public Charts(AuditLog audit, ApiUsageHistory usage, JiraEventQueue inbox, Clock clock, ConnectorProperties props) {
        this.audit = audit;
        this.usage = usage;
        this.inbox = inbox;
        this.clock = clock;
        this.props = props;
    }

    public ChartData lastHours(int hours) {
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofHours(Math.min(Math.max(hours, 1), 24 * 7)));
        return new ChartData(from, now, records(from, now), hubspot(from, now), jira(from, now), webhookLag(from, now));
    }

    private RecordSeries records(Instant from, Instant now) {
        Map<String, AuditLog.HourCount> byKey = new HashMap<>();
        audit.perHour(from).forEach(c -> byKey.put(c.hour().getEpochSecond() + c.direction().name(), c));
        List<Long> hours = new ArrayList<>();
        List<Long> hjSynced = new ArrayList<>();
        List<Long> hjFailed = new ArrayList<>();
        List<Long> jhSynced = new ArrayList<>();
        List<Long> jhFailed = new ArrayList<>();
        for (Instant h = from.truncatedTo(ChronoUnit.HOURS); !h.isAfter(now); h = h.plus(1, ChronoUnit.HOURS)) {
            hours.add(h.getEpochSecond());
            AuditLog.HourCount hj = byKey.get(h.getEpochSecond() + Direction.HUBSPOT_TO_JIRA.name());
            AuditLog.HourCount jh = byKey.get(h.getEpochSecond() + Direction.JIRA_TO_HUBSPOT.name());
            hjSynced.add(hj == null ? 0 : hj.synced());
            hjFailed.add(hj == null ? 0 : hj.failed());
            jhSynced.add(jh == null ? 0 : jh.synced());
            jhFailed.add(jh == null ? 0 : jh.failed());
        }
        return new RecordSeries(hours, hjSynced, hjFailed, jhSynced, jhFailed);
    }

    private HubSpotSeries hubspot(Instant from, Instant now) {
        Map<Long, MinuteUsage> byMinute = minutes(ApiName.HUBSPOT, from);
        List<Long> minutes = new ArrayList<>();
        List<Long> calls = new ArrayList<>();
        List<Long> peaks = new ArrayList<>();
        fill(from, now, byMinute, minutes, calls, peaks);
        Instant midnight = now.truncatedTo(ChronoUnit.DAYS);
        long today = 0;
        Long remaining = null;
        long dailyLimit = props.console().hubspotDailyLimit();
        for (MinuteUsage m : usage.since(midnight)) {
            if (!ApiName.HUBSPOT.tag().equals(m.api())) {
                continue;
            }
            today += m.calls();
            if (m.dailyRemaining() != null) {
                remaining = m.dailyRemaining();
            }
            if (m.dailyLimit() != null) {
                dailyLimit = m.dailyLimit();
            }
        }
        return new HubSpotSeries(minutes, calls, peaks, props.hubspot().rateLimit().requestsPerWindow(), dailyLimit, today, remaining);
    }

    private JiraSeries jira(Instant from, Instant now) {
        List<Long> minutes = new ArrayList<>();
        List<Long> calls = new ArrayList<>();
        fill(from, now, minutes(ApiName.JIRA, from), minutes, calls, new ArrayList<>());
        return new JiraSeries(minutes, calls);
    }

    private LagSeries webhookLag(Instant from, Instant now) {
        Map<Long, List<Long>> perBucket = new HashMap<>();
        List<JiraEventQueue.EventLag> lags = inbox.lagSince(from);
        for (JiraEventQueue.EventLag lag : lags) {
            perBucket.computeIfAbsent(tenMinutes(lag.processedAt()), k -> new ArrayList<>()).add(lag.lagMillis());
        }
        List<Long> buckets = new ArrayList<>();
        List<Double> median = new ArrayList<>();
        List<Double> max = new ArrayList<>();
        for (long b = tenMinutes(from); b <= now.getEpochSecond(); b += 600) {
            buckets.add(b);
            List<Long> values = perBucket.get(b);
            if (values == null) {
                median.add(null);
                max.add(null);
            } else {
                values.sort(null);
                median.add(values.get(values.size() / 2) / 1000.0);
                max.add(values.get(values.size() - 1) / 1000.0);
            }
        }
        return new LagSeries(buckets, median, max, lags.size());
    }

    private Map<Long, MinuteUsage> minutes(ApiName api, Instant from) {
        Map<Long, MinuteUsage> byMinute = new HashMap<>();
        usage.since(from).stream().filter(m -> api.tag().equals(m.api())).forEach(m -> byMinute.put(m.minute().getEpochSecond(), m));
        return byMinute;
    }

    private static void fill(Instant from, Instant now, Map<Long, MinuteUsage> byMinute, List<Long> minutes, List<Long> calls, List<Long> peaks) {
        for (Instant m = from.truncatedTo(ChronoUnit.MINUTES); m.isBefore(now); m = m.plus(1, ChronoUnit.MINUTES)) {
            MinuteUsage u = byMinute.get(m.getEpochSecond());
            minutes.add(m.getEpochSecond());
            calls.add(u == null ? 0 : u.calls());
            peaks.add(u == null ? 0 : u.peak10s());
        }
    }

    private static long tenMinutes(Instant t) {
        return t.getEpochSecond() / 600 * 600;
    }
}
