package io.hubjira.item;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.hubjira.catalog.HubSpotMetadata.ObjectInfo;
import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.HubSpotMetadata.StatusField;
import io.hubjira.catalog.HubSpotMetadata;
import io.hubjira.catalog.HubSpotObjectCatalog;
import io.hubjira.catalog.HubSpotPortalRules;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.catalog.JiraMetadata;
import io.hubjira.hubspot.RecordSearch;
import io.hubjira.item.ItemValidationException.Violation;
import jakarta.validation.Validator;

/**
 * Save-time validation of a Smart Connected Item against live HubSpot and Jira metadata. Collects every problem
 * (field + reason) instead of stopping at the first, and returns the definition normalized: owners derived from the
 * mode, the status mapping completed with defaults.
 */
public class ItemValidator {

    /** Jira create fields the connector fills itself, or that Jira fills by default. */
    private static final Set<String> SET_BY_CONNECTOR = Set.of("project", "issuetype", "reporter");
    static final int MAX_FILTER_GROUPS = RecordSearch.MAX_GROUPS;
    /** The poll's own filters in each group of its search (modified time, and the id while it walks one timestamp). */
    static final int POLL_FILTERS = 2;
    static final int MAX_CONDITIONS_PER_GROUP = 4;

    private final HubSpotMetadata hubspot;
    private final JiraMetadata jira;
    private final MappingTypeRules types;
    private final Validator limits;
    private final HubSpotPortalRules portalRules;
    private final long portalId;

    /** A validator against one connection pair: its portal's and its site's metadata. */
    ItemValidator(HubSpotMetadata hubspot, JiraMetadata jira, MappingTypeRules types, Validator limits, HubSpotPortalRules portalRules,
                  long portalId) {
        this.portalId = portalId;
        this.hubspot = hubspot;
        this.jira = jira;
        this.types = types;
        this.limits = limits;
        this.portalRules = portalRules;
    }

    /**
     * What a valid item will run into: the portal's requirements (learned from writes HubSpot refused, since its API
     * does not list them) that the item's Jira → HubSpot writes depend on but do not fill. Such writes become dead
     * letters whenever the record lacks the required property. Of the Create Record requirements only the notes' apply
     * (the connector creates no other HubSpot records): they refuse every note the connector writes.
     */
    public List<Violation> warnings(ItemDefinition d) {
        List<Violation> warnings = new ArrayList<>();
        for (HubSpotPortalRules.LearnedRule rule : portalRules.rulesFor(portalId, "notes")) {
            if (rule.kind() == io.hubjira.hubspot.WriteProblem.Kind.REQUIRED_ON_CREATE) {
                warnings.add(new Violation(d.isCommentsSync() ? "commentsSync" : "hubspotObject", "HubSpot refused a note on "
                        + rule.lastRefusedAt().toString().substring(0, 10) + ": the notes' Create Record settings of the portal require "
                        + rule.property() + ", which the connector does not fill, so every note it writes on this item's records (the issue"
                        + " link note, Jira comments and attachments) becomes a dead letter. Ask a HubSpot admin to drop the requirement"
                        + " (Settings → Objects → Notes → Create Record)."));
            }
        }
        if (d.mode() == null || !d.mode().isSynchronized() || d.hubspotObject() == null) {
            return warnings;
        }
        Optional<ObjectInfo> object = hubspot.object(d.hubspotObject());
        if (object.isEmpty()) {
            return warnings;
        }
        String objectType = object.get().name();
        java.util.Map<String, String> writtenBy = new java.util.LinkedHashMap<>();
        for (int i = 0; i < d.fieldMappings().size(); i++) {
            FieldMapping m = d.fieldMappings().get(i);
            if (m.owner() != null && m.owner().jiraWritesHubSpot() && m.hubspotProperty() != null) {
                writtenBy.putIfAbsent(m.hubspotProperty(), "fieldMappings[" + i + "]");
            }
        }
        if (d.isStatusSync()) {
            hubspot.statusField(objectType).ifPresent(f -> {
                writtenBy.putIfAbsent(f.stageProperty(), "statusSync");
                writtenBy.putIfAbsent(f.pipelineProperty(), "statusSync");
            });
        }
        for (HubSpotPortalRules.LearnedRule rule : portalRules.rulesFor(portalId, objectType)) {
            if (rule.kind() != io.hubjira.hubspot.WriteProblem.Kind.CONDITIONAL_REQUIRED || writtenBy.containsKey(rule.property())) {
                continue;
            }
            List<String> triggers = rule.basedOn().isEmpty() ? List.copyOf(writtenBy.keySet())
                    : rule.basedOn().stream().filter(writtenBy::containsKey).toList();
            if (triggers.isEmpty()) {
                continue;
            }
            warnings.add(new Violation(writtenBy.get(triggers.get(0)), "HubSpot refused a write to " + objectType + " on "
                    + rule.lastRefusedAt().toString().substring(0, 10) + ": a conditional property rule of the portal requires "
                    + rule.property() + (rule.basedOn().isEmpty() ? "" : " depending on " + String.join(", ", rule.basedOn()))
                    + ". This item writes " + String.join(", ", triggers) + " from Jira but never " + rule.property()
                    + ", so such a write becomes a dead letter whenever the record has no " + rule.property() + ". Map " + rule.property()
                    + " from a Jira field, or ask a HubSpot admin to change the rule (Settings → Properties)."));
        }
        return warnings;
    }

