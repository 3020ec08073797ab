package io.hubjira.http;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.hubjira.config.ConnectorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The API rate budget: one set of buckets per API account (a HubSpot portal, a Jira site), keyed like
 * {@code hubspot:<portal>:10s}, spent by every call before it is sent and paused by every 429. On PostgreSQL the
 * buckets are rows of {@code api_rate_budget} (Bucket4j's PostgreSQL proxy manager: each call takes a row lock, reads
 * the bucket, writes it back), so every instance on the database spends one budget and a 429 one instance receives
 * holds back all of them; on H2 (a single instance) they are Bucket4j's in-memory buckets. Each account is held to
 * its own limits where the settings give it some (a Professional portal beside a Free one), else to the global ones
 * ({@link AccountLimits}).
 *
 * <p>HubSpot counts a rolling window (100 requests in any 10 s; 5 searches in any second). A token bucket of capacity
 * {@code C} refilled at {@code r} per second lets at most {@code C + r·T} requests through in any span {@code T}, so each
 * HubSpot bucket holds {@code burst} tokens and refills the window's other {@code N − burst} over the window plus the
 * margin: never more than {@code N} in any window, HubSpot's included. A bucket refilled "intervally" (N at once per
 * window) would let 2·N through across a refill. The daily limit resets at midnight in the account's time zone: that
 * bucket is refilled once a day, aligned to that midnight. Jira's burst limits are token buckets themselves:
 * {@code requests-per-second} of capacity, refilled at that rate.
 *
 * <p>Jira's per-issue write limit ({@code jira-per-issue-on-write}) pauses writes to that one issue in this instance
 * only: an issue's work is claimed by one instance at a time, and keeping a row per issue ever written in the shared
 * table would cost a database round trip per write for a limit that is rarely met.
 */
@Component
public class RateBudget {

    static final String TABLE = "api_rate_budget";
    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(RateBudget.class);

    /** One limit: its key suffix, its bucket, and how many tokens refill per period (for pauses). */
    record Limit(String suffix, BucketConfiguration configuration, long refillTokens, Duration refillPeriod) {

        /** Tokens that refill in {@code wait}: spending them ahead makes the next calls wait that long. */
        long tokensFor(Duration wait) {
            return Math.max(1, (long) Math.ceil((double) refillTokens * wait.toNanos() / refillPeriod.toNanos()));
        }
    }

    /** Where the buckets live. */
    interface Buckets {
        Bucket bucket(String key, BucketConfiguration configuration);

        String description();
    }

    /** The buckets of one HubSpot account's limits (the daily one null when the daily limit is not counted). */
    private record HubSpotLimits(Limit window, Limit search, Limit daily) {}

    private final Buckets buckets;
    private final AccountLimits limits;
    private final Duration hubspotMargin;
    private final int hubspotBurst;
    private final ZoneId dailyResetZone;
    private final Map<AccountLimits.HubSpot, HubSpotLimits> hubspotLimits = new ConcurrentHashMap<>();
    private final Map<AccountLimits.Jira, Limit> jiraLimits = new ConcurrentHashMap<>();
    private final Map<String, Long> resourcePausedUntil = new ConcurrentHashMap<>();

    @Autowired
    public RateBudget(ConnectorProperties props, DataSource dataSource) {
        this(props, isPostgres(dataSource) ? new SharedBuckets(dataSource) : new LocalBuckets(TimeMeter.SYSTEM_MILLISECONDS));
    }

    RateBudget(ConnectorProperties props, Buckets buckets) {
        this.buckets = buckets;
        this.limits = new AccountLimits(props);
        ConnectorProperties.HubSpotRateLimit hubspot = props.hubspot() == null ? new ConnectorProperties.HubSpotRateLimit(100,
                Duration.ofSeconds(10), 5, null) : props.hubspot().rateLimit();
        this.hubspotMargin = hubspot.margin();
        this.hubspotBurst = hubspot.burst();
        this.dailyResetZone = hubspot.dailyResetZone();
        log.info("API rate budget: {}", buckets.description());
    }

    /** The limits each account is held to (its own where the settings give it some, else the global ones). */
    public AccountLimits limits() {
        return limits;
    }

    /** A budget of this JVM alone (tests, and H2). */
    public static RateBudget inMemory(ConnectorProperties props) {
        return new RateBudget(props, new LocalBuckets(TimeMeter.SYSTEM_MILLISECONDS));
    }

