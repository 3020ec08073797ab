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
        Claims claims) {

    public ConnectorProperties {
        claims = claims == null ? new Claims(null, null) : claims;
    }

    /**
     * @param apiVersion which generation of HubSpot's paths to call: 2026-03 (default), 2026-09 or legacy
     * @param tokenKind  what the start-up token is, as the admin declares it (SERVICE_KEY, PROJECT_APP, PRIVATE_APP)
     */
    public record HubSpot(String baseUrl, String apiVersion, String portalId, String token, String tokenKind, OAuth oauth,
                          String webhookSecret, String webhookUrl, HubSpotRateLimit rateLimit) {
        public boolean hasStartupCredentials() {
            return notBlank(portalId) && notBlank(token);
        }

        @Override
        public String toString() {
            return "HubSpot[baseUrl=" + baseUrl + ", apiVersion=" + apiVersion + ", portalId=" + portalId + ", token="
                    + (notBlank(token) ? "****" : "") + ", webhookSecret=" + (notBlank(webhookSecret) ? "****" : "") + "]";
        }
    }

    public record OAuth(String authorizeUrl, Duration refreshSkew) {}

    /** @param margin how much wider than HubSpot's window the client's window is (clock skew, requests in flight) */
    public record HubSpotRateLimit(int requestsPerWindow, Duration window, int searchPerSecond, Duration margin) {}

    /**
     * @param searchConsistency how long Jira's search may lag behind a write: a marker looked up by search is searched for
     *                          that long before it counts as absent
     */
    public record Jira(String baseUrl, String email, String apiToken, String webhookSecret, JiraRateLimit rateLimit,
                       Duration searchConsistency) {
        public Jira {
            searchConsistency = searchConsistency == null ? Duration.ofSeconds(10) : searchConsistency;
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

    public record JiraRateLimit(int requestsPerSecond) {}

    public record Http(Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {}

    public record Poll(String cron) {}

    /**
     * @param adminPasswordFile where a generated admin password is kept when no admin password is configured
     * @param metricsToken      when set, /actuator/prometheus needs {@code Authorization: Bearer <metricsToken>}
     * @param allowedOrigins    browser origins other than the connector's own that may call it
     */
    public record Security(String adminUsername, String adminPassword, String adminToken, String adminPasswordFile,
                           String metricsToken, java.util.List<String> allowedOrigins) {
        public Security {
            allowedOrigins = allowedOrigins == null ? java.util.List.of()
                    : allowedOrigins.stream().filter(o -> o != null && !o.isBlank()).map(String::trim).toList();
        }

        @Override
        public String toString() {
            return "Security[adminUsername=" + adminUsername + ", adminPassword=****, adminToken=****, adminPasswordFile="
                    + adminPasswordFile + ", metricsToken=****]";
        }
    }

    public record Secrets(String masterKey, String keyFile) {
        @Override
        public String toString() {
            return "Secrets[masterKey=" + (notBlank(masterKey) ? "****" : "") + ", keyFile=" + keyFile + "]";
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
