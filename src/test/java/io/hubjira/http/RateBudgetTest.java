package io.hubjira.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.storage.EmbeddedPostgresSupport;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rate budget's promises: HubSpot's rolling windows are never exceeded however the calls come, the daily limit
 * resets at the account's midnight, a 429 pauses exactly the budget it names, and on PostgreSQL two budgets (two
 * instances) spend one set of buckets.
 */
class RateBudgetTest {

    /** A clock the test moves. */
    static final class ManualClock implements TimeMeter {
        long nanos;

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }

    private static ConnectorProperties props(int perWindow, Duration window, int searches, Duration margin, int burst, long daily, int jiraPerSecond) {
        return ConnectorProperties.of(
                new ConnectorProperties.HubSpot("http://hubspot.test", null, null, null, null, null, null, null, null,
                        new ConnectorProperties.HubSpotRateLimit(perWindow, window, searches, margin, burst, daily, ZoneId.of("UTC"))),
                new ConnectorProperties.Jira("http://jira.test", null, null, null, new ConnectorProperties.JiraRateLimit(jiraPerSecond), null),
                null);
    }

    private static ApiRequest hubspot(String portal, ApiRequest.RateClass rateClass) {
        return ApiRequest.builder(ApiName.HUBSPOT, "OBJECT_READ", "GET", "http://hubspot.test", "/crm/v3/objects/deals/1")
                .rateClass(rateClass).account(portal).build();
    }

    private static ApiRequest jiraWrite(String issue) {
        return ApiRequest.builder(ApiName.JIRA, "ISSUE_EDIT", "PUT", "http://jira.test", "/rest/api/3/issue/" + issue)
                .account("jira.test").writeTarget(issue).build();
    }

    /** Every call as early as the bucket allows, a millisecond at a time; returns when each went (ms). */
    private static List<Long> greedyCalls(Bucket bucket, ManualClock clock, long forMillis) {
        return greedyCalls(bucket, clock, 0, forMillis);
    }

    private static List<Long> greedyCalls(Bucket bucket, ManualClock clock, long fromMillis, long toMillis) {
        List<Long> sent = new ArrayList<>();
        for (long ms = fromMillis; ms <= toMillis; ms++) {
            clock.nanos = TimeUnit.MILLISECONDS.toNanos(ms);
            while (bucket.tryConsume(1)) {
                sent.add(ms);
            }
        }
        return sent;
    }

    private static int busiestSpan(List<Long> sentMillis, long spanMillis) {
        int most = 0;
        int start = 0;
        for (int end = 0; end < sentMillis.size(); end++) {
            while (sentMillis.get(end) - sentMillis.get(start) >= spanMillis) {
                start++;
            }
            most = Math.max(most, end - start + 1);
        }
        return most;
    }

    @Test
    void hubSpotsTenSecondWindowIsNeverExceededInAnySpanAndTheBudgetStillSpendsNearlyAllOfIt() {
        ManualClock clock = new ManualClock();
        RateBudget.Limit window = RateBudget.rollingWindow("10s", 100, Duration.ofMillis(10_100), 5);
        Bucket bucket = new RateBudget.LocalBuckets(clock).bucket("hubspot:1:10s", window.configuration());

        List<Long> sent = greedyCalls(bucket, clock, 60_000);

        assertThat(busiestSpan(sent, 10_100)).as("calls within any 10.1 s (HubSpot's 10 s plus the margin)").isLessThanOrEqualTo(100);
        assertThat(busiestSpan(sent, 10_000)).as("calls within any 10 s").isLessThanOrEqualTo(100);
        // 5 at once, then 95 per 10.1 s: 60 s hold 5 + 95 * 60 / 10.1 = 569 calls, 95 % of HubSpot's 600
        assertThat(sent).hasSizeGreaterThanOrEqualTo(560);
        assertThat(sent.subList(0, 5)).as("the burst goes at once").containsOnly(0L);

        ManualClock defaults = new ManualClock();
        RateBudget.Limit byDefault = RateBudget.rollingWindow("10s", 100, Duration.ofMillis(10_100), 1);
        List<Long> one = greedyCalls(new RateBudget.LocalBuckets(defaults).bucket("hubspot:1:10s", byDefault.configuration()), defaults, 60_000);
        assertThat(busiestSpan(one, 10_000)).isLessThanOrEqualTo(100);
        // the default burst of 1, then 99 per 10.1 s: a token every 102.02 ms, taken here on the test clock's whole
        // milliseconds (every 103 ms): 1 + 60,000 / 103 = 583 calls in 60 s, 97 % of HubSpot's 600
        assertThat(one).hasSizeGreaterThanOrEqualTo(583);
    }

