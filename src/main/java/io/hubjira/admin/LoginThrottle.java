package io.hubjira.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.hubjira.config.ConnectorProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.security.core.AuthenticationException;

/**
 * Credential checks per client address: each address may make {@code attempts} checks per {@code period} that are not
 * answered from the cache of recent successes (so, in practice, wrong passwords and wrong tokens); once they are used
 * up every request with credentials from that address gets 429 with Retry-After until the period ends, before any
 * password hash is computed. The limit is a Bucket4j token bucket per address (lock-free; all its tokens come back at
 * the end of each period), kept in a bounded cache that forgets idle addresses. IPv6 clients are counted per /64, the
 * block one host usually holds.
 */
public final class LoginThrottle {

    private final Bandwidth limit;
    private final Duration period;
    private final Cache<String, Bucket> perClient;
    private final RefusalLog refusals;
    private final MeterRegistry meters;

    LoginThrottle(ConnectorProperties.LoginThrottle settings, MeterRegistry meters) {
        this.limit = Bandwidth.builder().capacity(settings.attempts()).refillIntervally(settings.attempts(), settings.period()).build();
        this.period = settings.period();
        this.perClient = Caffeine.newBuilder().expireAfterAccess(settings.period().multipliedBy(2)).maximumSize(100_000).build();
        this.refusals = new RefusalLog(settings.period());
        this.meters = meters;
    }

    /** Thrown before a credential check from an address that used up its attempts: the answer is 429. */
    public static final class ThrottledException extends AuthenticationException {
        private final Duration retryAfter;

        ThrottledException(Duration retryAfter) {
            super("Too many failed logins from this address");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Refuses (429) a client that has no attempt left, before its credentials are looked at. */
    void refuseIfThrottled(String client) {
        Bucket attempts = attempts(client);
        if (attempts.getAvailableTokens() <= 0) {
            throw throttled(client, attempts);
        }
    }

    /** Takes one attempt for a credential check that costs (not answered from the cache); 429 when none is left. */
    void takeAttempt(String client) {
        Bucket attempts = attempts(client);
        if (!attempts.tryConsume(1)) {
            throw throttled(client, attempts);
        }
    }

    /** A refused credential check: counted, and logged once per period and client. */
    void failed(String client, String reason) {
        count("refused");
        refusals.refused("refused logins", client, reason);
    }

    void count(String outcome) {
        Counter.builder("connector.login.checks").description("Credential checks by outcome: accepted (password hashed), cached (a "
                + "recently accepted login), refused (wrong credentials), throttled (429 before any check)").tag("outcome", outcome)
                .register(meters).increment();
    }

    private ThrottledException throttled(String client, Bucket attempts) {
        count("throttled");
        Duration wait = Duration.ofNanos(Math.max(0, attempts.estimateAbilityToConsume(1).getNanosToWaitForRefill()));
        refusals.refused("throttled logins", client, "too many failed logins; credentials from this address get 429 for up to "
                + period.toSeconds() + " s");
        return new ThrottledException(wait);
    }

    private Bucket attempts(String client) {
        return perClient.get(client, key -> Bucket.builder().addLimit(limit).build());
    }

    /** The address a request came from as the throttle counts it: IPv4 as is, IPv6 by its /64 block. */
    static String clientOf(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return "unknown";
        }
        if (remoteAddress.indexOf(':') < 0) {
            return remoteAddress;
        }
        try {
            byte[] address = InetAddress.getByName(remoteAddress).getAddress(); // a literal: no lookup
            if (address.length != 16) {
                return remoteAddress;
            }
            StringBuilder block = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                block.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff))).append(':');
            }
            return block.append(":/64").toString();
        } catch (UnknownHostException notAnAddress) {
            return remoteAddress;
        }
    }
}
