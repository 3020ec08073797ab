package io.hubjira.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.hubjira.config.ForgeProperties;
import io.hubjira.sandbox.forge.ForgeSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Forge Invocation Token verification against a JWKS this test serves (a JDK HTTP server on the loopback), each kind
 * of bad token refused with its reason: expired, not yet valid, wrong audience, wrong issuer, unknown key, tampered
 * payload, the {@code none} algorithm, an HMAC "signed" with the public key, another installation, another site, no
 * user, no expiry; a rotated key fetched when first seen; the JWKS fetched once for many tokens.
 */
class ForgeTokenVerificationTest {

    static final String ADA = "5b10ac8d82e05b22cc7d4ef1";

    final ForgeSandbox forge = new ForgeSandbox();
    final AtomicInteger fetches = new AtomicInteger();
    HttpServer jwks;
    String jwksUrl;

    @BeforeEach
    void serveJwks() throws Exception {
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(forge.jwks());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        jwksUrl = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json";
    }

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    private JwtDecoder decoder(String installation) {
        return ForgeTokens.decoder(new ForgeProperties(ForgeSandbox.APP_ID, installation, jwksUrl), Clock.systemUTC(), Duration.ofMillis(1));
    }

    private JwtDecoder decoder() {
        return decoder(ForgeSandbox.INSTALLATION_ID);
    }

    private JWTClaimsSet.Builder claims() {
        return forge.claims(ADA, "SUP-1", "10001");
    }

    private void refused(String token, String reason) {
        assertThatThrownBy(() -> decoder().decode(token)).isInstanceOf(JwtException.class).hasMessageContaining(reason);
    }

    @Test
    void aValidTokenNamesTheUserAndTheIssueItWasMadeFor() {
        Jwt fit = decoder().decode(forge.fit(ADA, "SUP-1", "10001"));
        assertThat(ForgeSecurityConfig.accountId(fit)).isEqualTo(ADA);
        assertThat(ForgeTokens.contextIssue(fit)).hasValueSatisfying(issue -> {
            assertThat(issue.is("SUP-1")).isTrue();
            assertThat(issue.is("sup-1")).isTrue();
            assertThat(issue.is("10001")).isTrue();
            assertThat(issue.is("SUP-2")).isFalse();
        });
    }

    @Test
    void anExpiredTokenIsRefusedBeyondTheSmallClockSkew() {
        Instant past = Instant.now().minusSeconds(60);
        refused(forge.sign(claims().issueTime(Date.from(past.minusSeconds(25))).notBeforeTime(Date.from(past.minusSeconds(25)))
                .expirationTime(Date.from(past)).build()), "Jwt expired");
        Instant justNow = Instant.now().minusSeconds(5);
        assertThat(decoder().decode(forge.sign(claims().issueTime(Date.from(justNow.minusSeconds(25))).notBeforeTime(Date.from(justNow.minusSeconds(25)))
                .expirationTime(Date.from(justNow)).build())).getClaims())
                .as("5 s past expiry is within the clock skew").containsKey("principal");
    }

    @Test
    void aTokenNotYetValidIsRefused() {
        Instant later = Instant.now().plusSeconds(120);
        refused(forge.sign(claims().issueTime(Date.from(later)).notBeforeTime(Date.from(later)).expirationTime(Date.from(later.plusSeconds(25)))
                .build()), "Jwt used before");
    }

    @Test
    void aTokenForAnotherAppIsRefused() {
        refused(forge.sign(claims().audience("ari:cloud:ecosystem::app/00000000-1111-2222-3333-444444444444").build()), "aud");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        refused(forge.sign(claims().issuer("https://evil.example.com").build()), "iss");
    }

    @Test
    void aTokenSignedWithAKeyAtlassianDidNotPublishIsRefused() {
        refused(forge.sign(claims().build(), forge.unpublishedKey()), "Signed JWT rejected");
    }

    @Test
    void aTamperedPayloadBreaksTheSignature() {
        String[] parts = forge.fit(ADA, "SUP-1", "10001").split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace(ADA, "5b10ac8d82e05b22cc7d4ef3");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        refused(tampered, "Invalid signature");
    }