    public ItemDefinition validate(ItemDefinition d) {
        requireWithinLimits(limits, d);
        String name = d.name() == null || d.name().isBlank() ? "(unnamed)" : d.name().trim();
        List<Violation> problems = new ArrayList<>();
        if (d.name() == null || d.name().isBlank()) {
            problems.add(new Violation("name", "a name is required"));
        }
        if (d.mode() == null) {
            problems.add(new Violation("mode", "a mode is required: DISPLAY_ONLY, ONE_WAY, TWO_WAY or CUSTOM"));
            throw new ItemValidationException(name, problems);
        }
        Optional<ObjectInfo> object = checkObject(d, problems);
        List<FieldMapping> mappings = normalizeOwners(d, problems);
        Map<String, String> statusMapping = d.statusMapping();
        if (d.mode() == SyncMode.DISPLAY_ONLY) {
            checkDisplayOnly(d, object, problems);
        } else {
            statusMapping = checkSynchronized(d, mappings, object, problems);
        }
        if (d.filter() != null && object.isPresent()) {
            checkFilter(d.filter(), object.get().name(), problems);
        }
        if (d.lifecycle() != null && d.lifecycle().archivedStatus() != null && !d.lifecycle().archivedStatus().isBlank() && d.jiraProject() != null) {
            checkStatus(d.lifecycle().archivedStatus(), "lifecycle.archivedStatus", d.jiraProject(), false, problems);
        }
        if (d.match() != null && object.isPresent()) {
            checkMatchRule(d, object.get().name(), problems);
        }
        if (d.filter() != null && d.filter().hasJql() && d.jiraProject() != null) {
            jira.jqlProblem(d.jiraProject(), d.filter().jql()).ifPresent(reason -> problems.add(new Violation("filter.jql",
                    "Jira refuses this JQL: " + reason)));
        }
        if (d.issueKeyProperty() != null && !d.issueKeyProperty().isBlank() && object.isPresent()) {
            Optional<PropertyInfo> keyProperty = hubspot.property(object.get().name(), d.issueKeyProperty().trim());
            if (keyProperty.isEmpty()) {
                problems.add(new Violation("issueKeyProperty", "HubSpot property '" + d.issueKeyProperty() + "' does not exist on " + object.get().name()
                        + ": create a single-line text property for the Jira issue key first"));
            } else if (!"string".equals(keyProperty.get().type())) {
                problems.add(new Violation("issueKeyProperty", d.issueKeyProperty() + " is a " + keyProperty.get().type()
                        + " property; the Jira issue key needs a single-line text (string) property"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ItemValidationException(name, problems);
        }
        return d.withMappingsAndStatus(mappings, statusMapping);
    }

    /** The schema's length limits (annotations on the definition), each named by its field path. */
    /** The length limits, checked before anything else, so an oversized value never reaches HubSpot, Jira or the database. */
    static void requireWithinLimits(Validator limits, ItemDefinition d) {
        List<Violation> tooLong = overLimits(limits, d);
        if (!tooLong.isEmpty()) {
            throw new ItemValidationException(d.name() == null ? "(unnamed)" : abbreviate(d.name().trim()), tooLong);
        }
    }

    private static List<Violation> overLimits(Validator limits, ItemDefinition d) {
        return limits.validate(d).stream()
                .map(v -> new Violation(v.getPropertyPath().toString().replace(".<list element>", "")
                        .replace(".<map value>", "").replace("<map key>", "key"), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Violation::field))
                .toList();
    }

    private Optional<ObjectInfo> checkObject(ItemDefinition d, List<Violation> problems) {
        if (d.hubspotObject() == null || d.hubspotObject().isBlank()) {
            problems.add(new Violation("hubspotObject", "a HubSpot object is required"));
            return Optional.empty();
        }
        Optional<ObjectInfo> object = hubspot.object(d.hubspotObject());
        if (object.isEmpty()) {
            problems.add(new Violation("hubspotObject", "HubSpot object '" + d.hubspotObject() + "' does not exist in the catalog or the portal"));
            return object;
        }
        ObjectInfo o = object.get();
        if (!o.readable()) {
            problems.add(new Violation("hubspotObject", "the HubSpot token cannot read '" + o.name() + "'"
                    + (o.missingScopes().isEmpty() ? "" : ": add the scopes " + String.join(", ", o.missingScopes()))));
            return Optional.empty();
        }
        if (d.hubspotModule() != null && !d.hubspotModule().isBlank()) {
            var module = HubSpotObjectCatalog.module(d.hubspotModule());
            if (module.isEmpty()) {
                problems.add(new Violation("hubspotModule", "unknown module '" + d.hubspotModule() + "' (CRM, ACTIVITIES, COMMERCE, OPERATIONS, MARKETING, CUSTOM)"));
            } else if (!module.get().name().equals(o.module())) {
                problems.add(new Violation("hubspotModule", "'" + o.name() + "' belongs to the " + o.module() + " module, not " + module.get().name()));
            }
        }
        return object;
    }

    private List<FieldMapping> normalizeOwners(ItemDefinition d, List<Violation> problems) {
        List<FieldMapping> result = new ArrayList<>();
        for (int i = 0; i < d.fieldMappings().size(); i++) {
            FieldMapping m = d.fieldMappings().get(i);
            if (d.mode() == SyncMode.CUSTOM) {
                if (m.owner() == null) {
                    problems.add(new Violation("fieldMappings[" + i + "].owner",
                            "Custom Sync per Mapping needs an owner on every mapping: HUBSPOT, JIRA or BOTH"));
                }
                result.add(m);
            } else {
                result.add(m.withOwner(d.mode().derivedOwner()));
            }
        }
        return result;
    }

    private void checkDisplayOnly(ItemDefinition d, Optional<ObjectInfo> object, List<Violation> problems) {
        if (d.jiraProjects().isEmpty()) {
            problems.add(new Violation("jiraProjects", "choose at least one Jira project"));
        }
        for (String key : d.jiraProjects()) {
            if (jira.project(key).isEmpty()) {
                problems.add(new Violation("jiraProjects", "Jira project '" + key + "' does not exist or is not visible"));
            }
        }
        if (d.displayFields().isEmpty()) {
            problems.add(new Violation("displayFields", "choose at least one HubSpot field to display"));
        }
        object.ifPresent(o -> {
            for (String field : d.displayFields()) {
                if (hubspot.property(o.name(), field).isEmpty()) {
                    problems.add(new Violation("displayFields", "HubSpot property '" + field + "' does not exist on " + o.name()));
                }
            }
        });
        List<String> syncOptions = new ArrayList<>();
        if (!d.fieldMappings().isEmpty()) syncOptions.add("fieldMappings");
        if (d.isAutoCreate()) syncOptions.add("autoCreate");
        if (d.isStatusSync()) syncOptions.add("statusSync");
        if (d.isCommentsSync()) syncOptions.add("commentsSync");
        if (d.isAttachmentsSync()) syncOptions.add("attachmentsSync");
        if (d.rule() != null) syncOptions.add("rule");
        for (String option : syncOptions) {
            problems.add(new Violation(option, "sync options are not available on a display-only item"));
        }
    }

    private Map<String, String> checkSynchronized(ItemDefinition d, List<FieldMapping> mappings, Optional<ObjectInfo> object,
                                                 List<Violation> problems) {
        Map<String, String> statusMapping = d.statusMapping();
        if (d.jiraProjects().size() != 1) {
            problems.add(new Violation("jiraProjects", "a synchronized item targets exactly one Jira project"));
            return statusMapping;
        }
        String project = d.jiraProject();
        if (jira.project(project).isEmpty()) {
            problems.add(new Violation("jiraProjects", "Jira project '" + project + "' does not exist or is not visible"));
            return statusMapping;
        }
        if (d.jiraIssueType() == null || d.jiraIssueType().isBlank()) {
            problems.add(new Violation("jiraIssueType", "a synchronized item needs one Jira issue type"));
            return statusMapping;
        }
        if (jira.issueTypes(project).stream().noneMatch(t -> t.id().equals(d.jiraIssueType()))) {
            problems.add(new Violation("jiraIssueType", "issue type '" + d.jiraIssueType() + "' is not available in project " + project));
            return statusMapping;
        }
        List<FieldInfo> createFields = jira.createFields(project, d.jiraIssueType());
        if (object.isEmpty()) {
            return statusMapping;
        }
        String objectType = object.get().name();
        checkMappings(mappings, objectType, createFields, problems);
        if (d.isAutoCreate()) {
            Set<String> mapped = mappings.stream().map(FieldMapping::jiraField).collect(Collectors.toSet());
            List<String> unmapped = createFields.stream()
                    .filter(f -> f.required() && !f.hasDefaultValue() && !SET_BY_CONNECTOR.contains(f.fieldId()) && !mapped.contains(f.fieldId()))
                    .map(f -> f.name() + " (" + f.fieldId() + ")")
                    .toList();
            if (!unmapped.isEmpty()) {
                problems.add(new Violation("fieldMappings", "auto-create needs every required Jira field mapped; unmapped: "
                        + String.join(", ", unmapped)));
            }
        }
        Optional<StatusField> statusField = Optional.empty();
        if (d.isStatusSync() || d.rule() != null) {
            statusField = hubspot.statusField(objectType);
        }
        if (d.isStatusSync()) {
            if (statusField.isEmpty()) {
                problems.add(new Violation("statusSync", "HubSpot object '" + objectType + "' has no status-like field (pipeline stage) to sync"));
            } else {
                statusMapping = checkStatusMapping(d.statusMapping(), statusField.get(), project, problems);
            }
        }
        if (d.rule() != null) {
            checkRule(d.rule(), objectType, project, problems);
        }
        return statusMapping;
    }

    private void checkMappings(List<FieldMapping> mappings, String objectType, List<FieldInfo> createFields, List<Violation> problems) {
        Set<String> seenJiraFields = new HashSet<>();
        for (int i = 0; i < mappings.size(); i++) {
            FieldMapping m = mappings.get(i);
            String at = "fieldMappings[" + i + "]";
            if (m.jiraField() != null && !seenJiraFields.add(m.jiraField())) {
                problems.add(new Violation(at + ".jiraField", "Jira field '" + m.jiraField() + "' is mapped more than once"));
                continue;
            }
            Optional<PropertyInfo> property = m.hubspotProperty() == null ? Optional.empty() : hubspot.property(objectType, m.hubspotProperty());
            if (property.isEmpty()) {
                problems.add(new Violation(at + ".hubspotProperty", "HubSpot property '" + m.hubspotProperty() + "' does not exist on " + objectType));
            }
            Optional<FieldInfo> field = createFields.stream().filter(f -> f.fieldId().equals(m.jiraField())).findFirst();
            if (field.isEmpty()) {
                problems.add(new Violation(at + ".jiraField", "Jira field '" + m.jiraField() + "' does not exist on the create screen of this project and issue type"));
            }
            if (property.isPresent() && field.isPresent() && m.owner() != null) {
                types.mappingProblem(property.get(), field.get(), m.owner(), m.hasValueMap() ? m.valueMap() : null)
                        .ifPresent(reason -> problems.add(new Violation(at, reason)));
                if (m.owner().jiraWritesHubSpot() && property.get().readOnly()) {
                    problems.add(new Violation(at + ".owner", "HubSpot property '" + m.hubspotProperty() + "' is read-only, so Jira cannot own it"));
                }
            }
            if (m.hasValueMap() && property.isPresent() && field.isPresent()) {
                checkValueMap(m.valueMap(), at + ".valueMap", property.get(), field.get(), problems);
            }
        }
    }

    /**
     * Every value a map names exists on its side: HubSpot values among the property's options (enumerations and
     * booleans), Jira values among the field's allowed values (select fields, priorities) or Jira's users (user fields).
     */
    private void checkValueMap(ValueMap map, String at, PropertyInfo property, FieldInfo field, List<Violation> problems) {
        boolean hubspotOptions = !property.options().isEmpty();
        boolean jiraUsers = field.schema() != null && "user".equals(field.schema().type());
        List<String> allowed = field.allowedValues() == null ? List.of() : field.allowedValues().stream().map(JiraMetadata.AllowedValue::display).toList();
        map.values().forEach((hubspotValue, jiraValue) -> {
            if (hubspotOptions && !property.hasOption(hubspotValue)) {
                problems.add(new Violation(at + ".values[" + hubspotValue + "]", "'" + abbreviate(hubspotValue) + "' is not an option of HubSpot property "
                        + property.name() + " (options: " + property.options().stream().map(HubSpotMetadata.OptionInfo::value).collect(Collectors.joining(", ")) + ")"));
            }
            checkJiraValue(jiraValue, at + ".values[" + hubspotValue + "]", field, allowed, jiraUsers, problems);
        });
        if (map.defaultJiraValue() != null && !map.defaultJiraValue().isBlank()) {
            checkJiraValue(map.defaultJiraValue(), at + ".defaultJiraValue", field, allowed, jiraUsers, problems);
        }
        if (map.defaultHubSpotValue() != null && !map.defaultHubSpotValue().isBlank() && hubspotOptions && !property.hasOption(map.defaultHubSpotValue())) {
            problems.add(new Violation(at + ".defaultHubSpotValue", "'" + abbreviate(map.defaultHubSpotValue()) + "' is not an option of HubSpot property "
                    + property.name()));
        }
    }

    private void checkJiraValue(String value, String at, FieldInfo field, List<String> allowed, boolean users, List<Violation> problems) {
        if (users) {
            if (!jira.userExists(value)) {
                problems.add(new Violation(at, "Jira has no user with account id '" + abbreviate(value) + "'"));
            }
        } else if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> a.equalsIgnoreCase(value))) {
            problems.add(new Violation(at, "'" + abbreviate(value) + "' is not a value of Jira field " + field.name() + " (values: " + String.join(", ", allowed) + ")"));
        }
    }

    private Map<String, String> checkStatusMapping(Map<String, String> given, StatusField field, String project, List<Violation> problems) {
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (field.stage(e.getKey()).isEmpty()) {
                problems.add(new Violation("statusMapping." + e.getKey(), "'" + e.getKey() + "' is not a stage of any " + field.stageProperty() + " pipeline"));
            }
            if (jira.status(project, e.getValue()).isEmpty()) {
                problems.add(new Violation("statusMapping." + e.getKey(), "Jira status '" + e.getValue() + "' is not in the workflow of project " + project));
            }
        }
        return DefaultStatusMapping.complete(given, field, jira.statuses(project));
    }

