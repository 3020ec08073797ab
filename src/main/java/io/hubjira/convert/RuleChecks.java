package io.hubjira.convert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.convert.FieldKinds.HubSpotKind;
import io.hubjira.item.ConditionalRule;
import org.springframework.stereotype.Component;

/**
 * Conditional Sync Rule operators: EQUALS, NOT_EQUALS, CONTAINS, GREATER_THAN, LESS_THAN (numbers, dates and
 * datetimes, compared as numbers and instants), IS_EMPTY, IS_NOT_EMPTY, IN_LIST (values separated by ; or ,).
 * Text comparisons ignore case; enumeration values compare by option value; a multi-select matches when any of its
 * values does.
 */
@Component
public class RuleChecks implements RuleEvaluation {

    public enum Operator { EQUALS, NOT_EQUALS, CONTAINS, GREATER_THAN, LESS_THAN, IS_EMPTY, IS_NOT_EMPTY, IN_LIST }

    public static Optional<Operator> operator(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        if (normalized.equals("IN")) {
            normalized = "IN_LIST";
        }
        try {
            return Optional.of(Operator.valueOf(normalized));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Optional<String> operatorProblem(String operatorText, PropertyInfo property) {
        Optional<Operator> op = operator(operatorText);
        if (op.isEmpty()) {
            return Optional.of("unknown operator '" + operatorText + "' (EQUALS, NOT_EQUALS, CONTAINS, GREATER_THAN, LESS_THAN, IS_EMPTY, IS_NOT_EMPTY, IN_LIST)");
        }
        HubSpotKind kind = FieldKinds.of(property);
        boolean fits = switch (op.get()) {
            case GREATER_THAN, LESS_THAN -> kind == HubSpotKind.NUMBER || kind == HubSpotKind.DATE || kind == HubSpotKind.DATETIME;
            case CONTAINS -> kind == HubSpotKind.TEXT || kind == HubSpotKind.RICH_TEXT || kind == HubSpotKind.MULTI_ENUM;
            case IN_LIST -> kind != HubSpotKind.BOOL;
            default -> true;
        };
        return fits ? Optional.empty() : Optional.of("operator " + op.get() + " does not fit the " + property.type()
                + " property '" + property.name() + "'");
    }

    @Override
    public boolean isMet(ConditionalRule rule, String value, PropertyInfo property) {
        Operator op = operator(rule.operator()).orElseThrow(() -> new IllegalArgumentException("unknown operator " + rule.operator()));
        HubSpotKind kind = property == null ? HubSpotKind.TEXT : FieldKinds.of(property);
        return evaluate(op, value == null ? "" : value, rule.value() == null ? "" : rule.value(), kind);
    }

    static boolean evaluate(Operator op, String actual, String expected, HubSpotKind kind) {
        String a = actual.trim();
        String e = expected.trim();
        return switch (op) {
            case IS_EMPTY -> a.isEmpty();
            case IS_NOT_EMPTY -> !a.isEmpty();
            case EQUALS -> matchesAny(a, kind, v -> same(v, e, kind));
            case NOT_EQUALS -> !matchesAny(a, kind, v -> same(v, e, kind));
            case CONTAINS -> a.toLowerCase(Locale.ROOT).contains(e.toLowerCase(Locale.ROOT));
            case IN_LIST -> Arrays.stream(e.split("[;,]")).map(String::trim).filter(s -> !s.isEmpty())
                    .anyMatch(candidate -> matchesAny(a, kind, v -> same(v, candidate, kind)));
            case GREATER_THAN -> !a.isEmpty() && compare(a, e, kind) > 0;
            case LESS_THAN -> !a.isEmpty() && compare(a, e, kind) < 0;
        };
    }

    private static boolean matchesAny(String actual, HubSpotKind kind, java.util.function.Predicate<String> test) {
        if (kind == HubSpotKind.MULTI_ENUM) {
            return Arrays.stream(actual.split(";")).map(String::trim).anyMatch(test);
        }
        return test.test(actual);
    }

    private static boolean same(String a, String e, HubSpotKind kind) {
        return switch (kind) {
            case NUMBER -> !a.isEmpty() && !e.isEmpty() && new BigDecimal(a).compareTo(new BigDecimal(e)) == 0;
            case DATE, DATETIME -> !a.isEmpty() && !e.isEmpty() && ValueConversions.instant(a).equals(ValueConversions.instant(e));
            case ENUM, MULTI_ENUM, OWNER -> a.equals(e);
            default -> a.equalsIgnoreCase(e);
        };
    }

    private static int compare(String a, String e, HubSpotKind kind) {
        if (kind == HubSpotKind.DATE || kind == HubSpotKind.DATETIME) {
            Instant left = ValueConversions.instant(a);
            Instant right = ValueConversions.instant(e);
            return left.compareTo(right);
        }
        return new BigDecimal(a).compareTo(new BigDecimal(e));
    }
}
