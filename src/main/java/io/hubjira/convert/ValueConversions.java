package io.hubjira.convert;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.catalog.HubSpotMetadata.OptionInfo;
import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.AllowedValue;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.convert.FieldKinds.HubSpotKind;
import io.hubjira.convert.FieldKinds.JiraKind;
import io.hubjira.item.ValueMap;
import io.hubjira.jira.JiraFieldValue;
import io.hubjira.jira.JiraFieldValue.DateTime;
import io.hubjira.jira.JiraFieldValue.Document;
import io.hubjira.jira.JiraFieldValue.Labels;
import io.hubjira.jira.JiraFieldValue.Option;
import io.hubjira.jira.JiraFieldValue.Options;
import io.hubjira.jira.JiraFieldValue.Priority;
import io.hubjira.jira.JiraFieldValue.Text;
import io.hubjira.jira.JiraFieldValue.User;
import io.hubjira.people.People;
import org.springframework.stereotype.Component;

/**
 * Mapped values between HubSpot (always strings) and typed Jira field values, both ways. Enumerations are written as option
 * values, never labels (a Jira option matches a HubSpot option by value or label, case-insensitively); dates stay on
 * their calendar day (HubSpot dates are midnight UTC); datetimes keep their instant; priorities go through the
 * priority map (Low/Medium/High, Urgent ⇄ Highest); owners and users meet through the {@link People} the caller hands over.
 */
@Component
public class ValueConversions implements ValueMapping {

    static final DateTimeFormatter JIRA_DATETIME = io.hubjira.http.Instants.JIRA;
    static final Map<String, String> PRIORITY_TO_JIRA = Map.of("low", "Low", "medium", "Medium", "high", "High", "urgent", "Highest");
    static final Map<String, String> PRIORITY_TO_HUBSPOT = Map.of("lowest", "low", "low", "low", "medium", "medium", "high", "high", "highest", "urgent");

    private final RichText richText;
    private final TextFit textFit;

    public ValueConversions(RichText richText, TextFit textFit) {
        this.richText = richText;
        this.textFit = textFit;
    }

    @Override
    public JiraFieldValue toJira(String hubspotValue, PropertyInfo property, FieldInfo field, ValueMap map, TextFit.FullText fullText, People people) {
        JiraKind kind = FieldKinds.of(field);
        if (hubspotValue == null || (kind != JiraKind.TEXT && kind != JiraKind.RICH_TEXT)) {
            return toJira(hubspotValue, property, field, map, people);
        }
        int max = FieldKinds.textLimit(field).maxLength();
        // a text is capped at the field's limit before it is converted (an option's value stays whole), then what it became is fitted
        HubSpotKind hs = FieldKinds.of(property);
        String capped = hs == HubSpotKind.RICH_TEXT && isHtml(property) ? textFit.html(hubspotValue, max, fullText)
                : hs == HubSpotKind.TEXT || hs == HubSpotKind.RICH_TEXT ? textFit.plain(hubspotValue, max, fullText) : hubspotValue;
        JiraFieldValue converted = toJira(capped, property, field, map, people);
        if (converted instanceof Document document) {
            return new Document(textFit.adf(document.adf(), max, fullText));
        }
        return converted instanceof Text text ? new Text(textFit.plain(text.text(), max, fullText)) : converted;
    }

    @Override
    public String toHubSpot(JiraFieldValue jiraValue, FieldInfo field, PropertyInfo property, ValueMap map, TextFit.FullText fullText, People people) {
        HubSpotKind hs = FieldKinds.of(property);
        if (hs != HubSpotKind.TEXT && hs != HubSpotKind.RICH_TEXT) {
            return toHubSpot(jiraValue, field, property, map, people);
        }
        int max = io.hubjira.hubspot.HubSpotTextLimit.PROPERTY_VALUE.maxLength();
        // an ADF body is capped at the property's limit before it is converted, then what it became is fitted
        JiraFieldValue capped = jiraValue instanceof Document document && FieldKinds.of(field) == JiraKind.RICH_TEXT
                ? new Document(textFit.adf(document.adf(), max, fullText)) : jiraValue;
        String value = toHubSpot(capped, field, property, map, people);
        return hs == HubSpotKind.RICH_TEXT && isHtml(property) ? textFit.html(value, max, fullText) : textFit.plain(value, max, fullText);
    }