    @Test
    void aBucketRefilledWholeOncePerWindowWouldLetTwiceTheLimitThroughWhichIsWhyTheBudgetRefillsGreedily() {
        ManualClock clock = new ManualClock();
        Bucket intervally = Bucket.builder().withCustomTimePrecision(clock)
                .addLimit(limit -> limit.capacity(100).refillIntervally(100, Duration.ofSeconds(10))).build();
        // quiet until just before the refill, then as many as it lets through: the end of one period and the start of the next
        assertThat(busiestSpan(greedyCalls(intervally, clock, 9_900, 30_000), 10_000)).isEqualTo(200);
        clock.nanos = 0;
        Bucket budgets = new RateBudget.LocalBuckets(clock).bucket("hubspot:1:10s", RateBudget.rollingWindow("10s", 100, Duration.ofMillis(10_100), 5).configuration());
        assertThat(busiestSpan(greedyCalls(budgets, clock, 9_900, 30_000), 10_000)).as("the budget's bucket, called the same way").isLessThanOrEqualTo(100);
    }

    @Test
    void theSearchLimitIsNeverExceededInAnySecond() {
        ManualClock clock = new ManualClock();
        RateBudget.Limit search = RateBudget.rollingWindow("search", 5, Duration.ofMillis(1_050), 1);
        List<Long> sent = greedyCalls(new RateBudget.LocalBuckets(clock).bucket("hubspot:1:search", search.configuration()), clock, 20_000);
        assertThat(busiestSpan(sent, 1_050)).isLessThanOrEqualTo(5);
        assertThat(sent.size()).as("4 per 1.05 s after the first").isGreaterThanOrEqualTo(76);
    }

    @Test
    void theDailyLimitResetsAtMidnightInTheAccountsTimeZone() {
        ManualClock clock = new ManualClock();
        ZoneId eastern = ZoneId.of("US/Eastern");
        RateBudget.Limit daily = RateBudget.daily(3, eastern);
        Bucket bucket = new RateBudget.LocalBuckets(clock).bucket("hubspot:1:daily", daily.configuration());
        ZonedDateTime beforeMidnight = ZonedDateTime.of(2026, 12, 6, 23, 59, 0, 0, eastern);
        clock.nanos = TimeUnit.MILLISECONDS.toNanos(beforeMidnight.toInstant().toEpochMilli());
        assertThat(bucket.tryConsume(3)).isTrue();
        assertThat(bucket.tryConsume(1)).as("the day's 3 calls are spent").isFalse();
        clock.nanos += TimeUnit.SECONDS.toNanos(59);
        assertThat(bucket.tryConsume(1)).as("23:59:59 Eastern").isFalse();
        clock.nanos += TimeUnit.SECONDS.toNanos(2);
        assertThat(bucket.tryConsume(3)).as("after midnight Eastern (05:00 UTC)").isTrue();
    }

