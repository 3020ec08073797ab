package io.hubjira.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.catalog.HubSpotObjectCatalog;
import io.hubjira.convert.RuleChecks;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.Yaml;

/**
 * The JSON Schema of items as code ({@code schemas/items.schema.json}) and its example ({@code examples/items.yaml})
 * stay true to the records the connector binds: same fields, same enums, same length limits; the example follows the
 * schema and binds as written.
 */
class ItemsSchemaTest {

    private static final Path SCHEMA = Path.of("schemas", "items.schema.json");
    private static final Path EXAMPLE = Path.of("examples", "items.yaml");

    /** The schema keywords {@link #problems} applies (or that only annotate); any other keyword would go unchecked. */
    private static final Set<String> KEYWORDS = Set.of("$schema", "$id", "$ref", "$defs", "$comment", "title", "description",
            "default", "type", "enum", "const", "minLength", "maxLength", "minItems", "maxItems", "minimum", "properties", "required",
            "additionalProperties", "propertyNames", "maxProperties", "items", "allOf", "if", "then", "else");

    /** The $defs entry of each record the binding fills. */
    private static final Map<String, Class<? extends Record>> RECORDS = Map.of("Item", ItemDefinition.class,
            "FieldMapping", FieldMapping.class, "ConditionalRule", ConditionalRule.class, "RecordFilter", RecordFilter.class,
            "FilterGroup", RecordFilter.Group.class, "FilterCondition", RecordFilter.Condition.class, "ValueMap", ValueMap.class,
            "MatchRule", MatchRule.class, "Lifecycle", Lifecycle.class);

    /** List limits the validator enforces in code rather than by @Size. */
    private static final Map<String, Integer> LIMITS_IN_CODE = Map.of("RecordFilter.groups", ItemValidator.MAX_FILTER_GROUPS,
            "FilterGroup.conditions", ItemValidator.MAX_CONDITIONS_PER_GROUP);

    private final JsonNode schema = readSchema();
    private final Object example = readYaml(EXAMPLE);

    @Test
    void theSchemaDescribesConnectorItemsLikeItemsAsCode() {
        assertThat(ItemsAsCode.class.getAnnotation(ConfigurationProperties.class).prefix()).isEqualTo("connector");
        assertThat(names(schema.path("properties"))).containsExactly("connector");
        JsonNode connector = schema.at("/properties/connector");
        assertThat(names(connector.path("properties"))).containsExactlyInAnyOrderElementsOf(componentNames(ItemsAsCode.class));
        assertThat(connector.at("/properties/items/items/$ref").asText()).isEqualTo("#/$defs/Item");
    }

    @Test
    void everyFieldOfAnItemIsInTheSchema() {
        assertSameFields("Item", ItemDefinition.class);
    }

    @Test
    void everyFieldOfAMappingAndOfARuleIsInTheSchema() {
        assertSameFields("FieldMapping", FieldMapping.class);
        assertSameFields("ConditionalRule", ConditionalRule.class);
    }

    @Test
    void everyFieldOfARecordFilterIsInTheSchema() {
        assertSameFields("RecordFilter", RecordFilter.class);
        assertSameFields("FilterGroup", RecordFilter.Group.class);
        assertSameFields("FilterCondition", RecordFilter.Condition.class);
        assertSameFields("ValueMap", ValueMap.class);
        assertSameFields("MatchRule", MatchRule.class);
        assertSameFields("Lifecycle", Lifecycle.class);
    }

    @Test
    void everyRecordOfTheBindingHasItsEntryInTheSchema() {
        List<String> objects = new ArrayList<>();
        schema.path("$defs").fields().forEachRemaining(d -> {
            if ("object".equals(d.getValue().path("type").asText())) {
                objects.add(d.getKey());
            }
        });
        assertThat(objects).containsExactlyInAnyOrderElementsOf(RECORDS.keySet());
    }

    @Test
    void theEnumsAreTheOnesTheConnectorAccepts() {
        assertThat(texts(schema.at("/$defs/SyncMode/enum"))).containsExactly(enumNames(SyncMode.values()));
        assertThat(texts(schema.at("/$defs/FieldOwner/enum"))).containsExactly(enumNames(FieldOwner.values()));
        assertThat(texts(schema.at("/$defs/ConditionalRule/properties/operator/enum"))).containsExactly(enumNames(RuleChecks.Operator.values()));
        assertThat(texts(schema.at("/$defs/FilterCondition/properties/operator/enum"))).containsExactly(enumNames(RecordFilter.Operator.values()));
        assertThat(texts(schema.at("/$defs/Item/properties/hubspotModule/enum"))).containsExactly(enumNames(HubSpotObjectCatalog.Module.values()));
    }

