package io.hubjira.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;

import io.hubjira.ConnectorApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

/**
 * A setting the connector cannot work with stops start-up with a message naming the setting (the entry, for a list) and
 * what it allows.
 */
class StartupSettingsTest {

    /** The message of what stopped the connector starting with these settings. */
    private static String startUpFailure(String... settings) {
        String[] args = java.util.Arrays.copyOf(settings, settings.length + 1);
        args[settings.length] = "--server.port=0";
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(ConnectorApplication.class).profiles("test").run(args).close());
        assertThat(failure).as("start-up with " + String.join(" ", settings)).isNotNull();
        return NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
    }

    @Test
    void anUnknownHubSpotApiVersionStopsStartUpNamingTheSettingAndItsValues() {
        assertThat(startUpFailure("--connector.hubspot.api-version=2025-09"))
                .contains("connector.hubspot.api-version").contains("'2025-09'").contains("2026-03, 2026-09, legacy");
    }

    @Test
    void aPortalWithLimitsOfItsOwnListedTwiceStopsStartUpNamingBothEntries() {
        assertThat(startUpFailure("--connector.hubspot.rate-limit.portals[0].portal-id=87654321",
                "--connector.hubspot.rate-limit.portals[0].daily=625000", "--connector.hubspot.rate-limit.portals[1].portal-id=87654321",
                "--connector.hubspot.rate-limit.portals[1].requests-per-window=190"))
                .contains("connector.hubspot.rate-limit.portals[1]", "portal 87654321", "portals[0]");
    }

    @Test
    void aSiteWithALimitOfItsOwnThatIsNotAnHttpsUrlStopsStartUpNamingTheEntry() {
        assertThat(startUpFailure("--connector.jira.rate-limit.sites[0].site=http://acme-eu.atlassian.net",
                "--connector.jira.rate-limit.sites[0].requests-per-second=20"))
                .contains("connector.jira.rate-limit.sites[0].site", "https://", "http://acme-eu.atlassian.net");
    }

    @Test
    void aPerAccountLimitMustBePositiveAndNameItsPortalOrSite() {
        assertThatThrownBy(() -> new ConnectorProperties.HubSpotRateLimit(100, Duration.ofSeconds(10), 5, null, 1, null, null,
                List.of(new ConnectorProperties.PortalRateLimit(87654321L, 190, null, null),
                        new ConnectorProperties.PortalRateLimit(11111111L, 0, null, null))))
                .hasMessageContaining("connector.hubspot.rate-limit.portals[1] (portal 11111111) requests-per-window must be a positive number; got 0");
        assertThatThrownBy(() -> new ConnectorProperties.HubSpotRateLimit(100, Duration.ofSeconds(10), 5, null, 1, null, null,
                List.of(new ConnectorProperties.PortalRateLimit(87654321L, null, null, -1L))))
                .hasMessageContaining("portals[0] (portal 87654321) daily must be a positive number");
        assertThatThrownBy(() -> new ConnectorProperties.HubSpotRateLimit(100, Duration.ofSeconds(10), 5, null, 1, null, null,
                List.of(new ConnectorProperties.PortalRateLimit(null, 190, null, null))))
                .hasMessageContaining("connector.hubspot.rate-limit.portals[0].portal-id is required");
        assertThatThrownBy(() -> new ConnectorProperties.JiraRateLimit(10,
                List.of(new ConnectorProperties.SiteRateLimit("https://acme-eu.atlassian.net", 0))))
                .hasMessageContaining("connector.jira.rate-limit.sites[0] (https://acme-eu.atlassian.net) requests-per-second must be a positive number");
        assertThatThrownBy(() -> new ConnectorProperties.JiraRateLimit(10, List.of(new ConnectorProperties.SiteRateLimit(" ", 20))))
                .hasMessageContaining("connector.jira.rate-limit.sites[0].site is required");

        // an entry setting only some limits is fine: the others are the global ones
        var inherits = new ConnectorProperties.HubSpotRateLimit(100, Duration.ofSeconds(10), 5, null, 1, null, null,
                List.of(new ConnectorProperties.PortalRateLimit(87654321L, null, null, 625_000L)));
        assertThat(inherits.portals()).hasSize(1);
    }
}
