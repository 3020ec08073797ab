package io.hubjira.secret;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Re-encrypts, in place, the secrets earlier versions stored unbound ({@code v1:}) so that each is bound to its
 * table, column and row. Run by the store that owns the columns when it starts, before anything reads them, and on
 * every start rather than once as a Flyway migration: the master key exists only at run time (an environment variable
 * or a key file, never in the database), and unbound values can come back later with a restored backup or with tables
 * copied from an older installation. Each value is replaced only if it is still the one read (compare and set), so
 * instances starting together do no harm; a value that cannot be decrypted (another master key) is left as it is and
 * logged, and its use is refused with a clear error.
 */
public final class UnboundSecrets {

    private static final Logger log = LoggerFactory.getLogger(UnboundSecrets.class);

    private UnboundSecrets() {}

    /** Re-encrypts every unbound value in these columns; answers how many were re-encrypted. */
    public static int bind(JdbcTemplate jdbc, SecretCipher cipher, List<SecretColumn> columns) {
        int rebound = 0;
        for (SecretColumn c : columns) {
            String keys = String.join(", ", c.rowKey());
            String keyMatch = String.join(" AND ", c.rowKey().stream().map(k -> k + " = ?").toList());
            List<Object[]> rows = jdbc.query("SELECT " + keys + ", " + c.column() + " FROM " + c.table() + " WHERE " + c.column() + " LIKE ?",
                    (rs, n) -> {
                        Object[] row = new Object[c.rowKey().size() + 1];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        return row;
                    }, SecretCipher.UNBOUND + "%");
            for (Object[] row : rows) {
                Object[] key = Arrays.copyOf(row, c.rowKey().size());
                String unbound = (String) row[row.length - 1];
                SecretBinding where = c.at(key);
                String bound;
                try {
                    bound = cipher.encrypt(cipher.decryptUnbound(unbound), where);
                } catch (SecretCipher.SecretException e) {
                    log.error("The unbound secret in {} (row {}) was left as it is: {}", where.place(), where.row(), e.getMessage());
                    continue;
                }
                List<Object> args = new ArrayList<>(List.of(bound));
                args.addAll(List.of(key));
                args.add(unbound);
                rebound += jdbc.update("UPDATE " + c.table() + " SET " + c.column() + " = ? WHERE " + keyMatch + " AND " + c.column() + " = ?",
                        args.toArray());
            }
        }
        if (rebound > 0) {
            log.info("Re-encrypted {} stored secret(s) of an earlier version, each now bound to its table, column and row", rebound);
        }
        return rebound;
    }
}
