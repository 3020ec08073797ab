package io.hubjira.secret;

import java.nio.charset.StandardCharsets;

/**
 * Where a ciphertext lives: its table, column and row. The cipher binds every ciphertext to it (AES-GCM associated
 * data), so a value copied to another column, table or row refuses to decrypt instead of yielding a secret in the
 * wrong place. {@code row} is the row's identity, the values of its key columns joined by {@code |} (see
 * {@link SecretColumn}).
 */
public record SecretBinding(String table, String column, String row) {

    /** Where the value lives, without the row (shown in errors and written beside the ciphertext). */
    public String place() {
        return table + "." + column;
    }

    byte[] associatedData() {
        return ("hubjira-secret|" + table + "|" + column + "|" + row).getBytes(StandardCharsets.UTF_8);
    }
}
