package io.hubjira.admin;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.hubjira.config.ForgeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Forge Invocation Tokens (FITs): the JWTs Atlassian signs into every call a Forge app makes to its remote. Verified
 * with Nimbus through Spring Security's {@link NimbusJwtDecoder}, no JWT code of our own:
 * <ul>
 *   <li>the signature: RS256 only (so neither {@code none} nor an HMAC made with a public key passes), by a key of
 *       Atlassian's published JWKS, cached and fetched again when a token names a key id the cache does not hold (at
 *       most once per {@link #REFETCH_INTERVAL}, so made-up key ids cannot make us hammer the JWKS);</li>
 *   <li>{@code iss} = {@value #ISSUER}; {@code aud} = our app id;</li>
 *   <li>{@code exp} present and not passed, {@code nbf} reached, each with {@link #CLOCK_SKEW} of tolerance;</li>
 *   <li>the installation: {@code app.installationId} is one the connector serves ({@link ForgeSites}: each Jira
 *       connection's), or, where a site's cloud id is named instead, the invocation's {@code context.cloudId} (else
 *       one of {@code app.installation.contexts[].cloudId}) is that site's, so an install of the same app on a site
 *       the connector does not know is refused; the matching installation names the Jira connection the call works
 *       against;</li>
 *   <li>a {@code principal} (the Jira user's account id): the panel always acts for a user.</li>
 * </ul>
 */
final class ForgeTokens {

    static final String ISSUER = "forge/invocation-token";
    /** FITs live 25 seconds; clocks may differ a little, not by another token lifetime. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(10);
    static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);
    static final Duration JWKS_TTL = Duration.ofMinutes(15);
    static final int JWKS_MAX_BYTES = 256 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ForgeTokens.class);

    private ForgeTokens() {
    }

    /** The decoder for the configured app and its one configured installation; without both it refuses every token, saying so. */
    static JwtDecoder decoder(ForgeProperties forge, Clock clock, Duration refetchInterval) {
        if (!forge.configured()) {
            return notSetUp();
        }
        return decoder(forge, clock, refetchInterval, () -> Map.of(forge.installationId(), ForgeSites.NO_CONNECTION));
    }

    /**
     * The decoder for the configured app, accepting the installations {@code installations} names when a token is
     * checked (installation id or cloud id → Jira connection); without an app id it refuses every token, saying so.
     */
    static JwtDecoder decoder(ForgeProperties forge, Clock clock, Duration refetchInterval, Supplier<Map<String, Long>> installations) {
        if (forge.appId().isEmpty()) {
            return notSetUp();
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys(forge.jwksUrl(), refetchInterval)));
        // the claims are checked by the validators below, with Spring's messages
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(validator(forge, clock, installations));
        return token -> {
            try {
                return decoder.decode(token);
            } catch (BadJwtException refused) {
                throw refused;
            } catch (JwtException keysUnread) {
                // the token cannot be verified: a refusal (401), never a 500; the operator hears why keys could not be read
                if (!(rootCause(keysUnread) instanceof RateLimitReachedException)) {
                    log.warn("Forge Invocation Tokens cannot be verified: Atlassian's keys could not be read from {}: {}", forge.jwksUrl(),
                            keysUnread.getMessage());
                }
                throw new BadJwtException(rootCause(keysUnread) instanceof RateLimitReachedException
                        ? "it names a key Atlassian has not published (the keys were fetched again less than "
                                + refetchInterval.toSeconds() + " s ago)"
                        : "Atlassian's keys to verify it could not be read", keysUnread);
            }
        };
    }

    private static JwtDecoder notSetUp() {
        return token -> {
            throw new BadJwtException("the connector is not set up for a Forge app: set connector.forge.app-id (FORGE_APP_ID) "
                    + "and connector.forge.installation-id (FORGE_INSTALLATION_ID) or a Jira connection's Forge installation");
        };
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    static OAuth2TokenValidator<Jwt> validator(ForgeProperties forge, Clock clock, Supplier<Map<String, Long>> installations) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtClaimValidator<Object>("exp", Objects::nonNull),
                timestamps,
                new JwtIssuerValidator(ISSUER),
                new JwtAudienceValidator(forge.appId()),
                installation(installations),
                new JwtClaimValidator<Object>("principal", p -> p instanceof String s && !s.isBlank())));
    }

    private static JWKSource<SecurityContext> keys(String jwksUrl, Duration refetchInterval) {
        URL url;
        try {
            url = URI.create(jwksUrl).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new IllegalStateException("connector.forge.jwks-url is not a URL: " + jwksUrl, e);
        }
        return JWKSourceBuilder.create(url, new DefaultResourceRetriever(5_000, 5_000, JWKS_MAX_BYTES))
                .cache(JWKS_TTL.toMillis(), 5_000)
                .refreshAheadCache(false)
                .rateLimited(refetchInterval.toMillis())
                .retrying(false)
                .build();
    }

    /** The FIT comes from an installation on one of our sites (see the class comment). */
    static OAuth2TokenValidator<Jwt> installation(Supplier<Map<String, Long>> installations) {
        return jwt -> {
            Map<String, Long> known = installations.get();
            if (known.isEmpty()) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The connector knows no installation of the "
                        + "Forge app: set connector.forge.installation-id (FORGE_INSTALLATION_ID) or a Jira connection's Forge installation", null));
            }
            if (site(jwt, known).isPresent()) {
                return OAuth2TokenValidatorResult.success();
            }
            Map<String, Object> app = map(jwt.getClaims().get("app"));
            List<String> cloudIds = cloudIds(jwt, app);
            String seen = "installation " + installationId(app) + ", site " + (cloudIds.isEmpty() ? "(none named)" : String.join(", ", cloudIds));
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                    "The token comes from another installation of the app (" + seen + "), not one on this connector's Jira sites", null));
        };
    }

    /**
     * The Jira connection of the installation the FIT comes from: {@code known} maps each installation (its id,
     * {@code ari:cloud:ecosystem::installation/…}, or its site's cloud id) to its connection.
     */
    static Optional<Long> site(Jwt jwt, Map<String, Long> known) {
        Map<String, Object> app = map(jwt.getClaims().get("app"));
        Object installation = installationId(app);
        List<String> cloudIds = null;
        for (Map.Entry<String, Long> k : known.entrySet()) {
            boolean matches;
            if (k.getKey().toLowerCase(Locale.ROOT).startsWith(ForgeProperties.INSTALLATION_ARI)) {
                matches = k.getKey().equals(installation);
            } else {
                cloudIds = cloudIds == null ? cloudIds(jwt, app) : cloudIds;
                matches = cloudIds.contains(k.getKey());
            }
            if (matches) {
                return Optional.of(k.getValue());
            }
        }
        return Optional.empty();
    }

    private static Object installationId(Map<String, Object> app) {
        return app.get("installationId") != null ? app.get("installationId") : map(app.get("installation")).get("id");
    }

    /** The invocation's site when the token names it, else every site of the installation. */
    private static List<String> cloudIds(Jwt jwt, Map<String, Object> app) {
        Object invoked = map(jwt.getClaims().get("context")).get("cloudId");
        if (invoked instanceof String s) {
            return List.of(s);
        }
        List<String> ids = new ArrayList<>();
        if (map(app.get("installation")).get("contexts") instanceof List<?> contexts) {
            contexts.forEach(c -> Optional.ofNullable(map(c).get("cloudId")).ifPresent(id -> ids.add(String.valueOf(id))));
        }
        return ids;
    }

    /** The issue the invocation was made from, as Forge signed it into the context (key and id, when named). */
    static Optional<ContextIssue> contextIssue(Jwt jwt) {
        Map<String, Object> issue = map(map(map(jwt.getClaims().get("context")).get("extension")).get("issue"));
        Object key = issue.get("key");
        Object id = issue.get("id");
        if (key == null && id == null) {
            return Optional.empty();
        }
        return Optional.of(new ContextIssue(key == null ? null : String.valueOf(key), id == null ? null : String.valueOf(id)));
    }

    /** An issue named by the FIT's context. */
    record ContextIssue(String key, String id) {
        boolean is(String keyOrId) {
            return keyOrId != null && (keyOrId.equalsIgnoreCase(key) || keyOrId.equals(id));
        }

        String name() {
            return key != null ? key : id;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