    @Override
    public JiraFieldValue toJira(String value, PropertyInfo property, FieldInfo field, People people) {
        if (value == null || value.isEmpty()) {
            return FieldKinds.of(field) == JiraKind.LABELS ? new Labels(List.of())
                    : FieldKinds.of(field) == JiraKind.OPTIONS ? new Options(List.of()) : JiraFieldValue.CLEARED;
        }
        HubSpotKind hs = FieldKinds.of(property);
        return switch (FieldKinds.of(field)) {
            case TEXT -> new Text(hs == HubSpotKind.RICH_TEXT ? richText.adfToText(richText.htmlToAdf(value))
                    : hs == HubSpotKind.ENUM ? optionLabel(property, value) : value);
            case RICH_TEXT -> new Document(isHtml(property) ? richText.htmlToAdf(value) : richText.textToAdf(value));
            case NUMBER -> new JiraFieldValue.Number(new BigDecimal(value.trim()));
            case DATE -> new JiraFieldValue.Date(LocalDate.ofInstant(instant(value), ZoneOffset.UTC));
            case DATETIME -> new DateTime(instant(value));
            case OPTION -> Option.withValue(jiraOption(property, field, value));
            case OPTIONS -> {
                List<Option> options = new ArrayList<>();
                for (String v : value.split(";")) {
                    if (!v.isBlank()) {
                        options.add(Option.withValue(jiraOption(property, field, v.trim())));
                    }
                }
                yield new Options(options);
            }
            case LABELS -> {
                List<String> labels = new ArrayList<>();
                for (String v : value.split(";")) {
                    if (!v.isBlank()) {
                        labels.add(v.trim().replaceAll("\\s+", "_"));
                    }
                }
                yield new Labels(labels);
            }
            case PRIORITY -> new Priority(PRIORITY_TO_JIRA.getOrDefault(value.trim().toLowerCase(Locale.ROOT), value.trim()));
            case USER -> people.jiraAccountForOwner(value.trim()).<JiraFieldValue>map(User::new).orElse(JiraFieldValue.CLEARED);
            case UNSUPPORTED -> throw new TransformException(field.fieldId(), value, "Jira field type " + field.schema().type() + " is not supported");
        };
    }

    @Override
    public String toHubSpot(JiraFieldValue value, FieldInfo field, PropertyInfo property, People people) {
        if (value == null || value instanceof JiraFieldValue.Cleared) {
            return "";
        }
        HubSpotKind hs = FieldKinds.of(property);
        return switch (FieldKinds.of(field)) {
            case TEXT -> plain(value);
            case RICH_TEXT -> value instanceof Document document ? richTextForHubSpot(RecordReference.stripped(document.adf()), property) : plain(value);
            case NUMBER -> value instanceof JiraFieldValue.Number number ? number.value().stripTrailingZeros().toPlainString() : plain(value);
            case DATE -> plain(value);
            case DATETIME -> instant(plain(value)).toString();
            case OPTION -> hs == HubSpotKind.BOOL ? bool(optionValue(value)) : hubspotOption(property, optionValue(value), field);
            case OPTIONS -> String.join(";", optionValues(value).stream().map(v -> hubspotOption(property, v, field)).toList());
            case LABELS -> {
                List<String> labels = labels(value);
                yield hs == HubSpotKind.ENUM || hs == HubSpotKind.MULTI_ENUM
                        ? String.join(";", labels.stream().map(l -> hubspotOption(property, l.replace('_', ' '), field)).toList())
                        : String.join(";", labels);
            }
            case PRIORITY -> {
                String name = plain(value);
                String mapped = PRIORITY_TO_HUBSPOT.getOrDefault(name.toLowerCase(Locale.ROOT), name);
                yield hs == HubSpotKind.ENUM ? hubspotOption(property, mapped, field) : mapped;
            }
            case USER -> people.ownerForJiraAccount(value instanceof User user ? user.accountId() : "").orElse("");
            case UNSUPPORTED -> throw new TransformException(field.fieldId(), plain(value), "Jira field type " + field.schema().type() + " is not supported");
        };
    }

    @Override
    public JiraFieldValue toJira(String hubspotValue, PropertyInfo property, FieldInfo field, ValueMap map, People people) {
        if (map == null || map.isEmpty() || hubspotValue == null || hubspotValue.isEmpty()) {
            return toJira(hubspotValue, property, field, people);
        }
        JiraKind kind = FieldKinds.of(field);
        if (kind == JiraKind.USER) {
            return map.toJira(hubspotValue.trim()).<JiraFieldValue>map(User::new)
                    .orElseGet(() -> toJira(hubspotValue, property, field, people));
        }
        if (kind == JiraKind.OPTIONS) {
            // each option through the map, or by its label when the map does not name it
            List<Option> options = new ArrayList<>();
            for (String v : hubspotValue.split(";")) {
                if (!v.isBlank()) {
                    Optional<String> mapped = map.toJira(v.trim());
                    options.add(Option.withValue(mapped.isPresent() ? jiraOption(TEXT_VALUES, field, mapped.get()) : jiraOption(property, field, v.trim())));
                }
            }
            return new Options(options);
        }
        if (kind == JiraKind.LABELS) {
            List<String> out = new ArrayList<>();
            for (String v : hubspotValue.split(";")) {
                if (!v.isBlank()) {
                    out.add(map.toJira(v.trim()).orElse(v.trim()));
                }
            }
            return toJira(String.join(";", out), TEXT_VALUES, field, people);
        }
        return map.toJira(hubspotValue.trim()).map(mapped -> toJira(mapped, TEXT_VALUES, field, people))
                .orElseGet(() -> toJira(hubspotValue, property, field, people));
    }

