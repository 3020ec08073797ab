package io.hubjira.sandbox.jira;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.sandbox.jira.JiraSandbox.Issue;

/**
 * The JQL the connector and common clients use: clauses joined by AND on project, key, labels, status, updated,
 * created and issue.property[key].path, with =, !=, in, not in, >=, <=, >, <; ORDER BY key|updated|created. A query
 * without any restriction is refused, as Jira's enhanced search does.
 */
final class Jql {

    private static final Pattern ORDER = Pattern.compile("(?i)\\s+ORDER\\s+BY\\s+(.+)$");
    private static final Pattern CLAUSE = Pattern.compile(
            "(?i)^\\s*(issue\\.property\\[[^\\]]+\\](?:\\.[\\w.]+)?|cf\\[\\d+\\]|[\\w.]+)\\s*(not\\s+in|in|!=|>=|<=|=|>|<|~)\\s*(\\(.*\\)|\"[^\"]*\"|'[^']*'|\\S+)\\s*$");

    private Jql() {}

    record Query(Predicate<Issue> filter, Comparator<Issue> order) {}

    static Query parse(String jql, JiraSandbox state) {
        if (jql == null || jql.isBlank()) {
            throw JiraError.of(400, "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.");
        }
        String text = jql.trim();
        Comparator<Issue> order = Comparator.comparingLong(i -> Long.parseLong(i.id));
        Matcher m = ORDER.matcher(text);
        if (m.find()) {
            order = order(m.group(1));
            text = text.substring(0, m.start()).trim();
        } else if (text.toUpperCase(Locale.ROOT).startsWith("ORDER BY")) {
            throw JiraError.of(400, "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.");
        }
        if (text.isEmpty()) {
            throw JiraError.of(400, "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.");
        }
        Predicate<Issue> filter = i -> !i.deleted;
        for (String clause : text.split("(?i)\\s+AND\\s+")) {
            filter = filter.and(clause(ungrouped(clause), state));
        }
        return new Query(filter, order);
    }

    /** A clause without the grouping parentheses of an AND group around it ("(labels = vip" of "(labels = vip AND …)"). */
    static String ungrouped(String clause) {
        String c = clause.trim();
        while (true) {
            long open = c.chars().filter(ch -> ch == '(').count();
            long close = c.chars().filter(ch -> ch == ')').count();
            if (c.startsWith("(") && open > close) {
                c = c.substring(1).trim();
            } else if (c.endsWith(")") && close > open) {
                c = c.substring(0, c.length() - 1).trim();
            } else if (c.startsWith("(") && c.endsWith(")") && open == close && balanced(c.substring(1, c.length() - 1))) {
                c = c.substring(1, c.length() - 1).trim();
            } else {
                return c;
            }
        }
    }