    private void checkRule(ConditionalRule rule, String objectType, String project, List<Violation> problems) {
        Optional<PropertyInfo> property = rule.property() == null ? Optional.empty() : hubspot.property(objectType, rule.property());
        if (property.isEmpty()) {
            problems.add(new Violation("rule.property", "HubSpot property '" + rule.property() + "' does not exist on " + objectType));
        }
        if (rule.operator() == null || rule.operator().isBlank()) {
            problems.add(new Violation("rule.operator", "an operator is required"));
        } else if (property.isPresent()) {
            types.operatorProblem(rule.operator(), property.get()).ifPresent(reason -> problems.add(new Violation("rule.operator", reason)));
            if ("enumeration".equals(property.get().type()) && rule.value() != null && !rule.value().isBlank()
                    && isValueOperator(rule.operator())) {
                for (String v : rule.value().split("[;,]")) {
                    String value = v.trim();
                    if (!value.isEmpty() && !property.get().hasOption(value)) {
                        problems.add(new Violation("rule.value", "'" + value + "' is not an option of " + rule.property() + " (options: "
                                + property.get().options().stream().map(HubSpotMetadata.OptionInfo::value).collect(Collectors.joining(", ")) + ")"));
                    }
                }
            }
        }
        checkStatus(rule.metStatus(), "rule.metStatus", project, true, problems);
        checkStatus(rule.notMetStatus(), "rule.notMetStatus", project, rule.createWhenNotMet(), problems);
    }

