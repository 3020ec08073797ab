package io.hubjira.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hubjira.ConnectorApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

/** A setting the connector cannot work with stops start-up with a message naming the setting and what it allows. */
class StartupSettingsTest {

    @Test
    void anUnknownHubSpotApiVersionStopsStartUpNamingTheSettingAndItsValues() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(ConnectorApplication.class)
                .profiles("test")
                .run("--connector.hubspot.api-version=2025-09", "--server.port=0").close());
        assertThat(failure).isNotNull();
        assertThat(NestedExceptionUtils.getMostSpecificCause(failure).getMessage())
                .contains("connector.hubspot.api-version").contains("'2025-09'").contains("2026-03, 2026-09, legacy");
    }
}
