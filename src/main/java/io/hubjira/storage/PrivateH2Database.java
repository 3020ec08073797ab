package io.hubjira.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.secret.OwnerOnlyFile;
import io.hubjira.secret.SecretMasker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * The default H2 file database is the connector's alone, before its first connection:
 * <ul>
 *   <li>no TCP server: the default URL has no {@code AUTO_SERVER}. A URL that asks for it (an explicit opt-in; the
 *       connector, its demo and its tests need none) gets H2's server bound to 127.0.0.1 only, never to every
 *       interface;</li>
 *   <li>its folder is owner-only (0700), created so or narrowed, and its files owner-only (0600): those that exist now,
 *       and those H2 creates later (trace, lock, temporary files), narrowed by a watch on the folder as they appear.
 *       Java cannot set the process umask, so the folder's mode is the wall that holds from the first byte: no other
 *       user can open a file in it whatever the file's own mode; the files' modes are the second wall;</li>
 *   <li>without a configured password (SPRING_DATASOURCE_PASSWORD) its user gets a generated one, kept in an owner-only
 *       file like the admin password ({@code connector.secrets.h2-password-file}); the log names the file, never the
 *       password. A database created by an earlier version with the empty password is upgraded in place: opened once
 *       the old way, its user's password set, a log line said.</li>
 * </ul>
 */
@Component
public class PrivateH2Database implements BeanPostProcessor, DisposableBean {

