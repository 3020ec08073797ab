package io.hubjira.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The connector's configuration contract: every key lives in application.yaml under {@code connector}. */
@ConfigurationProperties(prefix = "connector")
public record ConnectorProperties(
        HubSpot hubspot,
        Jira jira,
        Http http,
        Poll poll,
        Security security,
        Secrets secrets,
        Claims claims,
        Retry retry,
        Inbox inbox,
        Sync sync,
        Attachments attachments,
        Webhooks webhooks,
        Metadata metadata,
        People people,
        Console console,
        Api api) {

    /** Missing sections get the defaults application.yaml documents (tests build partial settings). */
    public ConnectorProperties {
        http = http == null ? new Http(null, null, false) : http;
        poll = poll == null ? new Poll(null, null, null) : poll;
        claims = claims == null ? new Claims(null, null) : claims;
        retry = retry == null ? new Retry(0, null, null, 0, null) : retry;
        inbox = inbox == null ? new Inbox(null, 0) : inbox;
        sync = sync == null ? new Sync(null, null, null) : sync;
        attachments = attachments == null ? new Attachments(0) : attachments;
        webhooks = webhooks == null ? new Webhooks(0, null) : webhooks;
        metadata = metadata == null ? new Metadata(null) : metadata;
        people = people == null ? new People(0, null) : people;
        console = console == null ? new Console(null, 0, null) : console;
        api = api == null ? new Api(0) : api;
    }

    /** Settings for the parts under test, the documented defaults for the rest. */
    public static ConnectorProperties of(HubSpot hubspot, Jira jira, Retry retry) {
        return new ConnectorProperties(hubspot, jira, null, null, null, null, null, retry, null, null, null, null, null, null, null, null);
    }

    /**
     * @param apiVersion which generation of HubSpot's paths to call: 2026-03 (default), 2026-09 or legacy
     * @param tokenKind  what the start-up token is, as the admin declares it (SERVICE_KEY, PROJECT_APP, PRIVATE_APP)
     */
    /** @param webhookBatchWindow how often queued HubSpot changes are taken */
    public record HubSpot(String baseUrl, String apiVersion, String portalId, String token, String tokenKind, OAuth oauth,
                          String webhookSecret, String webhookUrl, Duration webhookBatchWindow, HubSpotRateLimit rateLimit) {
        public HubSpot {
            webhookBatchWindow = webhookBatchWindow == null ? Duration.ofSeconds(1) : webhookBatchWindow;
            rateLimit = rateLimit == null ? new HubSpotRateLimit(100, Duration.ofSeconds(10), 5, Duration.ofMillis(100)) : rateLimit;
        }

        public boolean hasStartupCredentials() {
            return notBlank(portalId) && notBlank(token);
        }

        @Override
        public String toString() {
            return "HubSpot[baseUrl=" + baseUrl + ", apiVersion=" + apiVersion + ", portalId=" + portalId + ", token="
                    + (notBlank(token) ? "****" : "") + ", webhookSecret=" + (notBlank(webhookSecret) ? "****" : "") + "]";
        }
    }

    /** @param stateTtl how long the {@code state} of an authorize URL may come back with HubSpot's code (single use) */
    public record OAuth(String authorizeUrl, Duration refreshSkew, String refreshCron, Duration stateTtl) {
        public OAuth {
            refreshSkew = refreshSkew == null ? Duration.ofMinutes(5) : refreshSkew;
            refreshCron = refreshCron == null ? "0 * * * * ?" : refreshCron;
            stateTtl = stateTtl == null ? Duration.ofMinutes(10) : stateTtl;
        }
    }

    /**
     * HubSpot's limits as the shared rate budget spends them (see application.yaml).
     *
     * @param margin         how much wider than HubSpot's window the client's window is (clock skew, requests in flight)
     * @param burst          how many of a window's requests may go at once after a quiet spell; the others are spread evenly
     * @param daily          the account's daily limit (0: not counted)
     * @param dailyResetZone the time zone whose midnight resets the daily limit (the HubSpot account's)
     * @param portals        portals with limits of their own (another tier, limit increase packs); the others take these
     */
    public record HubSpotRateLimit(int requestsPerWindow, Duration window, int searchPerSecond, Duration margin, int burst, Long daily,
                                   java.time.ZoneId dailyResetZone, java.util.List<PortalRateLimit> portals) {
        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public HubSpotRateLimit {
            margin = margin == null ? Duration.ofMillis(100) : margin;
            burst = burst <= 0 ? 1 : burst;
            daily = daily == null ? 250_000L : daily;
            dailyResetZone = dailyResetZone == null ? java.time.ZoneOffset.UTC : dailyResetZone;
            portals = portals == null ? java.util.List.of() : java.util.List.copyOf(portals);
            java.util.Map<Long, Integer> seen = new java.util.HashMap<>();
            for (int i = 0; i < portals.size(); i++) {
                PortalRateLimit p = portals.get(i);
                String entry = "connector.hubspot.rate-limit.portals[" + i + "]";
                if (p.portalId() == null || p.portalId() <= 0) {
                    throw new IllegalArgumentException(entry + ".portal-id is required: the HubSpot portal (account) id whose limits the entry sets");
                }
                Integer earlier = seen.putIfAbsent(p.portalId(), i);
                if (earlier != null) {
                    throw new IllegalArgumentException(entry + " lists portal " + p.portalId() + " again (already connector.hubspot.rate-limit.portals["
                            + earlier + "]): a portal has one set of limits");
                }
                positive(entry + " (portal " + p.portalId() + ") requests-per-window", p.requestsPerWindow());
                positive(entry + " (portal " + p.portalId() + ") search-per-second", p.searchPerSecond());
                positive(entry + " (portal " + p.portalId() + ") daily", p.daily());
            }
        }

        /** Without per-portal limits (tests). */
        public HubSpotRateLimit(int requestsPerWindow, Duration window, int searchPerSecond, Duration margin, int burst, Long daily,
                                java.time.ZoneId dailyResetZone) {
            this(requestsPerWindow, window, searchPerSecond, margin, burst, daily, dailyResetZone, null);
        }

        /** The window and search limits, the documented defaults for the rest (tests). */
        public HubSpotRateLimit(int requestsPerWindow, Duration window, int searchPerSecond, Duration margin) {
            this(requestsPerWindow, window, searchPerSecond, margin, 0, null, null, null);
        }
    }

    /**
     * One portal's own HubSpot limits; a limit left unset is the global one.
     *
     * @param daily the portal's calls per day (its tier plus its API limit increase packs)
     */
    public record PortalRateLimit(Long portalId, Integer requestsPerWindow, Integer searchPerSecond, Long daily) {}

    /**
     * @param searchConsistency how long Jira's search may lag behind a write: a create whose answer was lost is sent again
     *                          only once its marker has been absent from search for longer than this (counted from the
     *                          first search that missed it); until then its reservation waits and each poll looks again
     */
    public record Jira(String baseUrl, String email, String apiToken, String webhookSecret, JiraRateLimit rateLimit,
                       Duration searchConsistency) {
        public Jira {
            searchConsistency = searchConsistency == null ? Duration.ofMinutes(2) : searchConsistency;
        }

        public boolean hasStartupCredentials() {
            return notBlank(baseUrl) && notBlank(email) && notBlank(apiToken);
        }

        @Override
        public String toString() {
            return "Jira[baseUrl=" + baseUrl + ", email=" + email + ", apiToken=" + (notBlank(apiToken) ? "****" : "")
                    + ", webhookSecret=" + (notBlank(webhookSecret) ? "****" : "") + "]";
        }
    }

    /** @param sites Jira sites with a limit of their own (another plan); the others take requestsPerSecond */
    public record JiraRateLimit(int requestsPerSecond, java.util.List<SiteRateLimit> sites) {
        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public JiraRateLimit {
            sites = sites == null ? java.util.List.of() : java.util.List.copyOf(sites);
            for (int i = 0; i < sites.size(); i++) {
                SiteRateLimit s = sites.get(i);
                String entry = "connector.jira.rate-limit.sites[" + i + "]";
                if (!notBlank(s.site())) {
                    throw new IllegalArgumentException(entry + ".site is required: the Jira site whose limit the entry sets, e.g. "
                            + "https://your-site.atlassian.net");
                }
                positive(entry + " (" + s.site() + ") requests-per-second", s.requestsPerSecond());
            }
        }

        /** Without per-site limits (tests). */
        public JiraRateLimit(int requestsPerSecond) {
            this(requestsPerSecond, null);
        }
    }

    /** One Jira site's own limit; unset, the global one. The site is its base URL, as a connection to it names it. */
    public record SiteRateLimit(String site, Integer requestsPerSecond) {}

    /** A per-account limit that is set must be a positive number (unset: the global limit). */
    private static void positive(String what, Number value) {
        if (value != null && value.longValue() <= 0) {
            throw new IllegalArgumentException(what + " must be a positive number; got " + value + " (leave it out to use the global limit)");
        }
    }

    /**
     * @param allowLoopbackBaseUrls whether HubSpot and Jira base URLs on a loopback host may use plain http and any path:
     *                              the built-in simulators of the demo and the tests, never a real service
     */
    public record Http(Duration connectTimeout, Duration readTimeout, boolean allowLoopbackBaseUrls) {
        public Http {
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
            readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
        }
    }

    /**
     * The one retry policy (see application.yaml): {@code attempts} tries per API call with exponential backoff, then
     * {@code laterAttempts} tries of the record or event by its flow, {@code laterBackoff} doubling, then a dead letter.
     */
    public record Retry(int attempts, Duration initialBackoff, Duration maxBackoff, int laterAttempts, Duration laterBackoff) {
        public Retry {
            attempts = attempts <= 0 ? 6 : attempts;
            initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
            laterAttempts = laterAttempts <= 0 ? 5 : laterAttempts;
            laterBackoff = laterBackoff == null ? Duration.ofSeconds(2) : laterBackoff;
        }

        /** How long a record or event waits before its n-th later try (n from 1): laterBackoff doubling, at most an hour. */
        public Duration laterDelay(int n) {
            Duration d = laterBackoff.multipliedBy(1L << Math.min(20, Math.max(0, n - 1)));
            return d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d;
        }
    }

    /** @param overlap how far before its watermark each poll starts again (HubSpot's search index lags) */
    /** @param archiveCheckCron when the linked records of items with archive handling are checked for archived ones */
    public record Poll(String cron, Duration overlap, String archiveCheckCron) {
        public Poll {
            cron = cron == null ? "0 0/5 * * * ?" : cron;
            archiveCheckCron = archiveCheckCron == null ? "0 7 * * * ?" : archiveCheckCron;
            overlap = overlap == null ? Duration.ofMinutes(2) : overlap;
        }
    }

    /** @param pollDelay how often the inbox is looked at; one cycle claims the open events of up to batchIssues issues */
    public record Inbox(Duration pollDelay, int batchIssues) {
        public Inbox {
            pollDelay = pollDelay == null ? Duration.ofMillis(500) : pollDelay;
            batchIssues = batchIssues <= 0 ? 50 : batchIssues;
        }
    }

    /**
     * @param idempotencyRetention how long synced record versions are remembered
     * @param connectionRecheck    how long an instance calls with its copy of a saved connection before reading the row
     *                             again (another instance may have reconnected, or refreshed an OAuth token); 0: every call
     */
    public record Sync(Duration idempotencyRetention, String idempotencyCleanupCron, Duration connectionRecheck) {
        public Sync {
            connectionRecheck = connectionRecheck == null || connectionRecheck.isNegative() ? Duration.ofSeconds(10) : connectionRecheck;
            idempotencyRetention = idempotencyRetention == null ? Duration.ofDays(30) : idempotencyRetention;
            idempotencyCleanupCron = idempotencyCleanupCron == null ? "0 30 3 * * ?" : idempotencyCleanupCron;
        }
    }

    public record Attachments(long maxBytes) {
        public Attachments {
            maxBytes = maxBytes <= 0 ? 10L * 1024 * 1024 : maxBytes;
        }
    }

    /**
     * @param maxBodyBytes a delivery larger than this is refused with 413, counted while its body is read
     * @param replayWindow a Jira delivery whose body (SHA-256) was taken this recently is a replay and is not stored
     *                     again, whatever its delivery id (Jira's signature covers the body, not the id)
     */
    public record Webhooks(long maxBodyBytes, Duration replayWindow) {
        public Webhooks {
            maxBodyBytes = maxBodyBytes <= 0 ? 5L * 1024 * 1024 : maxBodyBytes;
            replayWindow = replayWindow == null ? Duration.ofHours(24) : replayWindow;
        }
    }

    /** @param maxBodyBytes every request body but the webhooks' (admin and panel API, OAuth callback, Jolokia): 413 beyond it */
    public record Api(long maxBodyBytes) {
        public Api {
            maxBodyBytes = maxBodyBytes <= 0 ? 1024L * 1024 : maxBodyBytes;
        }
    }

    /**
     * The operator console.
     *
     * @param usageHistory      how long the per-minute API call samples behind the charts are kept
     * @param hubspotDailyLimit the portal's daily HubSpot API limit, for the chart when HubSpot's answers do not report
     *                          it (they do not for OAuth calls)
     * @param stalledAfter      a poll whose progress has not moved for this long shows as stalled (its instance stopped)
     */
    public record Console(Duration usageHistory, long hubspotDailyLimit, Duration stalledAfter) {
        public Console {
            usageHistory = usageHistory == null ? Duration.ofDays(8) : usageHistory;
            hubspotDailyLimit = hubspotDailyLimit <= 0 ? 250_000 : hubspotDailyLimit;
            stalledAfter = stalledAfter == null ? Duration.ofMinutes(10) : stalledAfter;
        }
    }

    public record Metadata(Duration cacheTtl) {
        public Metadata {
            cacheTtl = cacheTtl == null ? Duration.ofMinutes(5) : cacheTtl;
        }
    }

    /**
     * @param cacheSize how many owner ⇄ Jira user matches each direction keeps
     * @param cacheTtl  how long a match (or the absence of one) is kept before both APIs are asked again
     */
    public record People(long cacheSize, Duration cacheTtl) {
        public People {
            cacheSize = cacheSize <= 0 ? 10_000 : cacheSize;
            cacheTtl = cacheTtl == null ? Duration.ofMinutes(30) : cacheTtl;
        }
    }

    /**
     * @param adminPasswordFile where a generated admin password is kept when no admin password is configured
     * @param metricsToken      the bearer token of /actuator/prometheus; generated into metricsTokenFile when not set
     * @param allowedOrigins    browser origins other than the connector's own that may call it
     * @param metricsTokenFile where a generated metrics token is kept when none is configured (owner-only)
     * @param metricsOpen      true leaves the metrics scrape open to anonymous callers (an explicit choice)
     * @param loginThrottle    how failed credential checks are throttled per client address
     */
    public record Security(String adminUsername, String adminPassword, String adminToken, String adminPasswordFile,
                           String metricsToken, java.util.List<String> allowedOrigins,
                           String metricsTokenFile, boolean metricsOpen, LoginThrottle loginThrottle) {
        public Security {
            allowedOrigins = allowedOrigins == null ? java.util.List.of()
                    : allowedOrigins.stream().filter(o -> o != null && !o.isBlank()).map(String::trim).toList();
            metricsTokenFile = notBlank(metricsTokenFile) ? metricsTokenFile : "./data/metrics-token";
            loginThrottle = loginThrottle == null ? new LoginThrottle(0, null, null) : loginThrottle;
        }

        @Override
        public String toString() {
            return "Security[adminUsername=" + adminUsername + ", adminPassword=****, adminToken=****, adminPasswordFile="
                    + adminPasswordFile + ", metricsToken=****, metricsTokenFile=" + metricsTokenFile + ", metricsOpen=" + metricsOpen
                    + ", loginThrottle=" + loginThrottle + "]";
        }
    }

    /**
     * Credential checks that are not answered from the cache of recent successes (a wrong password, a first login) are
     * limited per client address: {@code attempts} per {@code period}; beyond them the address gets 429 with
     * Retry-After until the period ends. A successful check is remembered for {@code successTtl}, so a script sending
     * the same credentials with every request pays the password hash once per {@code successTtl}.
     */
    public record LoginThrottle(int attempts, Duration period, Duration successTtl) {
        public LoginThrottle {
            attempts = attempts <= 0 ? 10 : attempts;
            period = period == null ? Duration.ofMinutes(1) : period;
            successTtl = successTtl == null ? Duration.ofMinutes(5) : successTtl;
        }
    }

    /**
     * @param keyFile        where a generated master key is kept (apart from the database) when no master key is set
     * @param h2PasswordFile where the generated password of the H2 database user is kept when the H2 file database has
     *                       no configured password
     */
    public record Secrets(String masterKey, String keyFile, String h2PasswordFile) {
        @Override
        public String toString() {
            return "Secrets[masterKey=" + (notBlank(masterKey) ? "****" : "") + ", keyFile=" + keyFile + ", h2PasswordFile=" + h2PasswordFile + "]";
        }
    }

    /**
     * Claims on work rows (inbox events, unfinished creations, reserved comments and attachments).
     *
     * @param lease     how long a claim holds without renewal: a stopped instance's rows are taken over after it
     * @param heartbeat how often a running instance renews its claims (well below the lease)
     */
    public record Claims(Duration lease, Duration heartbeat) {
        public Claims {
            lease = lease == null ? Duration.ofSeconds(20) : lease;
            heartbeat = heartbeat == null ? Duration.ofSeconds(5) : heartbeat;
            if (heartbeat.compareTo(lease) >= 0) {
                throw new IllegalArgumentException("connector.claims.heartbeat (" + heartbeat + ") must be shorter than connector.claims.lease ("
                        + lease + ")");
            }
        }
    }

    static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
