package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hubjira.secret.MasterKeyFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Threat: a backup or copy of the database folder carries the key that decrypts its tokens. The generated master key
 * lives apart from the database ({@code ./secrets/master.key}, owner-only in an owner-only folder), and an installation
 * of an earlier version that kept it at {@code ./data/master.key} has it moved there once, with a log line, and keeps
 * its key. {@code PrivateDatabaseIT} checks the same on the packaged jar with its real default paths.
 */
class MasterKeyLocationTest {

    @TempDir
    Path installation;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(MasterKeyFile.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(logged);
    }

    @Test
    void aNewInstallationKeepsItsGeneratedKeyInAnOwnerOnlySecretsFolderApartFromTheDatabase() throws Exception {
        Path key = installation.resolve("secrets/master.key");
        byte[] first = MasterKeyFile.load(key, installation.resolve("data/master.key"));

        assertThat(first).hasSize(32);
        assertThat(mode(key)).isEqualTo("rw-------");
        assertThat(mode(key.getParent())).isEqualTo("rwx------");
        assertThat(installation.resolve("data")).doesNotExist();
        assertThat(MasterKeyFile.load(key, installation.resolve("data/master.key"))).as("reused on the next start").isEqualTo(first);
        assertThat(messages()).contains("generated a master key in " + key.toAbsolutePath());
    }

    @Test
    void theKeyOfAnEarlierVersionBesideTheDatabaseIsMovedOnceWithALogLineAndStillDecrypts() throws Exception {
        Path earlier = installation.resolve("data/master.key");
        Files.createDirectories(earlier.getParent());
        byte[] old = new byte[32];
        new SecureRandom().nextBytes(old);
        Files.writeString(earlier, Base64.getEncoder().encodeToString(old) + "\n");
        Files.setPosixFilePermissions(earlier, PosixFilePermissions.fromString("rw-r--r--"));
        Path key = installation.resolve("secrets/master.key");

        assertThat(MasterKeyFile.load(key, earlier)).as("the same key, so stored tokens still decrypt").isEqualTo(old);
        assertThat(earlier).doesNotExist();
        assertThat(mode(key)).isEqualTo("rw-------");
        assertThat(mode(key.getParent())).isEqualTo("rwx------");
        assertThat(messages()).contains("Moved the master key from " + earlier.toAbsolutePath() + " to " + key.toAbsolutePath());

        logged.list.clear();
        assertThat(MasterKeyFile.load(key, earlier)).isEqualTo(old);
        assertThat(messages()).as("moved once: the next start says nothing").isEmpty();
    }

    @Test
    void aMoveThatStoppedAfterTheCopyIsFinishedAndADifferentLeftoverKeyIsReportedNotUsed() throws Exception {
        Path earlier = installation.resolve("data/master.key");
        Path key = installation.resolve("secrets/master.key");
        Files.createDirectories(earlier.getParent());
        byte[] inUse = MasterKeyFile.load(key, earlier);
        Files.copy(key, earlier);

        assertThat(MasterKeyFile.load(key, earlier)).isEqualTo(inUse);
        assertThat(earlier).as("the identical leftover is removed").doesNotExist();

        Files.writeString(earlier, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        assertThat(MasterKeyFile.load(key, earlier)).as("the configured key wins").isEqualTo(inUse);
        assertThat(earlier).as("a different key is never deleted").exists();
        assertThat(messages()).contains("still at " + earlier.toAbsolutePath());
    }

    private String messages() {
        return String.join("\n", logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
