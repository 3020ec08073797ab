package io.hubjira.convert;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.hubjira.catalog.HubSpotMetadata.OptionInfo;
import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.AllowedValue;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.convert.FieldKinds.HubSpotKind;
import io.hubjira.convert.FieldKinds.JiraKind;
import io.hubjira.item.ValueMap;
import io.hubjira.people.People;
import org.springframework.stereotype.Component;

/**
 * Mapped values between HubSpot (always strings) and Jira field JSON, both ways. Enumerations are written as option
 * values, never labels (a Jira option matches a HubSpot option by value or label, case-insensitively); dates stay on
 * their calendar day (HubSpot dates are midnight UTC); datetimes keep their instant; priorities go through the
 * priority map (Low/Medium/High, Urgent ⇄ Highest); owners and users meet through the {@link People} the caller hands over.
 */
@Component
public class ValueConversions implements ValueMapping {

    static final DateTimeFormatter JIRA_DATETIME = io.hubjira.http.Instants.JIRA;
    static final Map<String, String> PRIORITY_TO_JIRA = Map.of("low", "Low", "medium", "Medium", "high", "High", "urgent", "Highest");
    static final Map<String, String> PRIORITY_TO_HUBSPOT = Map.of("lowest", "low", "low", "low", "medium", "medium", "high", "high", "highest", "urgent");

    private final ObjectMapper json;
    private final RichText richText;
    private final TextFit textFit;

    public ValueConversions(ObjectMapper json, RichText richText, TextFit textFit) {
        this.json = json;
        this.richText = richText;
        this.textFit = textFit;
    }

    @Override
    public JsonNode toJira(String hubspotValue, PropertyInfo property, FieldInfo field, ValueMap map, TextFit.FullText fullText, People people) {
        JiraKind kind = FieldKinds.of(field);
        if (hubspotValue == null || (kind != JiraKind.TEXT && kind != JiraKind.RICH_TEXT)) {
            return toJira(hubspotValue, property, field, map, people);
        }
        int max = FieldKinds.textLimit(field).maxLength();
        // a text is capped at the field's limit before it is converted (an option's value stays whole), then what it became is fitted
        HubSpotKind hs = FieldKinds.of(property);
        String capped = hs == HubSpotKind.RICH_TEXT && isHtml(property) ? textFit.html(hubspotValue, max, fullText)
                : hs == HubSpotKind.TEXT || hs == HubSpotKind.RICH_TEXT ? textFit.plain(hubspotValue, max, fullText) : hubspotValue;
        JsonNode converted = toJira(capped, property, field, map, people);
        if (converted.isObject()) {
            return textFit.adf(converted, max, fullText);
        }
        return converted.isTextual() ? json.getNodeFactory().textNode(textFit.plain(converted.asText(), max, fullText)) : converted;
    }

    @Override
    public String toHubSpot(JsonNode jiraValue, FieldInfo field, PropertyInfo property, ValueMap map, TextFit.FullText fullText, People people) {
        HubSpotKind hs = FieldKinds.of(property);
        if (hs != HubSpotKind.TEXT && hs != HubSpotKind.RICH_TEXT) {
            return toHubSpot(jiraValue, field, property, map, people);
        }
        int max = io.hubjira.hubspot.HubSpotTextLimit.PROPERTY_VALUE.maxLength();
        // an ADF body is capped at the property's limit before it is converted, then what it became is fitted
        JsonNode capped = jiraValue != null && jiraValue.isObject() && FieldKinds.of(field) == JiraKind.RICH_TEXT
                ? textFit.adf(jiraValue, max, fullText) : jiraValue;
        String value = toHubSpot(capped, field, property, map, people);
        return hs == HubSpotKind.RICH_TEXT && isHtml(property) ? textFit.html(value, max, fullText) : textFit.plain(value, max, fullText);
    }

