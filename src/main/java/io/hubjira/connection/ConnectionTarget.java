package io.hubjira.connection;

import java.util.regex.Pattern;

/**
 * Which connection of a list a connect saves into: the first one (the single-connection API paths and the start-up
 * settings; created when the list is empty), an existing one by id, or a new one with the name an admin chose.
 */
public record ConnectionTarget(Kind kind, long id, String name) {

    public enum Kind { FIRST, EXISTING, NEW }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");

    public static ConnectionTarget first() {
        return new ConnectionTarget(Kind.FIRST, 0, null);
    }

    public static ConnectionTarget existing(long id) {
        return new ConnectionTarget(Kind.EXISTING, id, null);
    }

    /** A new connection: the name is checked here (400 naming the rule). */
    public static ConnectionTarget added(String name) {
        if (name == null || name.isBlank()) {
            throw new ConnectionProblem(400, "name_required", "name", "A new connection needs a name (letters, digits, space, '.', '_' or '-', "
                    + "up to 100 characters), e.g. eu-portal.");
        }
        String trimmed = name.trim();
        if (!NAME.matcher(trimmed).matches()) {
            throw new ConnectionProblem(400, "invalid_name", "name", "A connection name has letters, digits, space, '.', '_' or '-' and up "
                    + "to 100 characters, starting with a letter or digit.");
        }
        return new ConnectionTarget(Kind.NEW, 0, trimmed);
    }
}
