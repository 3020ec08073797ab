package io.hubjira.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.secret.SecretMasker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * No default admin password: a configured one is used; without one, a random password lives in an owner-only file.
 * The metrics token likewise, unless the scrape is opened explicitly.
 */
class AdminCredentialsTest {

    private static AdminCredentials credentials(String password, Path file) {
        return credentials(password, file, null, false);
    }

    private static AdminCredentials credentials(String password, Path file, String metricsToken, boolean metricsOpen) {
        return new AdminCredentials(new ConnectorProperties(null, null, null, null,
                new ConnectorProperties.Security("admin", password, null, file.toString(), metricsToken, List.of(),
                        file.resolveSibling("metrics-token").toString(), metricsOpen, null), null, null, null, null, null,
                null, null, null, null, null, null));
    }

    @Test
    void withoutAMetricsTokenOneIsGeneratedIntoAnOwnerOnlyFileNamedInTheLogNeverShown(@TempDir Path dir) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(AdminCredentials.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            Path file = dir.resolve("data/metrics-token");
            AdminCredentials first = credentials("a-long-configured-password", dir.resolve("data/admin-password"));
            assertThat(first.metricsToken()).hasSizeGreaterThanOrEqualTo(20);
            assertThat(Files.readString(file).trim()).isEqualTo(first.metricsToken());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(credentials("a-long-configured-password", dir.resolve("data/admin-password")).metricsToken())
                    .as("the next start reuses it").isEqualTo(first.metricsToken());
            assertThat(logged.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains(file.toAbsolutePath().toString())
                    .contains("CONNECTOR_METRICS_TOKEN"));
            assertThat(logged.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(first.metricsToken()));
            assertThat(SecretMasker.mask("Bearer " + first.metricsToken())).doesNotContain(first.metricsToken());
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void aConfiguredMetricsTokenOrAnExplicitlyOpenScrapeGeneratesNone(@TempDir Path dir) {
        assertThat(credentials("a-long-configured-password", dir.resolve("admin-password"), "configured-scrape-token", false).metricsToken())
                .isEqualTo("configured-scrape-token");
        AdminCredentials open = credentials("a-long-configured-password", dir.resolve("admin-password"), null, true);
        assertThat(open.metricsOpen()).isTrue();
        assertThat(open.metricsToken()).isNull();
        assertThat(dir.resolve("metrics-token")).doesNotExist();
    }

    @Test
    void aConfiguredPasswordIsUsedAsGiven(@TempDir Path dir) {
        assertThat(credentials("a-long-configured-password", dir.resolve("admin-password")).password()).isEqualTo("a-long-configured-password");
        assertThat(dir.resolve("admin-password")).doesNotExist();
    }

    @Test
    void withoutOneARandomPasswordIsGeneratedIntoAnOwnerOnlyFileReusedLaterAndNeverLogged(@TempDir Path dir) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(AdminCredentials.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            Path file = dir.resolve("data/admin-password");
            AdminCredentials first = credentials(null, file);
            assertThat(first.password()).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo("admin");
            assertThat(Files.readString(file).trim()).isEqualTo(first.password());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(credentials("", file).password()).as("the next start reuses it").isEqualTo(first.password());
            assertThat(credentials(null, dir.resolve("other")).password()).as("random per installation").isNotEqualTo(first.password());

            assertThat(logged.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains(file.toAbsolutePath().toString()));
            assertThat(logged.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(first.password()));
            assertThat(SecretMasker.mask("password " + first.password())).doesNotContain(first.password());
        } finally {
            logger.detachAppender(logged);
        }
    }
}