    private static boolean balanced(String text) {
        int depth = 0;
        for (char ch : text.toCharArray()) {
            depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    private static Predicate<Issue> clause(String clause, JiraSandbox state) {
        Matcher m = CLAUSE.matcher(clause);
        if (!m.matches()) {
            throw JiraError.of(400, "Error in the JQL Query: Expecting operator but got '" + clause.trim() + "'.");
        }
        String field = m.group(1).toLowerCase(Locale.ROOT);
        String op = m.group(2).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        List<String> values = values(m.group(3));
        if (field.startsWith("issue.property[")) {
            String spec = m.group(1);
            String key = spec.substring(spec.indexOf('[') + 1, spec.indexOf(']'));
            String path = spec.contains("].") ? spec.substring(spec.indexOf("].") + 2) : null;
            return i -> {
                JsonNode v = i.properties.get(key);
                if (v != null && path != null) {
                    for (String part : path.split("\\.")) {
                        v = v.path(part);
                    }
                }
                String actual = v == null || v.isMissingNode() ? null : v.asText();
                return compare(op, actual == null ? List.of() : List.of(actual), values);
            };
        }
        return switch (field) {
            case "project" -> i -> compare(op, List.of(i.projectKey, state.project(i.projectKey).map(JiraSandbox.Project::id).orElse("")), values);
            case "key", "issuekey", "id" -> i -> compare(op, List.of(i.key, i.id), values);
            case "labels" -> i -> {
                List<String> labels = new ArrayList<>();
                i.fields.path("labels").forEach(l -> labels.add(l.asText()));
                return compare(op, labels, values);
            };
            case "status" -> i -> compare(op, List.of(JiraSandbox.STATUSES.get(i.statusId).name(), i.statusId), values);
            case "updated", "created" -> {
                Instant bound = instant(values.get(0));
                yield i -> {
                    Instant t = field.equals("updated") ? i.updated : i.created;
                    return switch (op) {
                        case ">=" -> !t.isBefore(bound);
                        case ">" -> t.isAfter(bound);
                        case "<=" -> !t.isAfter(bound);
                        case "<" -> t.isBefore(bound);
                        default -> throw JiraError.of(400, "The operator '" + op + "' is not supported by the '" + field + "' field.");
                    };
                };
            }
            case "summary" -> i -> i.fields.path("summary").asText().toLowerCase(Locale.ROOT).contains(values.get(0).toLowerCase(Locale.ROOT).replace("*", ""));
            default -> {
                String id = field.startsWith("cf[") ? "customfield_" + field.substring(3, field.length() - 1) : field;
                if (state.fields.stream().noneMatch(f -> f.id().equalsIgnoreCase(id))) {
                    throw JiraError.of(400, "Field '" + m.group(1) + "' does not exist or you do not have permission to view it.");
                }
                yield i -> {
                    JsonNode v = i.fields.path(id);
                    String actual = v.isObject() ? v.path("value").asText(v.path("name").asText(v.path("accountId").asText())) : v.isMissingNode() || v.isNull() ? "" : v.asText();
                    if (op.equals("~")) {
                        return actual.toLowerCase(Locale.ROOT).contains(values.get(0).toLowerCase(Locale.ROOT));
                    }
                    boolean equal = values.stream().anyMatch(e -> e.equalsIgnoreCase(actual) || sameNumber(e, actual));
                    return switch (op) {
                        case "=", "in" -> equal;
                        case "!=", "not in" -> !equal;
                        default -> throw JiraError.of(400, "The operator '" + op + "' is not supported by the '" + m.group(1) + "' field.");
                    };
                };
            }
        };
    }

    private static boolean sameNumber(String a, String b) {
        try {
            return new java.math.BigDecimal(a.trim()).compareTo(new java.math.BigDecimal(b.trim())) == 0;
        } catch (RuntimeException notNumbers) {
            return false;
        }
    }

    private static boolean compare(String op, List<String> actual, List<String> expected) {
        boolean any = actual.stream().anyMatch(a -> expected.stream().anyMatch(e -> e.equalsIgnoreCase(a)));
        return switch (op) {
            case "=", "in", "~" -> any;
            case "!=", "not in" -> !any;
            default -> throw JiraError.of(400, "The operator '" + op + "' is not supported here.");
        };
    }

    private static List<String> values(String raw) {
        String r = raw.trim();
        List<String> out = new ArrayList<>();
        if (r.startsWith("(")) {
            for (String part : r.substring(1, r.length() - 1).split(",")) {
                out.add(unquote(part.trim()));
            }
        } else {
            out.add(unquote(r));
        }
        return out;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1).replace("\\\"", "\"");
        }
        return s;
    }

    private static Instant instant(String value) {
        Matcher relative = Pattern.compile("^(-?)(\\d+)([mhdw])$").matcher(value.trim());
        if (relative.matches()) {
            long n = Long.parseLong(relative.group(2));
            Duration d = switch (relative.group(3)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return relative.group(1).isEmpty() ? Instant.now().plus(d) : Instant.now().minus(d);
        }
        for (String pattern : List.of("yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm")) {
            try {
                return LocalDateTime.parse(value, DateTimeFormatter.ofPattern(pattern)).toInstant(ZoneOffset.UTC);
            } catch (Exception ignored) {
                // next pattern
            }
        }
        try {
            return java.time.LocalDate.parse(value.replace('/', '-')).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (Exception e) {
            throw JiraError.of(400, "Date value '" + value + "' for field is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.");
        }
    }

    private static Comparator<Issue> order(String spec) {
        Comparator<Issue> result = null;
        for (String part : spec.split(",")) {
            String[] words = part.trim().split("\\s+");
            Comparator<Issue> c = switch (words[0].toLowerCase(Locale.ROOT)) {
                case "updated" -> Comparator.comparing(i -> i.updated);
                case "created" -> Comparator.comparing(i -> i.created);
                default -> Comparator.comparingLong(i -> Long.parseLong(i.id));
            };
            if (words.length > 1 && words[1].equalsIgnoreCase("DESC")) {
                c = c.reversed();
            }
            result = result == null ? c : result.thenComparing(c);
        }
        return result;
    }
}
