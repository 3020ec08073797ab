package io.hubjira.sandbox.forge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The Forge platform as the connector meets it: the keys Atlassian signs Forge Invocation Tokens with (published as a
 * JWKS under /sandbox/forge, like Atlassian's), and FITs shaped as the remote invocation contract documents them for
 * a {@code jira:issuePanel} invocation: {@code app} (id, installation, its site), {@code context} (the site, the
 * issue and project the panel shows), {@code principal}, {@code iss}, {@code aud}, {@code iat}/{@code nbf}/{@code exp}
 * 25 seconds apart, {@code jti}. Tests change the claims to make every kind of bad token, and can sign with a key
 * that is not published.
 * <p>The installation (its id, its site's cloud id and URL) is a parameter: the configured one
 * ({@code connector.sandbox.forge.installation-id}, {@code cloud-id}, {@code site-url}; {@link Installation#DEFAULT}
 * unless set) or any other, so a second Jira site gets FITs of its own installation ({@link Installation#SITE_Y}),
 * signed with the same published keys, as one Forge app installed on two sites.
 */
@Component
@Profile("sandbox")
public class ForgeSandbox {

    public static final String APP_ID = "ari:cloud:ecosystem::app/8db33809-1f32-48bb-8c52-5877dab48107";
    public static final String INSTALLATION_ID = "ari:cloud:ecosystem::installation/0a3a7799-53ae-4a5b-9e7e-03338980abb5";
    public static final String CLOUD_ID = "d0d52620-3203-4cfa-8db5-f2587155f0dd";
    public static final String ISSUER = "forge/invocation-token";

    /** One installation of the app: on one site, named by its cloud id and URL. */
    public record Installation(String installationId, String cloudId, String siteUrl) {
        /** The demo site's installation (site X). */
        public static final Installation DEFAULT = new Installation(INSTALLATION_ID, CLOUD_ID, "https://sandbox-site.atlassian.net");
        /** The app installed on a second site (site Y): its own installation and cloud id. */
        public static final Installation SITE_Y = new Installation(
                "ari:cloud:ecosystem::installation/6f1c2a9e-3b57-4d1e-9a0c-5e2d7b8f4c21", "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                "https://sandbox-site-y.atlassian.net");
    }

    private final Installation installation;

    private final List<RSAKey> published = new ArrayList<>();
    private final RSAKey unpublished;
    private final AtomicInteger jwksFetches = new AtomicInteger();

    /** The demo site's installation. */
    public ForgeSandbox() {
        this(Installation.DEFAULT);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public ForgeSandbox(@org.springframework.beans.factory.annotation.Value("${connector.sandbox.forge.installation-id:" + INSTALLATION_ID + "}") String installationId,
                        @org.springframework.beans.factory.annotation.Value("${connector.sandbox.forge.cloud-id:" + CLOUD_ID + "}") String cloudId,
                        @org.springframework.beans.factory.annotation.Value("${connector.sandbox.forge.site-url:https://sandbox-site.atlassian.net}") String siteUrl) {
        this(new Installation(installationId, cloudId, siteUrl));
    }

    /** A Forge platform whose FITs name this installation unless told another. */
    public ForgeSandbox(Installation installation) {
        this.installation = installation;
        published.add(newKey("forge-sandbox-1"));
        unpublished = newKey("forge-sandbox-rogue");
    }

    private static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The published keys, as Atlassian's JWKS document (public parts only). */
    public synchronized Map<String, Object> jwks() {
        jwksFetches.incrementAndGet();
        return new JWKSet(new ArrayList<>(published)).toJSONObject(true);
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** The key FITs are signed with now (its private part: the stub bridge signs with it in the browser). */
    public synchronized RSAKey signingKey() {
        return published.get(published.size() - 1);
    }

    /** A key nobody published. */
    public RSAKey unpublishedKey() {
        return unpublished;
    }

    /** Atlassian starts signing with a new key, published next to the old one. */
    public synchronized RSAKey rotate() {
        RSAKey next = newKey("forge-sandbox-" + (published.size() + 1));
        published.add(next);
        return next;
    }

    /** The installation FITs name unless told another. */
    public Installation installation() {
        return installation;
    }

    /** The claims of a FIT the panel on this issue sends for this user, valid now. */
    public JWTClaimsSet.Builder claims(String accountId, String issueKey, String issueId) {
        return claims(installation, accountId, issueKey, issueId);
    }

    /** The claims of a FIT the panel on this issue of that installation's site sends for this user, valid now. */
    public JWTClaimsSet.Builder claims(Installation site, String accountId, String issueKey, String issueId) {
        Instant now = Instant.now();
        String cloudId = site.cloudId();
        Map<String, Object> installation = new LinkedHashMap<>();
        installation.put("id", site.installationId());
        installation.put("contexts", List.of(Map.of("name", "jira", "apiBaseUrl", "https://api.atlassian.com/ex/jira/" + cloudId,
                "cloudId", cloudId)));
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("id", APP_ID);
        app.put("version", "3");
        app.put("appVersion", "3.1.0");
        app.put("installationId", site.installationId());
        app.put("apiBaseUrl", "https://api.atlassian.com/ex/jira/" + cloudId);
        app.put("installation", installation);
        app.put("environment", Map.of("type", "DEVELOPMENT", "id", "ari:cloud:ecosystem::environment/8db33809/aa911f10"));
        app.put("module", Map.of("type", "jira:issuePanel", "key", "hubspot-issue-panel"));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("localId", "hubspot-issue-panel-" + issueKey);
        context.put("cloudId", cloudId);
        context.put("moduleKey", "hubspot-issue-panel");
        context.put("siteUrl", site.siteUrl());
        String project = issueKey.substring(0, issueKey.indexOf('-'));
        context.put("extension", Map.of("type", "jira:issuePanel",
                "issue", Map.of("id", issueId, "key", issueKey, "type", "Task", "typeId", "10001"),
                "project", Map.of("key", project, "type", "software"), "isNewToIssue", false));
        return new JWTClaimsSet.Builder()
                .claim("app", app)
                .claim("context", context)
                .claim("principal", accountId)
                .issuer(ISSUER)
                .audience(APP_ID)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(25)))
                .jwtID(UUID.randomUUID().toString().replace("-", ""));
    }

    /** A valid FIT for the user on the issue. */
    public String fit(String accountId, String issueKey, String issueId) {
        return fit(installation, accountId, issueKey, issueId);
    }

    /** A valid FIT for the user on the issue of that installation's site. */
    public String fit(Installation site, String accountId, String issueKey, String issueId) {
        return sign(claims(site, accountId, issueKey, issueId).build());
    }

    public String sign(JWTClaimsSet claims) {
        return sign(claims, signingKey());
    }

    public String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