    /**
     * A record filter HubSpot's search can take: at most 5 groups of at most 4 conditions (HubSpot allows 6 filters per
     * group and the poll adds up to 2 of its own), 18 filters in all; every property known, every operator fitting its
     * property's type, every value readable (and an option of an enumeration).
     */
    private void checkFilter(RecordFilter filter, String objectType, List<Violation> problems) {
        List<RecordFilter.Group> groups = filter.groups();
        if (groups.size() > MAX_FILTER_GROUPS) {
            problems.add(new Violation("filter.groups", "HubSpot's search takes at most " + MAX_FILTER_GROUPS + " filter groups; this filter has "
                    + groups.size()));
            return;
        }
        int filters = 0;
        for (int g = 0; g < groups.size(); g++) {
            List<RecordFilter.Condition> conditions = groups.get(g).conditions();
            String at = "filter.groups[" + g + "]";
            if (conditions.isEmpty()) {
                problems.add(new Violation(at + ".conditions", "a group needs at least one condition"));
            }
            filters += POLL_FILTERS;
            for (int c = 0; c < conditions.size(); c++) {
                String field = at + ".conditions[" + c + "]";
                filters++;
                if (c >= MAX_CONDITIONS_PER_GROUP) {
                    problems.add(new Violation(field, "a group takes at most " + MAX_CONDITIONS_PER_GROUP + " conditions: HubSpot's search allows "
                            + RecordSearch.MAX_FILTERS_PER_GROUP + " filters per group and the poll adds " + POLL_FILTERS + " of its own"));
                } else if (filters > RecordSearch.MAX_FILTERS) {
                    problems.add(new Violation(field, "one condition too many: HubSpot's search takes at most " + RecordSearch.MAX_FILTERS
                            + " filters in all, and the poll adds " + POLL_FILTERS + " to each group"));
                }
                checkCondition(conditions.get(c), field, objectType, problems);
            }
        }
    }

