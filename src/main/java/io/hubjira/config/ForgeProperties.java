package io.hubjira.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Jira issue panel's Forge app (application.yaml, {@code connector.forge}): its calls reach {@code /forge/**}
 * carrying a Forge Invocation Token (FIT) that Atlassian signs.
 *
 * @param appId          the app's id, {@code ari:cloud:ecosystem::app/<uuid>} (the manifest's {@code app.id} after
 *                       {@code forge register}): every FIT must name it as its audience; empty, every Forge call is refused
 * @param installationId the app's installation on the first Jira connection's site
 *                       ({@code ari:cloud:ecosystem::installation/<uuid>}), or that site's cloud id, while that connection
 *                       names no Forge installation of its own; each other Jira connection names its own. A FIT from an
 *                       install of the same app on any other site is refused
 * @param jwksUrl        where Atlassian publishes the keys that sign FITs
 */
@ConfigurationProperties(prefix = "connector.forge")
public record ForgeProperties(String appId, String installationId, String jwksUrl) {

    public static final String ATLASSIAN_JWKS = "https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json";
    public static final String INSTALLATION_ARI = "ari:cloud:ecosystem::installation/";

    public ForgeProperties {
        appId = appId == null ? "" : appId.trim();
        installationId = installationId == null ? "" : installationId.trim();
        jwksUrl = jwksUrl == null || jwksUrl.isBlank() ? ATLASSIAN_JWKS : jwksUrl.trim();
    }

    /** Both the app and its installation are named, so FITs can be checked at all. */
    public boolean configured() {
        return !appId.isEmpty() && !installationId.isEmpty();
    }
}
