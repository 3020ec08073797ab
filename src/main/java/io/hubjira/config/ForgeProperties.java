package io.hubjira.config;

import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Jira issue panel's Forge app (application.yaml, {@code connector.forge}): its calls reach {@code /forge/**}
 * carrying a Forge Invocation Token (FIT) that Atlassian signs.
 *
 * @param appId          the app's id, {@code ari:cloud:ecosystem::app/<uuid>} (the manifest's {@code app.id} after
 *                       {@code forge register}): every FIT must name it as its audience; empty, every Forge call is refused
 * @param installationId the app's installation on our Jira site ({@code ari:cloud:ecosystem::installation/<uuid>}), or
 *                       that site's cloud id: a FIT from another site's install of the same app is refused; empty, every
 *                       Forge call is refused
 * @param jwksUrl        where Atlassian publishes the keys that sign FITs
 */
@ConfigurationProperties(prefix = "connector.forge")
public record ForgeProperties(String appId, String installationId, String jwksUrl) {

    public static final String ATLASSIAN_JWKS = "https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json";
    static final String INSTALLATION_ARI = "ari:cloud:ecosystem::installation/";

    public ForgeProperties {
        appId = appId == null ? "" : appId.trim();
        installationId = installationId == null ? "" : installationId.trim();
        jwksUrl = jwksUrl == null || jwksUrl.isBlank() ? ATLASSIAN_JWKS : jwksUrl.trim();
    }

    /** Both the app and its installation are named, so FITs can be checked at all. */
    public boolean configured() {
        return !appId.isEmpty() && !installationId.isEmpty();
    }

    /** Whether {@link #installationId} names an installation (else it is the site's cloud id). */
    public boolean namesInstallation() {
        return installationId.toLowerCase(Locale.ROOT).startsWith(INSTALLATION_ARI);
    }
}
