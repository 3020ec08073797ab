package io.hubjira.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Any jdbc:h2: URL runs in H2's PostgreSQL mode, which the connector's SQL needs; another mode is refused by name. */
class H2CompatibilityModeTest {

    @Test
    void aPlainUrlGetsThePostgresqlModeSettings() {
        assertThat(H2CompatibilityMode.withPostgresMode("jdbc:h2:file:./data/connector"))
                .startsWith("jdbc:h2:file:./data/connector;")
                .contains(";MODE=PostgreSQL").contains(";DATABASE_TO_LOWER=TRUE").contains(";DEFAULT_NULL_ORDERING=HIGH");
    }

    @Test
    void settingsTheUrlAlreadyHasAreKeptOnce() {
        String url = "jdbc:h2:file:./db;mode=PostgreSQL;AUTO_SERVER=TRUE";
        String completed = H2CompatibilityMode.withPostgresMode(url);
        assertThat(completed).startsWith(url).doesNotContain(";MODE=PostgreSQL").contains(";DATABASE_TO_LOWER=TRUE");
    }

    @Test
    void anotherCompatibilityModeIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> H2CompatibilityMode.withPostgresMode("jdbc:h2:mem:x;MODE=MySQL"))
                .hasMessageContaining("SPRING_DATASOURCE_URL").hasMessageContaining("MODE=MySQL").hasMessageContaining("PostgreSQL");
    }
}
