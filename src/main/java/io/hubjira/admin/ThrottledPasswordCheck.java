package io.hubjira.admin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The HTTP Basic password check, throttled and cached. In this order:
 * <ol>
 *   <li>a client address that used up its attempts gets 429 at once ({@link LoginThrottle}), before anything else:
 *       not even the cache is asked, so a throttled address learns nothing about any guess;</li>
 *   <li>credentials that passed the check within the last {@code successTtl} are accepted from a cache, so a script or
 *       a browser sending them with every request pays the password hash (BCrypt, about 80 ms of CPU) once per TTL.
 *       The cache key is an HMAC of user and password under a key made at start-up and never stored: the cache holds
 *       no password and nothing usable outside this process. Entries expire {@code successTtl} after the check,
 *       however often they are used; a restart (the only way credentials change) empties it;</li>
 *   <li>anything else takes one of the address's attempts, then the real check runs; a refusal is counted and logged
 *       once per period.</li>
 * </ol>
 */
final class ThrottledPasswordCheck implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;
    private final Cache<String, Authentication> recentSuccesses;
    private final SecretKeySpec cacheKey;

    ThrottledPasswordCheck(AuthenticationProvider passwords, LoginThrottle throttle, Duration successTtl) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.recentSuccesses = Caffeine.newBuilder().expireAfterWrite(successTtl).maximumSize(64).build();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    @Override
    public Authentication authenticate(Authentication request) throws AuthenticationException {
        String client = LoginThrottle.clientOf(request.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null);
        throttle.refuseIfThrottled(client);
        String key = cacheKey(request.getName(), String.valueOf(request.getCredentials()));
        Authentication known = recentSuccesses.getIfPresent(key);
        if (known != null) {
            throttle.count("cached");
            UsernamePasswordAuthenticationToken again = UsernamePasswordAuthenticationToken.authenticated(known.getPrincipal(), null,
                    known.getAuthorities());
            again.setDetails(request.getDetails());
            return again;
        }
        throttle.takeAttempt(client);
        try {
            Authentication checked = passwords.authenticate(request);
            throttle.count("accepted");
            recentSuccesses.put(key, checked);
            return checked;
        } catch (AuthenticationException refused) {
            throttle.failed(client, "wrong credentials for user '" + abbreviated(request.getName()) + "'");
            throw refused;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private String cacheKey(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            return HexFormat.of().formatHex(mac.doFinal((username + '\0' + password).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static String abbreviated(String username) {
        return username.length() > 64 ? username.substring(0, 64) + "…" : username;
    }
}