    static final String DEFAULT_PASSWORD_FILE = "./data/h2-password";
    /** H2's error code for a wrong user name or password. */
    private static final int WRONG_USER_OR_PASSWORD = 28000;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "localhost");
    private static final Logger log = LoggerFactory.getLogger(PrivateH2Database.class);

    private final ObjectProvider<ConnectorProperties> props;
    private WatchService watch;

    public PrivateH2Database(ObjectProvider<ConnectorProperties> props) {
        this.props = props;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            H2File.of(pool.getJdbcUrl()).ifPresent(database -> makePrivate(pool, database));
        }
        return bean;
    }

    private void makePrivate(HikariDataSource pool, H2File database) {
        try {
            if (OwnerOnlyFile.privateFolder(database.folder())) {
                log.info("Narrowed the database folder {} to its owner (0700)", database.folder().toAbsolutePath());
            }
            int narrowed = narrowFiles(database);
            if (narrowed > 0) {
                log.info("Narrowed {} database file(s) in {} to their owner (0600)", narrowed, database.folder().toAbsolutePath());
            }
            watch(database);
        } catch (IOException e) {
            throw new UncheckedIOException("The database folder " + database.folder().toAbsolutePath() + " cannot be made owner-only", e);
        }
        String url = H2CompatibilityMode.withPostgresMode(pool.getJdbcUrl());
        if ("TRUE".equalsIgnoreCase(H2CompatibilityMode.settings(url).get("AUTO_SERVER"))) {
            bindServerToLoopback();
        }
        if (pool.getPassword() == null || pool.getPassword().isEmpty()) {
            Path file = Path.of(Optional.ofNullable(props.getObject().secrets()).map(ConnectorProperties.Secrets::h2PasswordFile)
                    .filter(f -> !f.isBlank()).orElse(DEFAULT_PASSWORD_FILE));
            String password = generatedPassword(file);
            upgradeEmptyPassword(url, pool.getUsername() == null ? "" : pool.getUsername(), password, database, file);
            pool.setPassword(password);
        }
    }

    private static String generatedPassword(Path file) {
        try {
            OwnerOnlyFile.Created stored = OwnerOnlyFile.readOrCreate(file, () -> {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            });
            if (stored.value().isEmpty()) {
                throw new IllegalStateException("The H2 password file " + file + " is empty: restore it, or set SPRING_DATASOURCE_PASSWORD");
            }
            if (stored.generated()) {
                log.warn("No SPRING_DATASOURCE_PASSWORD set: generated a password for the H2 database user into {} (readable by its owner "
                        + "only). H2's tools open the database with it while the connector is stopped.", file.toAbsolutePath().normalize());
            }
            SecretMasker.register(stored.value());
            return stored.value();
        } catch (IOException e) {
            throw new UncheckedIOException("The H2 password file " + file + " cannot be read or created; set SPRING_DATASOURCE_PASSWORD", e);
        }
    }

    /** An existing database that refuses the password but opens with the empty one of earlier versions gets the password. */
    private static void upgradeEmptyPassword(String url, String user, String password, H2File database, Path passwordFile) {
        if (!Files.exists(database.dataFile())) {
            return; // created by the first connection, with the password
        }
        try (Connection ok = DriverManager.getConnection(url, user, password)) {
            return;
        } catch (SQLException refused) {
            if (refused.getErrorCode() != WRONG_USER_OR_PASSWORD) {
                throw new IllegalStateException("The H2 database " + database.dataFile().toAbsolutePath() + " cannot be opened: "
                        + refused.getMessage(), refused);
            }
        }
        try (Connection old = DriverManager.getConnection(url, user, ""); Statement sql = old.createStatement()) {
            String name;
            try (ResultSet who = sql.executeQuery("SELECT CURRENT_USER")) {
                who.next();
                name = who.getString(1);
            }
            // DDL takes no parameters; the generated password is base64url, which holds no quote
            sql.execute("ALTER USER \"" + name.replace("\"", "\"\"") + "\" SET PASSWORD '" + password.replace("'", "''") + "'");
            log.warn("The H2 database {} had the empty password of earlier versions: its user {} now has the generated password in {}",
                    database.dataFile().toAbsolutePath(), name, passwordFile.toAbsolutePath().normalize());
        } catch (SQLException stillRefused) {
            throw new IllegalStateException("The H2 database " + database.dataFile().toAbsolutePath() + " refuses the password in "
                    + passwordFile.toAbsolutePath().normalize() + " (and the empty one of earlier versions): set SPRING_DATASOURCE_PASSWORD to its "
                    + "password, or restore that file");
        }
    }

    /**
     * H2's AUTO_SERVER starts a TCP server that accepts other hosts; the connector binds every H2 server to loopback
     * instead (H2's own {@code h2.bindAddress}), before H2 reads it, and refuses to start if it cannot.
     */
    private static void bindServerToLoopback() {
        String wanted = System.getProperty("h2.bindAddress");
        if (wanted == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
            wanted = "127.0.0.1";
        }
        Object effective;
        try {
            effective = Class.forName("org.h2.engine.SysProperties").getField("BIND_ADDRESS").get(null);
        } catch (ReflectiveOperationException e) {
            effective = null;
        }
        if (!LOOPBACK.contains(wanted) || !wanted.equals(effective)) {
            throw new IllegalStateException("SPRING_DATASOURCE_URL asks H2 for AUTO_SERVER, and its server would not be bound to "
                    + "127.0.0.1 (h2.bindAddress is " + effective + "). Remove AUTO_SERVER (the connector needs no shared database; use "
                    + "PostgreSQL to share one), or start the JVM with -Dh2.bindAddress=127.0.0.1.");
        }
        log.warn("SPRING_DATASOURCE_URL asks H2 for AUTO_SERVER: other processes on this host can open the database through a TCP "
                + "server on 127.0.0.1 (with the database password). The connector needs none; remove AUTO_SERVER to close it.");
    }

    private static int narrowFiles(H2File database) throws IOException {
        int narrowed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(database.folder(), database::owns)) {
            for (Path file : files) {
                narrowed += OwnerOnlyFile.ownerOnly(file) ? 1 : 0;
            }
        }
        return narrowed;
    }

    /** Files H2 creates later (trace, lock, temporary files) are narrowed as they appear. */
    private synchronized void watch(H2File database) throws IOException {
        if (watch != null) {
            return;
        }
        watch = database.folder().getFileSystem().newWatchService();
        database.folder().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
        WatchService events = watch;
        Thread watcher = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = events.take();
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                            narrowFiles(database);
                        } else if (database.owns(database.folder().resolve((Path) event.context()))) {
                            OwnerOnlyFile.ownerOnly(database.folder().resolve((Path) event.context()));
                        }
                    }
                    key.reset();
                }
            } catch (InterruptedException | ClosedWatchServiceException stopped) {
                // the application is stopping
            } catch (IOException e) {
                log.warn("Stopped narrowing new database files to their owner: {}", e.getMessage());
            }
        }, "h2-files-owner-only");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public synchronized void destroy() throws IOException {
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    /** An H2 database kept in files: their folder and the name every one of its files starts with. */
    record H2File(Path folder, String name) {

        /** The database of a {@code jdbc:h2:file:} URL (or one naming a path without a protocol); empty for memory and servers. */
        static Optional<H2File> of(String url) {
            if (!url.startsWith("jdbc:h2:")) {
                return Optional.empty();
            }
            String database = url.substring("jdbc:h2:".length()).split(";", 2)[0];
            if (database.startsWith("file:")) {
                database = database.substring("file:".length());
            } else if (database.matches("^[A-Za-z][A-Za-z0-9]*:.*")) {
                return Optional.empty(); // mem:, tcp:, ssl:, zip:, … — no private files of its own here
            }
            if (database.startsWith("~")) {
                database = System.getProperty("user.home") + database.substring(1);
            }
            Path path = Path.of(database).toAbsolutePath().normalize();
            return Optional.of(new H2File(path.getParent(), path.getFileName().toString()));
        }

        Path dataFile() {
            return folder.resolve(name + ".mv.db");
        }

        boolean owns(Path file) {
            return file.getFileName().toString().startsWith(name + ".");
        }
    }
}
