package io.hubjira.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A retired panel login setting stops the connector at start-up, saying what replaced it, however it was set. */
class RetiredSettingsTest {

    private static StandardEnvironment with(Map<String, Object> yaml, Map<String, Object> variables) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("application.yaml", yaml));
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        ConfigurationPropertySources.attach(env);
        return env;
    }

    @Test
    void aPanelPasswordInTheConfigurationStopsTheStartNamingItsReplacement() {
        assertThatThrownBy(() -> new RetiredSettings(with(Map.of("connector.security.panel-password", "s3cret"), Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("connector.security.panel-password is no longer read")
                .hasMessageContaining("Forge Invocation Token").hasMessageContaining("FORGE_APP_ID").hasMessageContaining("admin credentials")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void theEnvironmentVariablesOfThePanelLoginStopTheStartToo() {
        assertThatThrownBy(() -> new RetiredSettings(with(Map.of(), Map.of("CONNECTOR_PANEL_TOKEN", "t", "CONNECTOR_SECURITY_PANELUSERNAME", "panel"))))
                .hasMessageContaining("connector.security.panel-username").hasMessageContaining("CONNECTOR_PANEL_TOKEN")
                .hasMessageContaining("are no longer read");
    }

    @Test
    void withoutThemTheConnectorStarts() {
        assertThatCode(() -> new RetiredSettings(with(Map.of("connector.security.admin-password", "x"), Map.of("CONNECTOR_ADMIN_TOKEN", "y"))))
                .doesNotThrowAnyException();
    }
}