    @Test
    void theLengthLimitsAreTheOnesTheConnectorEnforces() throws Exception {
        for (Map.Entry<String, Class<? extends Record>> r : RECORDS.entrySet()) {
            JsonNode properties = schema.at("/$defs/" + r.getKey() + "/properties");
            for (RecordComponent c : r.getValue().getRecordComponents()) {
                String at = r.getKey() + "." + c.getName();
                JsonNode p = resolved(properties.path(c.getName()));
                Integer declared = declaredMax(c);
                if (c.getType() == String.class) {
                    assertThat(limit(p, "maxLength")).as(at + " maxLength").isEqualTo(declared);
                } else if (c.getType() == List.class) {
                    assertThat(limit(p, "maxItems")).as(at + " maxItems").isEqualTo(declared != null ? declared : LIMITS_IN_CODE.get(at));
                    assertThat(limit(resolved(p.path("items")), "maxLength")).as(at + " items maxLength").isEqualTo(elementMax(c, 0));
                } else if (c.getType() == Map.class) {
                    assertThat(limit(p, "maxProperties")).as(at + " maxProperties").isEqualTo(declared);
                    assertThat(limit(p.path("propertyNames"), "maxLength")).as(at + " key maxLength").isEqualTo(elementMax(c, 0));
                    assertThat(limit(p.path("additionalProperties"), "maxLength")).as(at + " value maxLength").isEqualTo(elementMax(c, 1));
                } else {
                    assertThat(declared).as(at + " has a @Size the schema does not show").isNull();
                }
            }
        }
    }

    @Test
    void everyFieldIsDescribedAndEveryObjectRefusesUnknownKeys() {
        for (String def : RECORDS.keySet()) {
            schema.at("/$defs/" + def + "/properties").fields().forEachRemaining(p -> {
                assertThat(p.getValue().path("description").asText()).as(def + "." + p.getKey() + " description").isNotBlank();
                assertThat(p.getValue().has("type") || p.getValue().has("$ref")).as(def + "." + p.getKey() + " has a type").isTrue();
            });
        }
        for (String def : List.of("SyncMode", "FieldOwner")) {
            assertThat(schema.at("/$defs/" + def + "/description").asText()).as(def + " description").isNotBlank();
        }
        List<String> open = new ArrayList<>();
        eachSchema(schema, "#", (at, node) -> {
            JsonNode extra = node.path("additionalProperties");
            if ("object".equals(node.path("type").asText()) && node.has("properties") && !(extra.isBoolean() && !extra.booleanValue())) {
                open.add(at);
            }
        });
        assertThat(open).as("objects without additionalProperties: false").isEmpty();
    }

    @Test
    void theSchemaUsesOnlyKeywordsThisTestChecks() {
        List<String> unchecked = new ArrayList<>();
        eachSchema(schema, "#", (at, node) -> node.fieldNames().forEachRemaining(k -> {
            if (!KEYWORDS.contains(k)) {
                unchecked.add(at + "/" + k);
            }
        }));
        assertThat(unchecked).as("keywords theExampleFollowsTheSchema would ignore").isEmpty();
    }

    @Test
    void theExampleNamesTheSchemaForEditors() throws IOException {
        String first = Files.readAllLines(EXAMPLE).get(0);
        assertThat(first).startsWith("# yaml-language-server: $schema=");
        String relative = first.substring("# yaml-language-server: $schema=".length()).trim();
        assertThat(EXAMPLE.getParent().resolve(relative).normalize()).isEqualTo(SCHEMA.normalize());
    }

    @Test
    void theExampleFollowsTheSchema() {
        assertThat(exampleItems()).isNotEmpty();
        assertThat(problems(example)).as(EXAMPLE + " against " + SCHEMA).isEmpty();
    }