    /**
     * At most {@code permits} calls in any {@code span}: {@code burst} at once, the others refilled evenly over the span.
     * (With one permit the bucket refills one per span: the window is as strict as a token bucket can be.)
     */
    static Limit rollingWindow(String suffix, int permits, Duration span, int burst) {
        int capacity = Math.max(1, Math.min(burst, permits - 1));
        long refill = Math.max(1, permits - capacity);
        Bandwidth bandwidth = Bandwidth.builder().capacity(capacity).refillGreedy(refill, span).initialTokens(capacity).build();
        return new Limit(suffix, BucketConfiguration.builder().addLimit(bandwidth).build(), refill, span);
    }

    /** The daily limit, refilled whole at every midnight of the zone (anchored on a fixed past midnight, the same on every instance). */
    static Limit daily(long perDay, ZoneId zone) {
        var anchor = LocalDate.of(2020, 1, 1).atStartOfDay(zone).toInstant();
        Bandwidth bandwidth = Bandwidth.builder().capacity(perDay).refillIntervallyAligned(perDay, Duration.ofDays(1), anchor)
                .initialTokens(perDay).build();
        return new Limit("daily", BucketConfiguration.builder().addLimit(bandwidth).build(), perDay, Duration.ofDays(1));
    }

    /**
     * Waits until this call may be sent within its account's budget. A HubSpot call whose daily budget is spent is not
     * sent: it fails at once, as HubSpot's own daily 429 would, until the budget resets at midnight.
     */
    public void acquire(ApiRequest request) throws InterruptedException {
        if (request.rateClass() == ApiRequest.RateClass.NONE) {
            return;
        }
        if (request.api() == ApiName.HUBSPOT) {
            HubSpotLimits hubspot = hubspot(request.account());
            if (hubspot.daily() != null && !bucket(request, hubspot.daily()).tryConsume(1)) {
                throw new ApiException(ApiName.HUBSPOT, 429, request.endpoint(), "HubSpot's daily limit for account " + account(request)
                        + " is spent (as counted by every instance, or as HubSpot answered); calls resume at midnight " + dailyResetZone
                        + ". The call was not sent.", false, null, null, false, RateLimitHit.DAILY);
            }
            Limit limit = request.rateClass() == ApiRequest.RateClass.SEARCH ? hubspot.search() : hubspot.window();
            bucket(request, limit).asBlocking().consume(1);
        } else {
            waitForResource(request);
            bucket(request, jira(request.account())).asBlocking().consume(1);
        }
    }

    /**
     * A 429 arrived: the budget it names waits as long as the API asked (Retry-After, else the limit's own period), for
     * every instance sharing it; HubSpot's daily 429 spends the day's budget; Jira's per-issue limit holds back that issue.
     */
    public void limitHit(ApiRequest request, ApiException error) {
        RateLimitHit hit = error.rateLimitHit();
        if (hit == null) {
            return;
        }
        Duration wait = error.retryAfter();
        if (wait != null && wait.compareTo(LONGEST_PAUSE) > 0) {
            wait = LONGEST_PAUSE;
        }
        switch (hit) {
            case DAILY -> {
                Limit daily = hubspot(request.account()).daily();
                if (daily != null) {
                    bucket(request, daily).tryConsumeAsMuchAsPossible();
                }
            }
            case SEARCH -> pause(request, hubspot(request.account()).search(), wait == null ? Duration.ofSeconds(1) : wait);
            case WRITES_TO_ONE_RESOURCE -> {
                if (request.writeTarget() == null) {
                    pause(request, jira(request.account()), wait == null ? Duration.ofSeconds(1) : wait);
                } else {
                    long until = System.nanoTime() + (wait == null ? Duration.ofSeconds(1) : wait).toNanos();
                    resourcePausedUntil.merge(resourceKey(request), until, Math::max);
                }
            }
            case RATE -> {
                Limit limit = request.api() == ApiName.HUBSPOT ? hubspot(request.account()).window() : jira(request.account());
                pause(request, limit, wait == null ? limit.refillPeriod() : wait);
            }
        }
        log.warn("{} answered 429 ({}) on {}: {} waits {}", request.api().tag(), hit, request.endpoint(),
                hit == RateLimitHit.WRITES_TO_ONE_RESOURCE && request.writeTarget() != null ? "writes to " + request.writeTarget()
                        : "the budget of account " + account(request), hit == RateLimitHit.DAILY ? "until midnight " + dailyResetZone : wait);
    }

    /** The budget's key for a limit of the request's account, e.g. {@code hubspot:12345678:10s}. */
    static String key(ApiRequest request, String suffix) {
        return request.api().tag() + ":" + account(request) + ":" + suffix;
    }

    private static String account(ApiRequest request) {
        return accountKey(request.account());
    }

    /** An API account as the budget names it: lower case, "default" when the call names none. */
    public static String accountKey(String account) {
        return account == null || account.isBlank() ? "default" : account.toLowerCase(Locale.ROOT);
    }