    private void checkCondition(RecordFilter.Condition c, String field, String objectType, List<Violation> problems) {
        Optional<PropertyInfo> property = c.property() == null || c.property().isBlank() ? Optional.empty() : hubspot.property(objectType, c.property());
        if (property.isEmpty()) {
            problems.add(new Violation(field + ".property", c.property() == null || c.property().isBlank() ? "a HubSpot property is required"
                    : "HubSpot property '" + c.property() + "' does not exist on " + objectType));
        }
        Optional<RecordFilter.Operator> op = c.op();
        if (op.isEmpty()) {
            problems.add(new Violation(field + ".operator", "'" + c.operator() + "' is not a filter operator (one of "
                    + java.util.Arrays.toString(RecordFilter.Operator.values()) + ")"));
            return;
        }
        if (property.isEmpty()) {
            return;
        }
        String type = property.get().type();
        boolean temporal = "date".equals(type) || "datetime".equals(type);
        boolean numeric = "number".equals(type);
        switch (op.get()) {
            case GT, GTE, LT, LTE, BETWEEN -> {
                if (!temporal && !numeric) {
                    problems.add(new Violation(field + ".operator", op.get() + " compares numbers and dates; " + c.property() + " is a " + type
                            + " property"));
                } else {
                    readable(c.value(), field + ".value", temporal, problems);
                    if (op.get() == RecordFilter.Operator.BETWEEN) {
                        readable(c.highValue(), field + ".highValue", temporal, problems);
                    }
                }
            }
            case WITHIN_LAST_DAYS -> {
                if (!temporal) {
                    problems.add(new Violation(field + ".operator", "WITHIN_LAST_DAYS needs a date or datetime property; " + c.property()
                            + " is a " + type + " property"));
                }
                if (c.days() == null || c.days() < 1) {
                    problems.add(new Violation(field + ".days", "WITHIN_LAST_DAYS needs days of 1 or more"));
                }
            }
            case EQ, NEQ -> {
                if (c.value() == null || c.value().isBlank()) {
                    problems.add(new Violation(field + ".value", op.get() + " needs a value (use UNKNOWN for an empty property)"));
                } else {
                    option(property.get(), c.value(), field + ".value", problems);
                }
            }
            case IN, NOT_IN -> {
                if (c.values().isEmpty()) {
                    problems.add(new Violation(field + ".values", op.get() + " needs a list of values"));
                }
                c.values().forEach(v -> option(property.get(), v, field + ".values", problems));
            }
            case CONTAINS -> {
                if (c.value() == null || c.value().isBlank()) {
                    problems.add(new Violation(field + ".value", "CONTAINS needs the text to look for"));
                } else if (numeric || temporal) {
                    problems.add(new Violation(field + ".operator", "CONTAINS looks for text; " + c.property() + " is a " + type + " property"));
                }
            }
            case KNOWN, UNKNOWN -> {
            }
        }
    }