    @Override
    public String toHubSpot(JiraFieldValue jiraValue, FieldInfo field, PropertyInfo property, ValueMap map, People people) {
        if (map == null || map.isEmpty() || jiraValue == null || jiraValue instanceof JiraFieldValue.Cleared) {
            return toHubSpot(jiraValue, field, property, people);
        }
        List<String> tokens = switch (FieldKinds.of(field)) {
            case OPTION -> List.of(optionValue(jiraValue));
            case OPTIONS -> optionValues(jiraValue);
            case LABELS -> labels(jiraValue);
            case USER -> List.of(jiraValue instanceof User user ? user.accountId() : "");
            default -> List.of(plain(jiraValue));
        };
        List<String> out = new ArrayList<>();
        for (String token : tokens) {
            Optional<String> mapped = map.toHubSpot(token);
            if (mapped.isEmpty()) {
                return toHubSpot(jiraValue, field, property, people);
            }
            out.add(mapped.get());
        }
        return String.join(";", out);
    }

    @Override
    public boolean unmatchedUser(FieldInfo field, String hubspotValue, JiraFieldValue jiraValue) {
        if (FieldKinds.of(field) != JiraKind.USER) {
            return false;
        }
        boolean hubspotHas = hubspotValue != null && !hubspotValue.isBlank();
        boolean jiraHas = jiraValue instanceof User user && !user.isEmpty();
        return hubspotHas != jiraHas;
    }

    @Override
    public JiraFieldValue.Shape shape(FieldInfo field) {
        return switch (FieldKinds.of(field)) {
            case TEXT, UNSUPPORTED -> JiraFieldValue.Shape.TEXT;
            case RICH_TEXT -> JiraFieldValue.Shape.DOCUMENT;
            case NUMBER -> JiraFieldValue.Shape.NUMBER;
            case DATE -> JiraFieldValue.Shape.DATE;
            case DATETIME -> JiraFieldValue.Shape.DATETIME;
            case OPTION -> JiraFieldValue.Shape.OPTION;
            case OPTIONS -> JiraFieldValue.Shape.OPTIONS;
            case LABELS -> JiraFieldValue.Shape.LABELS;
            case PRIORITY -> JiraFieldValue.Shape.PRIORITY;
            case USER -> JiraFieldValue.Shape.USER;
        };
    }

    @Override
    public boolean jiraHolds(JiraFieldValue wanted, JiraFieldValue current, FieldInfo field) {
        JiraKind kind = FieldKinds.of(field);
        if (kind == JiraKind.RICH_TEXT) {
            return richTextOf(wanted).equals(richTextOf(current));
        }
        if (empty(wanted) || empty(current)) {
            return empty(wanted) && empty(current);
        }
        return switch (kind) {
            case TEXT -> plain(wanted).equals(plain(current));
            case NUMBER -> decimal(wanted).compareTo(decimal(current)) == 0;
            case DATE -> plain(wanted).equals(plain(current).length() > 10 ? plain(current).substring(0, 10) : plain(current));
            case DATETIME -> instantOf(wanted).equals(instantOf(current));
            case OPTION -> sameOption(wanted, current);
            case OPTIONS -> new HashSet<>(optionValues(wanted)).equals(new HashSet<>(optionValues(current)));
            case LABELS -> new HashSet<>(labels(wanted)).equals(new HashSet<>(labels(current)));
            case PRIORITY -> plain(current).equalsIgnoreCase(plain(wanted));
            case USER -> (wanted instanceof User w ? w.accountId() : "").equals(current instanceof User c ? c.accountId() : "");
            case RICH_TEXT, UNSUPPORTED -> false;
        };
    }

    private String richTextOf(JiraFieldValue value) {
        return value instanceof Document document ? richText.adfToHtml(RecordReference.stripped(document.adf()))
                : value == null ? "" : plain(value);
    }

    private String richTextForHubSpot(JsonNode adf, PropertyInfo property) {
        return isHtml(property) ? richText.adfToHtml(adf) : richText.adfToText(adf);
    }

    private static boolean empty(JiraFieldValue v) {
        return v == null || v.isEmpty();
    }