    @Override
    public JsonNode toJira(String value, PropertyInfo property, FieldInfo field, People people) {
        if (value == null || value.isEmpty()) {
            return FieldKinds.of(field) == JiraKind.LABELS || FieldKinds.of(field) == JiraKind.OPTIONS ? json.createArrayNode() : NullNode.getInstance();
        }
        HubSpotKind hs = FieldKinds.of(property);
        return switch (FieldKinds.of(field)) {
            case TEXT -> json.getNodeFactory().textNode(hs == HubSpotKind.RICH_TEXT ? richText.adfToText(richText.htmlToAdf(value))
                    : hs == HubSpotKind.ENUM ? optionLabel(property, value) : value);
            case RICH_TEXT -> isHtml(property) ? richText.htmlToAdf(value) : richText.textToAdf(value);
            case NUMBER -> json.getNodeFactory().numberNode(new BigDecimal(value.trim()));
            case DATE -> json.getNodeFactory().textNode(LocalDate.ofInstant(instant(value), ZoneOffset.UTC).toString());
            case DATETIME -> json.getNodeFactory().textNode(JIRA_DATETIME.format(instant(value).atOffset(ZoneOffset.UTC)));
            case OPTION -> json.createObjectNode().put("value", jiraOption(property, field, value));
            case OPTIONS -> {
                ArrayNode options = json.createArrayNode();
                for (String v : value.split(";")) {
                    if (!v.isBlank()) {
                        options.addObject().put("value", jiraOption(property, field, v.trim()));
                    }
                }
                yield options;
            }
            case LABELS -> {
                ArrayNode labels = json.createArrayNode();
                for (String v : value.split(";")) {
                    if (!v.isBlank()) {
                        labels.add(v.trim().replaceAll("\\s+", "_"));
                    }
                }
                yield labels;
            }
            case PRIORITY -> json.createObjectNode().put("name", PRIORITY_TO_JIRA.getOrDefault(value.trim().toLowerCase(Locale.ROOT), value.trim()));
            case USER -> people.jiraAccountForOwner(value.trim())
                    .<JsonNode>map(id -> json.createObjectNode().put("accountId", id))
                    .orElse(NullNode.getInstance());
            case UNSUPPORTED -> throw new TransformException(field.fieldId(), value, "Jira field type " + field.schema().type() + " is not supported");
        };
    }