    @Test
    void theSchemaCheckFindsMisspelledKeysMissingFieldsWrongValuesAndTooLongText() {
        Object broken = new Yaml().load("""
                connector:
                  items:
                    - mode: BOTH_WAYS
                      hubspotObjekt: deals
                      jiraProjects: [SUP]
                      fieldMappings:
                        - hubspotProperty: dealname
                          jiraFeld: summary
                      rule:
                        property: amount
                        operator: MORE_THAN
                        metStatus: %s
                    - name: Preview
                      mode: DISPLAY_ONLY
                      hubspotObject: deals
                      jiraProjects: [SUP, ENG]
                      autoCreate: true
                    - name: Custom
                      mode: CUSTOM
                      hubspotObject: tickets
                      jiraProjects: [SUP, ENG]
                      jiraIssueType: 10001
                      fieldMappings:
                        - hubspotProperty: subject
                          jiraField: summary
                      filter:
                        groups:
                          - conditions:
                              - property: createdate
                                operator: WITHIN_LAST_DAYS
                                days: 0
                          - conditions: []
                """.formatted("x".repeat(201)));
        assertThat(problems(broken)).contains(
                "connector.items[0]: name is required",
                "connector.items[0]: hubspotObject is required",
                "connector.items[0].hubspotObjekt: unknown key",
                "connector.items[0].mode: 'BOTH_WAYS' is not one of DISPLAY_ONLY, ONE_WAY, TWO_WAY, CUSTOM",
                "connector.items[0].fieldMappings[0]: jiraField is required",
                "connector.items[0].fieldMappings[0].jiraFeld: unknown key",
                "connector.items[0].rule.operator: 'MORE_THAN' is not one of EQUALS, NOT_EQUALS, CONTAINS, GREATER_THAN, LESS_THAN, IS_EMPTY, IS_NOT_EMPTY, IN_LIST",
                "connector.items[0].rule.metStatus: is 201 characters long, at most 200 allowed",
                "connector.items[0]: jiraIssueType is required",
                "connector.items[1]: displayFields is required",
                "connector.items[1].autoCreate: must be false",
                "connector.items[2].jiraProjects: has 2 entries, at most 1 allowed",
                "connector.items[2].jiraIssueType: must be of type string",
                "connector.items[2].fieldMappings[0]: owner is required",
                "connector.items[2].filter.groups[0].conditions[0].days: is 0, at least 1 needed",
                "connector.items[2].filter.groups[1].conditions: has 0 entries, at least 1 needed");
    }

    @Test
    void theExampleBindsToItemsAsCodeAsWritten() throws Exception {
        List<PropertySource<?>> file = new YamlPropertySourceLoader().load(EXAMPLE.toString(), new FileSystemResource(EXAMPLE));
        ItemsAsCode declared = new Binder(ConfigurationPropertySources.from(file)).bind("connector", ItemsAsCode.class).get();
        List<?> written = exampleItems();
        List<String> writtenNames = written.stream().map(item -> String.valueOf(((Map<?, ?>) item).get("name"))).toList();
        assertThat(declared.items()).hasSize(written.size());
        assertThat(declared.items()).extracting(ItemDefinition::name).containsExactlyElementsOf(writtenNames);
        for (int i = 0; i < written.size(); i++) {
            assertBoundAsWritten(written.get(i), declared.items().get(i), "connector.items[" + i + "]");
        }
        assertThat(declared.items()).extracting(ItemDefinition::mode).as("the example shows a two-way, a display-only and a custom item")
                .contains(SyncMode.TWO_WAY, SyncMode.DISPLAY_ONLY, SyncMode.CUSTOM);
        for (ItemDefinition custom : declared.items().stream().filter(d -> d.mode() == SyncMode.CUSTOM).toList()) {
            assertThat(custom.fieldMappings()).as(custom.name()).isNotEmpty()
                    .allSatisfy(m -> assertThat(m.owner()).as(custom.name() + ": owner of " + m.jiraField()).isNotNull());
        }
    }

    // --- the schema against the records ---

