package io.hubjira.secret;

import java.util.List;

/**
 * A column holding encrypted secrets, and the columns that identify a row of its table: a ciphertext is bound to the
 * values of those columns as well (the Jira token to its site URL too, so a changed URL cannot send the token elsewhere).
 */
public record SecretColumn(String table, String column, List<String> rowKey) {

    public SecretColumn(String table, String column, String... rowKey) {
        this(table, column, List.of(rowKey));
    }

    /** The binding for the row with these key values, in the order of {@link #rowKey()}. */
    public SecretBinding at(Object... rowKeyValues) {
        if (rowKeyValues.length != rowKey.size()) {
            throw new IllegalArgumentException(table + "." + column + " rows are identified by " + rowKey);
        }
        StringBuilder row = new StringBuilder();
        for (Object value : rowKeyValues) {
            row.append(row.isEmpty() ? "" : "|").append(value);
        }
        return new SecretBinding(table, column, row.toString());
    }
}