    /** The match rule names a HubSpot property of the object and a Jira field of the create screen (or the issue key). */
    private void checkMatchRule(ItemDefinition d, String objectType, List<Violation> problems) {
        MatchRule rule = d.match();
        if (rule.hubspotProperty() == null || rule.hubspotProperty().isBlank()) {
            problems.add(new Violation("match.hubspotProperty", "a HubSpot property is required (hs_object_id for the record id)"));
        } else if (!rule.hubspotProperty().equals("hs_object_id") && hubspot.property(objectType, rule.hubspotProperty()).isEmpty()) {
            problems.add(new Violation("match.hubspotProperty", "HubSpot property '" + rule.hubspotProperty() + "' does not exist on " + objectType));
        }
        if (rule.jiraField() == null || rule.jiraField().isBlank()) {
            problems.add(new Violation("match.jiraField", "a Jira field is required (key for the issue key)"));
        } else if (!rule.byIssueKey() && d.jiraProject() != null && d.jiraIssueType() != null
                && jira.createField(d.jiraProject(), d.jiraIssueType(), rule.jiraField()).isEmpty()) {
            problems.add(new Violation("match.jiraField", "Jira field '" + rule.jiraField() + "' is not on the create screen of project " + d.jiraProject()));
        }
    }

    private static void readable(String value, String field, boolean temporal, List<Violation> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new Violation(field, "a value is required"));
        } else if (temporal ? RecordFilter.epochMillis(value) == null : !isNumber(value)) {
            problems.add(new Violation(field, "'" + abbreviate(value) + "' is not a " + (temporal ? "date (2026-11-30, an ISO instant or epoch ms)" : "number")));
        }
    }

    private static void option(PropertyInfo property, String value, String field, List<Violation> problems) {
        if ("enumeration".equals(property.type()) && !property.options().isEmpty() && !property.hasOption(value.trim())) {
            problems.add(new Violation(field, "'" + abbreviate(value) + "' is not an option of " + property.name() + " (options: "
                    + property.options().stream().map(HubSpotMetadata.OptionInfo::value).collect(Collectors.joining(", ")) + ")"));
        } else if ("number".equals(property.type()) && !isNumber(value)) {
            problems.add(new Violation(field, "'" + abbreviate(value) + "' is not a number, and " + property.name() + " is a number property"));
        }
    }

    private static boolean isNumber(String value) {
        try {
            new java.math.BigDecimal(value.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isValueOperator(String operator) {
        String op = operator.toUpperCase(java.util.Locale.ROOT).replace(' ', '_');
        return op.equals("EQUALS") || op.equals("NOT_EQUALS") || op.equals("IN_LIST") || op.equals("IN");
    }

    private void checkStatus(String status, String field, String project, boolean required, List<Violation> problems) {
        if (status == null || status.isBlank()) {
            if (required) {
                problems.add(new Violation(field, "a Jira status is required"));
            }
            return;
        }
        if (jira.status(project, status).isEmpty()) {
            problems.add(new Violation(field, "Jira status '" + status + "' is not in the workflow of project " + project));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