    /** The $defs entry has exactly the record's components, and its required and conditional parts name only those. */
    private void assertSameFields(String def, Class<? extends Record> record) {
        JsonNode d = schema.at("/$defs/" + def);
        assertThat(d.isMissingNode()).as("$defs/" + def).isFalse();
        List<String> components = componentNames(record);
        assertThat(names(d.path("properties"))).as("properties of $defs/" + def + " and the components of " + record.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(components);
        List<String> named = new ArrayList<>();
        namedKeys(d, named);
        assertThat(components).as("fields the required and conditional parts of $defs/" + def + " name").containsAll(named);
    }

    private static void namedKeys(JsonNode schema, List<String> out) {
        if (schema.isMissingNode()) {
            return;
        }
        schema.path("required").forEach(r -> out.add(r.asText()));
        schema.path("properties").fieldNames().forEachRemaining(out::add);
        schema.path("allOf").forEach(part -> namedKeys(part, out));
        for (String branch : List.of("if", "then", "else")) {
            namedKeys(schema.path(branch), out);
        }
    }

    private static Integer declaredMax(RecordComponent c) throws NoSuchFieldException {
        Field field = c.getDeclaringRecord().getDeclaredField(c.getName());
        for (Size size : new Size[] {field.getAnnotation(Size.class), c.getAccessor().getAnnotation(Size.class),
                c.getAnnotatedType().getAnnotation(Size.class)}) {
            if (size != null) {
                return size.max();
            }
        }
        return null;
    }

    /** The @Size on a type argument: {@code List<@Size String>} (0), {@code Map<@Size String, @Size String>} (0, 1). */
    private static Integer elementMax(RecordComponent c, int argument) throws NoSuchFieldException {
        Field field = c.getDeclaringRecord().getDeclaredField(c.getName());
        for (AnnotatedType type : List.of(c.getAnnotatedType(), field.getAnnotatedType(), c.getAccessor().getAnnotatedReturnType())) {
            if (type instanceof AnnotatedParameterizedType generic) {
                Size size = generic.getAnnotatedActualTypeArguments()[argument].getAnnotation(Size.class);
                if (size != null) {
                    return size.max();
                }
            }
        }
        return null;
    }

    private static Integer limit(JsonNode schema, String keyword) {
        return schema.has(keyword) ? schema.get(keyword).asInt() : null;
    }

    private JsonNode resolved(JsonNode node) {
        return node.has("$ref") ? ref(schema, node.get("$ref").asText()) : node;
    }

    // --- the example against the schema: a small JSON Schema check of the keywords in KEYWORDS ---

    private List<String> problems(Object document) {
        List<String> problems = new ArrayList<>();
        check(schema, schema, document, "", problems);
        return problems;
    }

    private static void check(JsonNode root, JsonNode schema, Object value, String at, List<String> problems) {
        String here = at.isEmpty() ? "(document)" : at;
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                problems.add(here + ": not allowed here");
            }
            return;
        }
        if (schema.has("$ref")) {
            check(root, ref(root, schema.get("$ref").asText()), value, at, problems);
        }
        if (schema.has("type") && !hasType(value, schema.get("type"))) {
            problems.add(here + ": must be of type " + schema.get("type").asText());
            return;
        }
        if (schema.has("enum") && texts(schema.get("enum")).stream().noneMatch(e -> e.equals(value))) {
            problems.add(here + ": '" + value + "' is not one of " + String.join(", ", texts(schema.get("enum"))));
        }
        if (schema.has("const") && !same(schema.get("const"), value)) {
            problems.add(here + ": must be " + schema.get("const"));
        }
        if (value instanceof String text) {
            int length = text.codePointCount(0, text.length());
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                problems.add(here + ": is " + length + " characters long, at most " + schema.get("maxLength").asInt() + " allowed");
            }
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                problems.add(here + ": is " + length + " characters long, at least " + schema.get("minLength").asInt() + " needed");
            }
        }
        if (value instanceof Number number && schema.has("minimum")
                && new BigDecimal(number.toString()).compareTo(schema.get("minimum").decimalValue()) < 0) {
            problems.add(here + ": is " + number + ", at least " + schema.get("minimum").asText() + " needed");
        }
        if (value instanceof List<?> list) {
            if (schema.has("maxItems") && list.size() > schema.get("maxItems").asInt()) {
                problems.add(here + ": has " + list.size() + " entries, at most " + schema.get("maxItems").asInt() + " allowed");
            }
            if (schema.has("minItems") && list.size() < schema.get("minItems").asInt()) {
                problems.add(here + ": has " + list.size() + " entries, at least " + schema.get("minItems").asInt() + " needed");
            }
            if (schema.has("items")) {
                for (int i = 0; i < list.size(); i++) {
                    check(root, schema.get("items"), list.get(i), at + "[" + i + "]", problems);
                }
            }
        }
        if (value instanceof Map<?, ?> map) {
            for (JsonNode required : schema.path("required")) {
                if (!map.containsKey(required.asText())) {
                    problems.add(here + ": " + required.asText() + " is required");
                }
            }
            if (schema.has("maxProperties") && map.size() > schema.get("maxProperties").asInt()) {
                problems.add(here + ": has " + map.size() + " entries, at most " + schema.get("maxProperties").asInt() + " allowed");
            }
            JsonNode properties = schema.path("properties");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String path = at.isEmpty() ? key : at + "." + key;
                if (schema.has("propertyNames")) {
                    check(root, schema.get("propertyNames"), key, path + " (key)", problems);
                }
                if (properties.has(key)) {
                    check(root, properties.get(key), e.getValue(), path, problems);
                } else if (schema.has("additionalProperties")) {
                    JsonNode extra = schema.get("additionalProperties");
                    if (extra.isBoolean() && !extra.booleanValue()) {
                        problems.add(path + ": unknown key");
                    } else {
                        check(root, extra, e.getValue(), path, problems);
                    }
                }
            }
        }
        for (JsonNode part : schema.path("allOf")) {
            check(root, part, value, at, problems);
        }
        if (schema.has("if")) {
            List<String> condition = new ArrayList<>();
            check(root, schema.get("if"), value, at, condition);
            JsonNode branch = condition.isEmpty() ? schema.get("then") : schema.get("else");
            if (branch != null) {
                check(root, branch, value, at, problems);
            }
        }
    }

    private static boolean hasType(Object value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (hasType(value, t)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Integer || value instanceof Long || value instanceof BigInteger;
            case "number" -> value instanceof Number;
            case "null" -> value == null;
            default -> throw new AssertionError("unknown JSON Schema type " + type);
        };
    }

    private static boolean same(JsonNode expected, Object value) {
        if (expected.isTextual()) {
            return value instanceof String s && s.equals(expected.asText());
        }
        if (expected.isBoolean()) {
            return value instanceof Boolean b && b == expected.booleanValue();
        }
        if (expected.isNumber()) {
            return value instanceof Number n && new BigDecimal(n.toString()).compareTo(expected.decimalValue()) == 0;
        }
        return expected.isNull() && value == null;
    }

    private static JsonNode ref(JsonNode root, String ref) {
        assertThat(ref).as("only local references").startsWith("#/");
        JsonNode target = root.at(ref.substring(1));
        assertThat(target.isMissingNode()).as("$ref " + ref).isFalse();
        return target;
    }

    /** Every schema in the tree (properties, $defs, items, additionalProperties, propertyNames, allOf, if/then/else). */
    private static void eachSchema(JsonNode schema, String at, BiConsumer<String, JsonNode> visit) {
        if (!schema.isObject()) {
            return;
        }
        visit.accept(at, schema);
        for (String group : List.of("properties", "$defs")) {
            schema.path(group).fields().forEachRemaining(e -> eachSchema(e.getValue(), at + "/" + group + "/" + e.getKey(), visit));
        }
        for (String single : List.of("items", "additionalProperties", "propertyNames", "if", "then", "else")) {
            eachSchema(schema.path(single), at + "/" + single, visit);
        }
        for (int i = 0; i < schema.path("allOf").size(); i++) {
            eachSchema(schema.path("allOf").get(i), at + "/allOf/" + i, visit);
        }
    }

    // --- the bound example against the written one ---

    /** Every key written in the file arrives in the bound records with the value written (enums by name). */
    private static void assertBoundAsWritten(Object written, Object bound, String at) throws ReflectiveOperationException {
        if (written instanceof Map<?, ?> writtenRecord && bound instanceof Record record) {
            for (Map.Entry<?, ?> e : writtenRecord.entrySet()) {
                String key = String.valueOf(e.getKey());
                RecordComponent component = Arrays.stream(record.getClass().getRecordComponents())
                        .filter(c -> c.getName().equals(key)).findFirst()
                        .orElseThrow(() -> new AssertionError(at + "." + key + " binds to nothing in " + record.getClass().getSimpleName()));
                assertBoundAsWritten(e.getValue(), component.getAccessor().invoke(record), at + "." + key);
            }
        } else if (written instanceof Map<?, ?> writtenMap && bound instanceof Map<?, ?> boundMap) {
            List<String> writtenKeys = writtenMap.keySet().stream().map(String::valueOf).toList();
            List<String> boundKeys = boundMap.keySet().stream().map(String::valueOf).toList();
            assertThat(boundKeys).as(at).containsExactlyInAnyOrderElementsOf(writtenKeys);
            for (Map.Entry<?, ?> e : writtenMap.entrySet()) {
                assertBoundAsWritten(e.getValue(), boundMap.get(e.getKey()), at + "." + e.getKey());
            }
        } else if (written instanceof List<?> writtenList && bound instanceof List<?> boundList) {
            assertThat(boundList).as(at).hasSize(writtenList.size());
            for (int i = 0; i < writtenList.size(); i++) {
                assertBoundAsWritten(writtenList.get(i), boundList.get(i), at + "[" + i + "]");
            }
        } else {
            Object value = bound instanceof Enum<?> e ? e.name() : bound;
            assertThat(value).as(at).isEqualTo(written);
        }
    }

    // --- helpers ---

    private List<?> exampleItems() {
        Object connector = ((Map<?, ?>) example).get("connector");
        return (List<?>) ((Map<?, ?>) connector).get("items");
    }

    private static List<String> componentNames(Class<? extends Record> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String[] enumNames(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name()).toArray(String[]::new);
    }

    private static JsonNode readSchema() {
        try {
            return new ObjectMapper().readTree(Files.readString(SCHEMA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object readYaml(Path path) {
        try {
            return new Yaml().load(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