    /**
     * What is left of a HubSpot account's daily budget, as counted by every instance sharing it (empty when the daily
     * limit is not counted: {@code connector.hubspot.rate-limit.daily} 0). Reading it spends nothing.
     */
    public java.util.OptionalLong hubspotDailyRemaining(String account) {
        Limit daily = hubspot(account).daily();
        if (daily == null) {
            return java.util.OptionalLong.empty();
        }
        String key = ApiName.HUBSPOT.tag() + ":" + accountKey(account) + ":" + daily.suffix();
        return java.util.OptionalLong.of(buckets.bucket(key, daily.configuration()).getAvailableTokens());
    }

    /** The buckets of a HubSpot account's limits (accounts with the same limits share the configurations, not the buckets). */
    private HubSpotLimits hubspot(String account) {
        return hubspotLimits.computeIfAbsent(limits.hubspot(account), l -> new HubSpotLimits(
                rollingWindow("10s", l.requestsPerWindow(), l.window().plus(hubspotMargin), hubspotBurst),
                rollingWindow("search", l.searchPerSecond(), Duration.ofSeconds(1).plus(hubspotMargin.dividedBy(2)), 1),
                l.daily() > 0 ? daily(l.daily(), dailyResetZone) : null));
    }

    /** The bucket of a Jira account's limit: {@code requests-per-second} of capacity, refilled at that rate. */
    private Limit jira(String account) {
        return jiraLimits.computeIfAbsent(limits.jira(account), l -> new Limit("rate", BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(l.requestsPerSecond()).refillGreedy(l.requestsPerSecond(), Duration.ofSeconds(1)).build())
                .build(), l.requestsPerSecond(), Duration.ofSeconds(1)));
    }

    private Bucket bucket(ApiRequest request, Limit limit) {
        return buckets.bucket(key(request, limit.suffix()), limit.configuration());
    }

    /** Empties the bucket and spends ahead what refills in {@code wait}: the next call of any instance waits that long. */
    private void pause(ApiRequest request, Limit limit, Duration wait) {
        Bucket bucket = bucket(request, limit);
        bucket.tryConsumeAsMuchAsPossible();
        bucket.consumeIgnoringRateLimits(limit.tokensFor(wait));
    }

    private String resourceKey(ApiRequest request) {
        return key(request, "writes:" + request.writeTarget());
    }

    private void waitForResource(ApiRequest request) throws InterruptedException {
        if (request.writeTarget() == null || resourcePausedUntil.isEmpty()) {
            return;
        }
        Long until = resourcePausedUntil.get(resourceKey(request));
        if (until == null) {
            return;
        }
        long wait = until - System.nanoTime();
        if (wait <= 0) {
            resourcePausedUntil.remove(resourceKey(request), until);
            return;
        }
        TimeUnit.NANOSECONDS.sleep(wait);
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("the database could not be reached to set up the API rate budget", e);
        }
    }

    /** Bucket4j's in-memory buckets: one instance (H2). */
    static final class LocalBuckets implements Buckets {
        private final TimeMeter clock;
        private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

        LocalBuckets(TimeMeter clock) {
            this.clock = clock;
        }

        @Override
        public Bucket bucket(String key, BucketConfiguration configuration) {
            return buckets.computeIfAbsent(key, k -> {
                var builder = Bucket.builder().withCustomTimePrecision(clock);
                for (Bandwidth b : configuration.getBandwidths()) {
                    builder.addLimit(b);
                }
                return builder.build();
            });
        }

        @Override
        public String description() {
            return "in memory (this instance alone)";
        }
    }

    /**
     * Bucket4j's PostgreSQL proxy manager (SELECT … FOR UPDATE on the bucket's row) over {@code api_rate_budget}: every
     * instance on the database spends the same buckets. A bucket whose stored limits differ from this instance's
     * settings (they were changed) takes the new ones, keeping what it had spent.
     */
    static final class SharedBuckets implements Buckets {
        private final ProxyManager<String> proxies;
        private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

        SharedBuckets(DataSource dataSource) {
            this.proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table(TABLE)
                    .idColumn("id")
                    .stateColumn("state")
                    .build();
        }

        @Override
        public Bucket bucket(String key, BucketConfiguration configuration) {
            return buckets.computeIfAbsent(key, k -> {
                Bucket bucket = proxies.builder().build(k, () -> configuration);
                proxies.getProxyConfiguration(k).filter(stored -> !stored.equals(configuration))
                        .ifPresent(stored -> bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.AS_IS));
                return bucket;
            });
        }

        @Override
        public String description() {
            return "shared by every instance through the database (table " + TABLE + ")";
        }
    }
}