    @Test
    void aHubSpotCallWhoseDailyBudgetIsSpentIsNotSentAndSaysWhenItResumes() throws Exception {
        RateBudget budget = RateBudget.inMemory(props(100, Duration.ofSeconds(10), 5, Duration.ZERO, 5, 2, 10));
        budget.acquire(hubspot("1", ApiRequest.RateClass.STANDARD));
        budget.acquire(hubspot("1", ApiRequest.RateClass.SEARCH));
        assertThatThrownBy(() -> budget.acquire(hubspot("1", ApiRequest.RateClass.STANDARD)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.rateLimitHit()).isEqualTo(RateLimitHit.DAILY);
                    assertThat(e.getMessage()).contains("daily limit", "midnight UTC", "not sent");
                });
        budget.acquire(hubspot("2", ApiRequest.RateClass.STANDARD));
    }

    @Test
    void aDaily429SpendsTheDaysBudget() throws Exception {
        RateBudget budget = RateBudget.inMemory(props(100, Duration.ofSeconds(10), 5, Duration.ZERO, 5, 1000, 10));
        ApiRequest call = hubspot("1", ApiRequest.RateClass.STANDARD);
        budget.limitHit(call, new ApiException(ApiName.HUBSPOT, 429, "/x", "daily", false, null, null, false, RateLimitHit.DAILY));
        assertThatThrownBy(() -> budget.acquire(call)).isInstanceOf(ApiException.class).hasMessageContaining("daily limit");
    }

    @Test
    void aTenSecondly429PausesTheAccountsWindowForTheRetryAfterAndNotTheSearchBudgetOrAnotherAccount() throws Exception {
        RateBudget budget = RateBudget.inMemory(props(100, Duration.ofSeconds(10), 5, Duration.ZERO, 5, 0, 10));
        ApiRequest call = hubspot("1", ApiRequest.RateClass.STANDARD);
        budget.limitHit(call, new ApiException(ApiName.HUBSPOT, 429, "/x", "limited", true, Duration.ofMillis(600), null, false, RateLimitHit.RATE));
        long started = System.nanoTime();
        budget.acquire(hubspot("1", ApiRequest.RateClass.SEARCH));
        budget.acquire(hubspot("2", ApiRequest.RateClass.STANDARD));
        assertThat(millisSince(started)).as("search and another portal go at once").isLessThan(200);
        budget.acquire(call);
        assertThat(millisSince(started)).as("the paused window waits the Retry-After").isGreaterThanOrEqualTo(550);
    }

    @Test
    void jirasPerIssueWriteLimitHoldsBackWritesToThatIssueOnly() throws Exception {
        RateBudget budget = RateBudget.inMemory(props(100, Duration.ofSeconds(10), 5, Duration.ZERO, 5, 0, 100));
        budget.limitHit(jiraWrite("SUP-1"), new ApiException(ApiName.JIRA, 429, "/issue", "limited", true, Duration.ofMillis(500), null, false,
                RateLimitHit.WRITES_TO_ONE_RESOURCE));
        long started = System.nanoTime();
        budget.acquire(jiraWrite("SUP-2"));
        budget.acquire(ApiRequest.builder(ApiName.JIRA, "ISSUE_READ", "GET", "http://jira.test", "/rest/api/3/issue/SUP-1").account("jira.test").build());
        assertThat(millisSince(started)).as("another issue and a read go at once").isLessThan(200);
        budget.acquire(jiraWrite("SUP-1"));
        assertThat(millisSince(started)).isGreaterThanOrEqualTo(450);
    }

    @Test
    void onPostgresqlTwoInstancesSpendOneBudgetAndA429OneReceivesHoldsBackTheOther() throws Exception {
        var server = EmbeddedPostgresSupport.server();
        String db = "budget_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        new JdbcTemplate(server.getPostgresDatabase()).execute("CREATE DATABASE " + db);
        var dataSource = server.getDatabase("postgres", db);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        // 10 per (1 s + 200 ms margin) with a burst of 2, the same settings on both instances
        ConnectorProperties settings = props(10, Duration.ofSeconds(1), 5, Duration.ofMillis(200), 2, 0, 10);
        RateBudget first = new RateBudget(settings, dataSource);
        RateBudget second = new RateBudget(settings, dataSource);

        List<Long> sent = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        var pool = Executors.newFixedThreadPool(4);
        for (RateBudget instance : List.of(first, second, first, second)) {
            pool.submit(() -> {
                for (int i = 0; i < 8; i++) {
                    instance.acquire(hubspot("42", ApiRequest.RateClass.STANDARD));
                    sent.add(millisSince(start));
                }
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        List<Long> times = new ArrayList<>(sent);
        Collections.sort(times);
        assertThat(times).hasSize(32);
        // two instances alone would each send 10 per window: together they keep to the one budget
        assertThat(busiestSpan(times, 1_150)).isLessThanOrEqualTo(10);
        assertThat(new JdbcTemplate(dataSource).queryForList("SELECT id FROM api_rate_budget", String.class)).containsExactly("hubspot:42:10s");

        first.limitHit(hubspot("42", ApiRequest.RateClass.STANDARD),
                new ApiException(ApiName.HUBSPOT, 429, "/x", "limited", true, Duration.ofMillis(1500), null, false, RateLimitHit.RATE));
        long paused = System.nanoTime();
        second.acquire(hubspot("42", ApiRequest.RateClass.STANDARD));
        assertThat(millisSince(paused)).as("the other instance waits out the Retry-After too").isGreaterThanOrEqualTo(1_300);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static final String FREE_PORTAL = "12345678";
    static final String PROFESSIONAL_PORTAL = "87654321";

    /** Free limits for every portal (100 per 10 s, burst 5, 250,000 a day), Jira 10 per second, and the given overrides. */
    private static ConnectorProperties withOverrides(List<ConnectorProperties.PortalRateLimit> portals, long globalDaily,
                                                     List<ConnectorProperties.SiteRateLimit> sites) {
        return ConnectorProperties.of(
                new ConnectorProperties.HubSpot("http://hubspot.test", null, null, null, null, null, null, null, null,
                        new ConnectorProperties.HubSpotRateLimit(100, Duration.ofSeconds(10), 5, Duration.ofMillis(100), 5, globalDaily,
                                ZoneId.of("UTC"), portals)),
                new ConnectorProperties.Jira("https://jira.test", null, null, null, new ConnectorProperties.JiraRateLimit(10, sites), null),
                null);
    }

    private static ApiRequest jira(String site) {
        return ApiRequest.builder(ApiName.JIRA, "ISSUE_READ", "GET", "https://" + site, "/rest/api/3/issue/SUP-1")
                .account(ApiBaseUrls.jiraSiteAccount("https://" + site)).build();
    }

    @Test
    void aProfessionalPortalSpendsItsOwn190PerWindowWhileTheFreePortalBesideItKeeps100() throws Exception {
        ManualClock clock = new ManualClock();
        RateBudget.LocalBuckets buckets = new RateBudget.LocalBuckets(clock);
        RateBudget budget = new RateBudget(withOverrides(List.of(new ConnectorProperties.PortalRateLimit(Long.valueOf(PROFESSIONAL_PORTAL),
                190, null, 625_000L)), 250_000, List.of()), buckets);
        budget.acquire(hubspot(FREE_PORTAL, ApiRequest.RateClass.STANDARD));
        budget.acquire(hubspot(PROFESSIONAL_PORTAL, ApiRequest.RateClass.STANDARD));

        // the buckets the budget made for each portal, called as fast as they allow for a minute
        List<Long> free = greedyCalls(buckets.bucket("hubspot:" + FREE_PORTAL + ":10s", null), clock, 60_000);
        clock.nanos = 0;
        List<Long> professional = greedyCalls(buckets.bucket("hubspot:" + PROFESSIONAL_PORTAL + ":10s", null), clock, 60_000);

        assertThat(busiestSpan(free, 10_000)).as("the Free portal's 10 s").isLessThanOrEqualTo(100);
        assertThat(free).as("95 per 10.1 s: the Free portal is not given the Professional one's limit").hasSizeBetween(560, 580);
        assertThat(busiestSpan(professional, 10_000)).as("the Professional portal's 10 s").isLessThanOrEqualTo(190);
        // 4 left of the burst, then 185 per 10.1 s: 4 + 185 * 60 / 10.1 = 1,103 in 60 s; the global 100 would allow 569
        assertThat(professional).as("the Professional portal spends its own limit").hasSizeGreaterThanOrEqualTo(1_090);

        assertThat(budget.hubspotDailyRemaining(PROFESSIONAL_PORTAL)).hasValue(625_000 - 1);
        assertThat(budget.hubspotDailyRemaining(FREE_PORTAL)).hasValue(250_000 - 1);
        assertThat(budget.limits().hubspot(PROFESSIONAL_PORTAL))
                .as("search-per-second is not set for the portal: the global one")
                .isEqualTo(new AccountLimits.HubSpot(190, Duration.ofSeconds(10), 5, 625_000));
        assertThat(budget.limits().hubspot(FREE_PORTAL)).isEqualTo(new AccountLimits.HubSpot(100, Duration.ofSeconds(10), 5, 250_000));
    }

    @Test
    void aPortalsOwnDailyLimitStopsThatPortalAloneEvenWhenTheGlobalDailyLimitIsNotCounted() throws Exception {
        RateBudget budget = RateBudget.inMemory(withOverrides(List.of(new ConnectorProperties.PortalRateLimit(Long.valueOf(PROFESSIONAL_PORTAL),
                null, null, 2L)), 0, List.of()));
        budget.acquire(hubspot(PROFESSIONAL_PORTAL, ApiRequest.RateClass.STANDARD));
        budget.acquire(hubspot(PROFESSIONAL_PORTAL, ApiRequest.RateClass.SEARCH));
        assertThatThrownBy(() -> budget.acquire(hubspot(PROFESSIONAL_PORTAL, ApiRequest.RateClass.STANDARD)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.rateLimitHit()).isEqualTo(RateLimitHit.DAILY))
                .hasMessageContaining(PROFESSIONAL_PORTAL);
        for (int i = 0; i < 3; i++) {
            budget.acquire(hubspot(FREE_PORTAL, ApiRequest.RateClass.STANDARD));
        }
        assertThat(budget.hubspotDailyRemaining(FREE_PORTAL)).as("the global daily limit is 0: not counted").isEmpty();
        assertThat(budget.hubspotDailyRemaining(PROFESSIONAL_PORTAL)).hasValue(0);
    }

    @Test
    void a429PausesAProfessionalPortalForItsRetryAfterAtItsOwnRate() throws Exception {
        ManualClock clock = new ManualClock();
        RateBudget.LocalBuckets buckets = new RateBudget.LocalBuckets(clock);
        RateBudget budget = new RateBudget(withOverrides(List.of(new ConnectorProperties.PortalRateLimit(Long.valueOf(PROFESSIONAL_PORTAL),
                190, null, null)), 0, List.of()), buckets);
        budget.limitHit(hubspot(PROFESSIONAL_PORTAL, ApiRequest.RateClass.STANDARD),
                new ApiException(ApiName.HUBSPOT, 429, "/x", "limited", true, Duration.ofSeconds(1), null, false, RateLimitHit.RATE));
        List<Long> sent = greedyCalls(buckets.bucket("hubspot:" + PROFESSIONAL_PORTAL + ":10s", null), clock, 2_000);
        // spent ahead: what 185 per 10.1 s refills in 1 s (19 tokens); the global 95 per 10.1 s would spend 10, and the
        // Professional portal's bucket would let the next call go after 0.6 s
        assertThat(sent.get(0)).as("the first call after the 429 waits the Retry-After").isBetween(1_000L, 1_100L);
    }

    @Test
    void aSitesOwnLimitIsFoundByItsUrlAsTheJiraClientNamesTheSite() throws Exception {
        ManualClock clock = new ManualClock();
        RateBudget.LocalBuckets buckets = new RateBudget.LocalBuckets(clock);
        String gateway = "api.atlassian.com/ex/jira/3f1b2c4d-0000-4000-8000-00000000abcd";
        RateBudget budget = new RateBudget(withOverrides(List.of(), 0, List.of(
                new ConnectorProperties.SiteRateLimit("https://ACME-EU.atlassian.net/", 20),
                new ConnectorProperties.SiteRateLimit("https://" + gateway, 30))), buckets);
        budget.acquire(jira("acme-eu.atlassian.net"));
        budget.acquire(jira("acme-us.atlassian.net"));
        budget.acquire(jira(gateway));

        assertThat(buckets.bucket("jira:acme-eu.atlassian.net:rate", null).getAvailableTokens()).as("20 per second, one spent").isEqualTo(19);
        assertThat(buckets.bucket("jira:acme-us.atlassian.net:rate", null).getAvailableTokens()).as("the global 10, one spent").isEqualTo(9);
        assertThat(buckets.bucket("jira:" + gateway + ":rate", null).getAvailableTokens()).isEqualTo(29);
        assertThat(budget.limits().jira(ApiBaseUrls.jiraSiteAccount("https://acme-eu.atlassian.net"))).isEqualTo(new AccountLimits.Jira(20));
    }

    @Test
    void aSiteEntryMustBeAnHttpsSiteUrlNamedOnceAndLoopbackHttpOnlyWhereTheSettingAllowsIt() {
        assertThatThrownBy(() -> RateBudget.inMemory(withOverrides(List.of(), 0, List.of(
                new ConnectorProperties.SiteRateLimit("http://acme-eu.atlassian.net", 20)))))
                .hasMessageContaining("connector.jira.rate-limit.sites[0].site").hasMessageContaining("https://");
        assertThatThrownBy(() -> RateBudget.inMemory(withOverrides(List.of(), 0, List.of(
                new ConnectorProperties.SiteRateLimit("acme-eu.atlassian.net", 20)))))
                .hasMessageContaining("connector.jira.rate-limit.sites[0].site");
        assertThatThrownBy(() -> RateBudget.inMemory(withOverrides(List.of(), 0, List.of(
                new ConnectorProperties.SiteRateLimit("https://acme-eu.atlassian.net", 20),
                new ConnectorProperties.SiteRateLimit("https://acme-eu.atlassian.net/", 30)))))
                .hasMessageContaining("connector.jira.rate-limit.sites[1].site").hasMessageContaining("acme-eu.atlassian.net")
                .hasMessageContaining("sites[0]");
        assertThatThrownBy(() -> RateBudget.inMemory(withOverrides(List.of(), 0, List.of(
                new ConnectorProperties.SiteRateLimit("http://127.0.0.1:8089", 20)))))
                .as("loopback http without connector.http.allow-loopback-base-urls").hasMessageContaining("sites[0].site");

        ConnectorProperties simulators = withOverrides(List.of(), 0, List.of(new ConnectorProperties.SiteRateLimit("http://127.0.0.1:8089", 20)));
        ConnectorProperties allowing = new ConnectorProperties(simulators.hubspot(), simulators.jira(), new ConnectorProperties.Http(null, null, true),
                null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(RateBudget.inMemory(allowing).limits().jira("127.0.0.1:8089")).isEqualTo(new AccountLimits.Jira(20));
    }

    @Test
    void theBudgetsKeyNamesTheApiTheAccountAndTheLimit() {
        assertThat(RateBudget.key(hubspot("12345678", ApiRequest.RateClass.STANDARD), "10s")).isEqualTo("hubspot:12345678:10s");
        assertThat(RateBudget.key(jiraWrite("SUP-1"), "rate")).isEqualTo("jira:jira.test:rate");
    }
}
