package io.hubjira.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.config.ConnectorProperties;

/**
 * The limits each API account is held to: a portal's own ({@code connector.hubspot.rate-limit.portals}) or a site's own
 * ({@code connector.jira.rate-limit.sites}) where one is set, each unset limit of it, and every other account, taking
 * the global ones. Real installations mix tiers: a Free portal beside an Enterprise one, Jira sites on different plans.
 * A site entry is named by its base URL and maps to the account its connections' calls spend ({@link
 * ApiBaseUrls#jiraSiteAccount}); an entry that is not a site URL, or names a site another entry names, stops start-up.
 */
public final class AccountLimits {

    /** A HubSpot portal's limits: requests per rolling window, searches per second, calls per day (0: not counted). */
    public record HubSpot(int requestsPerWindow, Duration window, int searchPerSecond, long daily) {}

    /** A Jira site's limit: a token bucket of this many requests, refilled at this rate per second. */
    public record Jira(int requestsPerSecond) {}

    private static final int JIRA_DEFAULT_PER_SECOND = 10;

    private final HubSpot hubspot;
    private final Jira jira;
    private final Map<String, HubSpot> portals = new HashMap<>();
    private final Map<String, Jira> sites = new HashMap<>();

    public AccountLimits(ConnectorProperties props) {
        ConnectorProperties.HubSpotRateLimit rate = props.hubspot() == null
                ? new ConnectorProperties.HubSpotRateLimit(100, Duration.ofSeconds(10), 5, null) : props.hubspot().rateLimit();
        this.hubspot = new HubSpot(rate.requestsPerWindow(), rate.window(), rate.searchPerSecond(), rate.daily());
        for (ConnectorProperties.PortalRateLimit p : rate.portals()) {
            portals.put(RateBudget.accountKey(String.valueOf(p.portalId())), new HubSpot(
                    p.requestsPerWindow() == null ? hubspot.requestsPerWindow() : p.requestsPerWindow(), hubspot.window(),
                    p.searchPerSecond() == null ? hubspot.searchPerSecond() : p.searchPerSecond(),
                    p.daily() == null ? hubspot.daily() : p.daily()));
        }
        ConnectorProperties.JiraRateLimit jiraRate = props.jira() == null ? null : props.jira().rateLimit();
        this.jira = new Jira(jiraRate == null ? JIRA_DEFAULT_PER_SECOND : Math.max(1, jiraRate.requestsPerSecond()));
        List<ConnectorProperties.SiteRateLimit> siteEntries = jiraRate == null ? List.of() : jiraRate.sites();
        Map<String, Integer> entryOf = new HashMap<>();
        for (int i = 0; i < siteEntries.size(); i++) {
            ConnectorProperties.SiteRateLimit s = siteEntries.get(i);
            String field = "connector.jira.rate-limit.sites[" + i + "].site";
            String account = RateBudget.accountKey(ApiBaseUrls.jiraSiteAccount(
                    ApiBaseUrls.jiraSite(field, s.site(), props.http().allowLoopbackBaseUrls())));
            Integer earlier = entryOf.putIfAbsent(account, i);
            if (earlier != null) {
                throw new IllegalArgumentException(field + " names site " + account + " again (already connector.jira.rate-limit.sites["
                        + earlier + "]): a site has one limit");
            }
            sites.put(account, new Jira(s.requestsPerSecond() == null ? jira.requestsPerSecond() : s.requestsPerSecond()));
        }
    }

    /** The limits of a HubSpot account (a portal id, as the budget names it). */
    public HubSpot hubspot(String account) {
        return portals.getOrDefault(RateBudget.accountKey(account), hubspot);
    }

    /** The limit of a Jira account (a site, as {@link ApiBaseUrls#jiraSiteAccount} names it). */
    public Jira jira(String account) {
        return sites.getOrDefault(RateBudget.accountKey(account), jira);
    }
}
