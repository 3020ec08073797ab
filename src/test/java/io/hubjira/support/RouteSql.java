package io.hubjira.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * The SQL a route file's {@code sql:} step runs, read from the route file itself, so storage tests run the very
 * statements the routes run, on H2 and on PostgreSQL. {@code :#${exchangeProperty.claim.worker}} becomes the named
 * parameter {@code :worker}, and property placeholders get the values given.
 */
public final class RouteSql {

    private RouteSql() {}

    public static String statement(String routeFile, String stepId, Map<String, String> placeholders) {
        Object tree;
        try {
            tree = new Yaml().load(Files.readString(Path.of("routes", routeFile)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String uri = find(tree, stepId);
        if (uri == null || !uri.startsWith("sql:")) {
            throw new AssertionError("no sql: step '" + stepId + "' in routes/" + routeFile);
        }
        String sql = uri.substring("sql:".length());
        Matcher m = Pattern.compile(":#\\$\\{exchangeProperty\\.claim\\.(\\w+)}").matcher(sql);
        sql = m.replaceAll(":$1");
        for (var p : placeholders.entrySet()) {
            sql = sql.replace("{{" + p.getKey() + "}}", p.getValue());
        }
        if (sql.contains("{{") || sql.contains("${")) {
            throw new AssertionError("unresolved expression in " + stepId + ": " + sql);
        }
        return sql;
    }

    @SuppressWarnings("unchecked")
    private static String find(Object node, String id) {
        if (node instanceof Map<?, ?> map) {
            if (id.equals(map.get("id")) && map.get("uri") instanceof String uri) {
                return uri;
            }
            for (Object v : map.values()) {
                String found = find(v, id);
                if (found != null) {
                    return found;
                }
            }
        } else if (node instanceof List<?> list) {
            for (Object v : list) {
                String found = find(v, id);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
