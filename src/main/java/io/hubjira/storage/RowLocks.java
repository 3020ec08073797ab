package io.hubjira.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The row-lock clause for queues several workers and instances take from: {@code FOR UPDATE SKIP LOCKED} on
 * PostgreSQL (a worker passes over rows another holds); plain {@code FOR UPDATE} on H2, the single-instance default.
 */
public final class RowLocks {

    private RowLocks() {}

    public static String takeClause(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            return postgres ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
        } catch (SQLException e) {
            throw new IllegalStateException("The database could not be asked what it is: " + e.getMessage(), e);
        }
    }
}