    @Override
    public String toHubSpot(JsonNode value, FieldInfo field, PropertyInfo property, People people) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        HubSpotKind hs = FieldKinds.of(property);
        return switch (FieldKinds.of(field)) {
            case TEXT -> value.asText();
            case RICH_TEXT -> value.isObject() ? richTextForHubSpot(RecordReference.stripped(value), property) : value.asText();
            case NUMBER -> value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText();
            case DATE -> value.asText();
            case DATETIME -> instant(value.asText()).toString();
            case OPTION -> hs == HubSpotKind.BOOL ? bool(value.path("value").asText()) : hubspotOption(property, value.path("value").asText(), field);
            case OPTIONS -> {
                List<String> values = new ArrayList<>();
                value.forEach(o -> values.add(hubspotOption(property, o.path("value").asText(), field)));
                yield String.join(";", values);
            }
            case LABELS -> {
                List<String> labels = new ArrayList<>();
                value.forEach(l -> labels.add(l.asText()));
                yield hs == HubSpotKind.ENUM || hs == HubSpotKind.MULTI_ENUM
                        ? String.join(";", labels.stream().map(l -> hubspotOption(property, l.replace('_', ' '), field)).toList())
                        : String.join(";", labels);
            }
            case PRIORITY -> {
                String name = value.path("name").asText(value.asText());
                String mapped = PRIORITY_TO_HUBSPOT.getOrDefault(name.toLowerCase(Locale.ROOT), name);
                yield hs == HubSpotKind.ENUM ? hubspotOption(property, mapped, field) : mapped;
            }
            case USER -> people.ownerForJiraAccount(value.path("accountId").asText()).orElse("");
            case UNSUPPORTED -> throw new TransformException(field.fieldId(), value.toString(), "Jira field type " + field.schema().type() + " is not supported");
        };
    }

    @Override
    public JsonNode toJira(String hubspotValue, PropertyInfo property, FieldInfo field, ValueMap map, People people) {
        if (map == null || map.isEmpty() || hubspotValue == null || hubspotValue.isEmpty()) {
            return toJira(hubspotValue, property, field, people);
        }
        JiraKind kind = FieldKinds.of(field);
        if (kind == JiraKind.USER) {
            return map.toJira(hubspotValue.trim()).<JsonNode>map(account -> json.createObjectNode().put("accountId", account))
                    .orElseGet(() -> toJira(hubspotValue, property, field, people));
        }
        if (kind == JiraKind.OPTIONS) {
            // each option through the map, or by its label when the map does not name it
            ArrayNode options = json.createArrayNode();
            for (String v : hubspotValue.split(";")) {
                if (!v.isBlank()) {
                    Optional<String> mapped = map.toJira(v.trim());
                    options.addObject().put("value", mapped.isPresent() ? jiraOption(TEXT_VALUES, field, mapped.get()) : jiraOption(property, field, v.trim()));
                }
            }
            return options;
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
    public String toHubSpot(JsonNode jiraValue, FieldInfo field, PropertyInfo property, ValueMap map, People people) {
        if (map == null || map.isEmpty() || jiraValue == null || jiraValue.isNull() || jiraValue.isMissingNode()) {
            return toHubSpot(jiraValue, field, property, people);
        }
        JiraKind kind = FieldKinds.of(field);
        List<String> tokens = new ArrayList<>();
        switch (kind) {
            case OPTION -> tokens.add(jiraValue.path("value").asText());
            case OPTIONS -> jiraValue.forEach(o -> tokens.add(o.path("value").asText()));
            case LABELS -> jiraValue.forEach(l -> tokens.add(l.asText()));
            case PRIORITY -> tokens.add(jiraValue.path("name").asText(jiraValue.asText()));
            case USER -> tokens.add(jiraValue.path("accountId").asText());
            default -> tokens.add(jiraValue.asText());
        }
        List<String> out = new ArrayList<>();
        for (String token : tokens) {
            java.util.Optional<String> mapped = map.toHubSpot(token);
            if (mapped.isEmpty()) {
                return toHubSpot(jiraValue, field, property, people);
            }
            out.add(mapped.get());
        }
        return String.join(";", out);
    }

    @Override
    public boolean unmatchedUser(FieldInfo field, String hubspotValue, JsonNode jiraValue) {
        if (FieldKinds.of(field) != JiraKind.USER) {
            return false;
        }
        boolean hubspotHas = hubspotValue != null && !hubspotValue.isBlank();
        boolean jiraHas = jiraValue != null && !jiraValue.isNull() && !jiraValue.isMissingNode() && !jiraValue.path("accountId").asText("").isBlank();
        return hubspotHas != jiraHas;
    }

    @Override
    public boolean jiraHolds(JsonNode wanted, JsonNode current, FieldInfo field) {
        JiraKind kind = FieldKinds.of(field);
        if (kind == JiraKind.RICH_TEXT) {
            return richTextOf(wanted).equals(richTextOf(current));
        }
        if (empty(wanted) || empty(current)) {
            return empty(wanted) && empty(current);
        }
        return switch (kind) {
            case TEXT -> wanted.asText().equals(current.asText());
            case NUMBER -> decimal(wanted).compareTo(decimal(current)) == 0;
            case DATE -> wanted.asText().equals(current.asText().length() > 10 ? current.asText().substring(0, 10) : current.asText());
            case DATETIME -> instant(wanted.asText()).equals(instant(current.asText()));
            case OPTION -> sameOption(wanted, current);
            case OPTIONS -> optionValues(wanted).equals(optionValues(current));
            case LABELS -> texts(wanted).equals(texts(current));
            case PRIORITY -> current.path("name").asText(current.asText()).equalsIgnoreCase(wanted.path("name").asText(wanted.asText()));
            case USER -> wanted.path("accountId").asText().equals(current.path("accountId").asText());
            case RICH_TEXT, UNSUPPORTED -> false;
        };
    }

    private String richTextOf(JsonNode adf) {
        return adf == null || !adf.isObject() ? (adf == null || adf.isNull() ? "" : adf.asText()) : richText.adfToHtml(RecordReference.stripped(adf));
    }

    private String richTextForHubSpot(JsonNode adf, PropertyInfo property) {
        return isHtml(property) ? richText.adfToHtml(adf) : richText.adfToText(adf);
    }

    private static boolean empty(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() || (v.isTextual() && v.asText().isEmpty()) || (v.isArray() && v.isEmpty());
    }

    private static BigDecimal decimal(JsonNode v) {
        return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim());
    }

    private static boolean sameOption(JsonNode wanted, JsonNode current) {
        if (wanted.hasNonNull("id") && current.hasNonNull("id")) {
            return wanted.path("id").asText().equals(current.path("id").asText());
        }
        return wanted.path("value").asText().equals(current.path("value").asText());
    }

    private static java.util.Set<String> optionValues(JsonNode options) {
        java.util.Set<String> values = new java.util.HashSet<>();
        options.forEach(o -> values.add(o.path("value").asText()));
        return values;
    }

    private static java.util.Set<String> texts(JsonNode array) {
        java.util.Set<String> values = new java.util.HashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
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