    @Test
    void theNoneAlgorithmAndAnHmacMadeWithThePublicKeyAreRefused() throws Exception {
        refused(new PlainJWT(claims().build()).serialize(), "Unsupported algorithm of none");
        byte[] publicKey = forge.signingKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(forge.signingKey().getKeyID()).build(), claims().build());
        hmac.sign(new MACSigner(java.util.Arrays.copyOf(publicKey, 64)));
        refused(hmac.serialize(), "Signed JWT rejected");
    }

    @Test
    void aTokenFromAnotherInstallationOfTheAppIsRefused() throws Exception {
        Map<String, Object> app = new java.util.LinkedHashMap<>(claims().build().getJSONObjectClaim("app"));
        app.put("installationId", "ari:cloud:ecosystem::installation/ffffffff-0000-4000-8000-000000000000");
        app.put("installation", Map.of("id", "ari:cloud:ecosystem::installation/ffffffff-0000-4000-8000-000000000000"));
        refused(forge.sign(claims().claim("app", app).build()), "another installation");
    }

    @Test
    void withTheSitesCloudIdConfiguredATokenFromAnotherSiteIsRefused() throws Exception {
        JwtDecoder bySite = decoder(ForgeSandbox.CLOUD_ID);
        assertThat(bySite.decode(forge.fit(ADA, "SUP-1", "10001")).getClaims()).containsKey("principal");
        Map<String, Object> context = new java.util.LinkedHashMap<>(claims().build().getJSONObjectClaim("context"));
        context.put("cloudId", "99999999-0000-4000-8000-000000000000");
        assertThatThrownBy(() -> bySite.decode(forge.sign(claims().claim("context", context).build())))
                .hasMessageContaining("another installation").hasMessageContaining("99999999-0000-4000-8000-000000000000");
    }

    @Test
    void aTokenWithoutAUserOrWithoutExpiryIsRefused() {
        refused(forge.sign(claims().claim("principal", null).build()), "principal");
        refused(forge.sign(claims().expirationTime(null).build()), "exp");
    }

    @Test
    void withoutAnAppIdOrInstallationEveryTokenIsRefusedSayingWhatToSet() {
        JwtDecoder unset = ForgeTokens.decoder(new ForgeProperties("", "", jwksUrl), Clock.systemUTC(), Duration.ZERO);
        assertThatThrownBy(() -> unset.decode(forge.fit(ADA, "SUP-1", "10001"))).hasMessageContaining("connector.forge.app-id");
        assertThat(fetches.get()).isZero();
    }

    @Test
    void theKeysAreFetchedOnceAndAgainOnlyWhenATokenNamesANewKey() {
        JwtDecoder decoder = decoder();
        for (int i = 0; i < 5; i++) {
            decoder.decode(forge.fit(ADA, "SUP-1", "10001"));
        }
        assertThat(fetches.get()).as("cached").isEqualTo(1);
        RSAKey rotated = forge.rotate();
        Jwt fit = decoder.decode(forge.sign(claims().build(), rotated));
        assertThat(ForgeSecurityConfig.accountId(fit)).isEqualTo(ADA);
        assertThat(fetches.get()).as("fetched again for the new key id").isEqualTo(2);
    }

    @Test
    void madeUpKeyIdsCannotMakeTheConnectorFetchTheKeysOverAndOver() {
        JwtDecoder decoder = ForgeTokens.decoder(new ForgeProperties(ForgeSandbox.APP_ID, ForgeSandbox.INSTALLATION_ID, jwksUrl),
                Clock.systemUTC(), ForgeTokens.REFETCH_INTERVAL);
        decoder.decode(forge.fit(ADA, "SUP-1", "10001"));
        // each refused as a bad token (401), not an error of the connector
        for (int i = 0; i < 10; i++) {
            String rogue = forge.sign(claims().build(), forge.unpublishedKey());
            assertThatThrownBy(() -> decoder.decode(rogue)).isInstanceOf(JwtException.class);
        }
        assertThat(fetches.get()).as("at most one more fetch within the refetch interval").isLessThanOrEqualTo(2);
        assertThatThrownBy(() -> decoder.decode(forge.sign(claims().build(), forge.unpublishedKey())))
                .isInstanceOf(org.springframework.security.oauth2.jwt.BadJwtException.class).hasMessageContaining("not published");
    }
}