    /** A single value as the text it stands for: a text, a number, a day, an option's value, a priority's name… */
    private static String plain(JiraFieldValue value) {
        if (value instanceof Text text) {
            return text.text();
        }
        if (value instanceof JiraFieldValue.Number number) {
            return number.value().toString();
        }
        if (value instanceof JiraFieldValue.Date date) {
            return date.day().toString();
        }
        if (value instanceof DateTime dateTime) {
            return JIRA_DATETIME.format(dateTime.instant().atOffset(ZoneOffset.UTC));
        }
        if (value instanceof Option option) {
            return option.value();
        }
        if (value instanceof Priority priority) {
            return priority.name();
        }
        if (value instanceof User user) {
            return user.accountId();
        }
        return "";
    }

    private static BigDecimal decimal(JiraFieldValue v) {
        return v instanceof JiraFieldValue.Number number ? number.value() : new BigDecimal(plain(v).trim());
    }

    private static Instant instantOf(JiraFieldValue v) {
        return v instanceof DateTime dateTime ? dateTime.instant() : instant(plain(v));
    }

    private static boolean sameOption(JiraFieldValue wanted, JiraFieldValue current) {
        if (wanted instanceof Option w && current instanceof Option c && w.id() != null && c.id() != null) {
            return w.id().equals(c.id());
        }
        return optionValue(wanted).equals(optionValue(current));
    }

    private static String optionValue(JiraFieldValue value) {
        return value instanceof Option option ? option.value() : "";
    }

    private static List<String> optionValues(JiraFieldValue value) {
        return value instanceof Options options ? options.options().stream().map(Option::value).toList() : List.of();
    }

    private static List<String> labels(JiraFieldValue value) {
        return value instanceof Labels labels ? labels.labels() : List.of();
    }
    /** A stand-in for a mapped value: already the Jira value, so it is taken as text (no HubSpot option lookup). */
    private static final PropertyInfo TEXT_VALUES = new PropertyInfo("mapped", "mapped", "string", "text", List.of(), false, null);

    private String jiraOption(PropertyInfo property, FieldInfo field, String hubspotValue) {
        Optional<OptionInfo> option = property.options().stream().filter(o -> o.value().equals(hubspotValue)).findFirst();
        if (FieldKinds.of(property) == HubSpotKind.BOOL) {
            return matchAllowed(field.allowedValues(), new OptionInfo(hubspotValue.equals("true") ? "Yes" : "No", hubspotValue, 0))
                    .map(AllowedValue::display).orElse(hubspotValue);
        }
        if (field.allowedValues().isEmpty()) {
            return option.map(OptionInfo::label).orElse(hubspotValue);
        }
        OptionInfo candidate = option.orElse(new OptionInfo(hubspotValue, hubspotValue, 0));
        return matchAllowed(field.allowedValues(), candidate).map(AllowedValue::display)
                .orElseThrow(() -> new TransformException(field.fieldId(), hubspotValue,
                        "no Jira option of '" + field.name() + "' matches HubSpot option '" + candidate.label() + "'"));
    }

    private String hubspotOption(PropertyInfo property, String jiraValue, FieldInfo field) {
        if (property.options().isEmpty()) {
            return jiraValue;
        }
        return property.options().stream()
                .filter(o -> o.value().equalsIgnoreCase(jiraValue) || o.label().equalsIgnoreCase(jiraValue))
                .map(OptionInfo::value).findFirst()
                .orElseThrow(() -> new TransformException(field.fieldId(), jiraValue,
                        "HubSpot property '" + property.name() + "' has no option matching Jira value '" + jiraValue + "'"));
    }

    static Optional<AllowedValue> matchAllowed(List<AllowedValue> allowed, OptionInfo option) {
        return allowed.stream().filter(a -> {
            String shown = a.display();
            return shown != null && (shown.equalsIgnoreCase(option.value()) || shown.equalsIgnoreCase(option.label()));
        }).findFirst();
    }

    private String optionLabel(PropertyInfo property, String value) {
        return property.options().stream().filter(o -> o.value().equals(value)).map(OptionInfo::label).findFirst().orElse(value);
    }

    private static String bool(String jiraValue) {
        String v = jiraValue.trim().toLowerCase(Locale.ROOT);
        return v.equals("yes") || v.equals("true") ? "true" : "false";
    }

    private static boolean isHtml(PropertyInfo property) {
        return "html".equalsIgnoreCase(property.fieldType());
    }

    /** HubSpot date/datetime strings: epoch milliseconds, ISO instants, ISO dates (midnight UTC), Jira datetimes. */
    static Instant instant(String text) {
        return io.hubjira.http.Instants.parse(text);
    }
}
