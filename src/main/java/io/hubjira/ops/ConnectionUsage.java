package io.hubjira.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.JiraConnection;
import io.hubjira.http.AccountLimits;
import io.hubjira.http.ApiName;
import io.hubjira.http.ApiUsageMeter;
import io.hubjira.http.RateBudget;
import io.hubjira.jira.JiraClient;
import org.springframework.stereotype.Component;

/**
 * A connection's API usage against its limits. HubSpot limits the account (the portal: two connections to one portal
 * spend one budget), Jira the site; the budget is {@code hubspot:<portal>} or {@code jira:<site>} as the shared rate
 * budget keys it, and the limits are the account's own (a portal's or site's in the settings, else the global ones). The
 * calls of the last 10 and 60 seconds are this instance's; the day's remaining calls are what
 * HubSpot last reported for the portal, else what the shared budget has left (every instance on the database).
 */
@Component
public class ConnectionUsage {

    /** One limit: {@code limit} calls {@code per} span; {@code used} and {@code remaining} where known, and who counted them. */
    public record Limit(String name, long limit, String per, Long used, Long remaining, String countedBy) {}

    /** The budget the connection spends, its calls just now, and each limit. */
    public record Usage(String budget, long callsLast10s, long callsLast60s, Instant lastCallAt, List<Limit> limits) {}

    static final String THIS_INSTANCE = "this instance";

    private final ApiUsageMeter meter;
    private final RateBudget budget;

    public ConnectionUsage(ApiUsageMeter meter, RateBudget budget) {
        this.meter = meter;
        this.budget = budget;
    }

    public Usage hubspot(HubSpotConnection c) {
        String account = String.valueOf(c.portalId());
        ApiUsageMeter.AccountUsage used = meter.account(ApiName.HUBSPOT, account);
        AccountLimits.HubSpot rate = budget.limits().hubspot(account);
        List<Limit> limits = new ArrayList<>();
        limits.add(new Limit("requests", rate.requestsPerWindow(), span(rate.window()), used.last10s(), null, THIS_INSTANCE));
        limits.add(new Limit("search", rate.searchPerSecond(), "1s", null, null, null));
        if (used.dailyRemaining() != null) {
            long limit = used.dailyLimit() != null ? used.dailyLimit() : rate.daily();
            limits.add(new Limit("daily", limit, "day", Math.max(0, limit - used.dailyRemaining()), used.dailyRemaining(), "HubSpot"));
        } else {
            OptionalLong remaining = budget.hubspotDailyRemaining(account);
            if (remaining.isPresent()) {
                limits.add(new Limit("daily", rate.daily(), "day", Math.max(0, rate.daily() - remaining.getAsLong()), remaining.getAsLong(),
                        "every instance"));
            }
        }
        return new Usage(ApiName.HUBSPOT.tag() + ":" + RateBudget.accountKey(account), used.last10s(), used.last60s(), used.lastCallAt(),
                limits);
    }

    public Usage jira(JiraConnection c) {
        String account = JiraClient.rateAccount(c.baseUrl());
        ApiUsageMeter.AccountUsage used = meter.account(ApiName.JIRA, account);
        int perSecond = budget.limits().jira(account).requestsPerSecond();
        List<Limit> limits = List.of(new Limit("requests", perSecond * 10L, "10s", used.last10s(), null, THIS_INSTANCE));
        return new Usage(ApiName.JIRA.tag() + ":" + RateBudget.accountKey(account), used.last10s(), used.last60s(), used.lastCallAt(), limits);
    }

    private static String span(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
