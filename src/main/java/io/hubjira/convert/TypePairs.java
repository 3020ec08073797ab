package io.hubjira.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.hubjira.catalog.HubSpotMetadata.OptionInfo;
import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.AllowedValue;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.convert.FieldKinds.HubSpotKind;
import io.hubjira.convert.FieldKinds.JiraKind;
import io.hubjira.item.FieldOwner;
import io.hubjira.item.MappingTypeRules;
import io.hubjira.item.ValueMap;
import org.springframework.stereotype.Component;

/**
 * Which HubSpot property / Jira field pairs the sync can transform safely, per direction:
 * <pre>
 * HubSpot                         Jira                                  directions
 * string, phone, textarea, html   text (summary, textfield)             both
 * string, textarea, html          rich text (description, textarea)     both
 * number                          number                                both; number → text one way
 * date                            date                                  both; date → datetime, text one way
 * datetime                        datetime                              both; datetime → date, text one way
 * enumeration (select, radio)     option                                both, every option has a counterpart: same name, or the value map
 * enumeration                     priority                              both (priority value map)
 * enumeration (checkbox)          array of options                      both
 * string, enumeration             labels                                both
 * enumeration, bool               text                                  HubSpot → Jira only
 * bool                            option                                both (Yes/No or true/false options)
 * owner (hubspot_owner_id)        user                                  both, matched by email
 * </pre>
 * Anything else is refused at save time with the reason.
 */
@Component
public class TypePairs implements MappingTypeRules {

    private final RuleChecks rules;

    public TypePairs(RuleChecks rules) {
        this.rules = rules;
    }

    @Override
    public Optional<String> mappingProblem(PropertyInfo property, FieldInfo field, FieldOwner owner, ValueMap map) {
        HubSpotKind hs = FieldKinds.of(property);
        JiraKind jira = FieldKinds.of(field);
        Direction d = direction(hs, jira);
        String pair = "HubSpot " + describe(property) + " '" + property.name() + "' and Jira " + field.schema().type()
                + " field '" + field.fieldId() + "'";
        if (d == Direction.NONE) {
            return Optional.of(pair + " cannot be transformed safely");
        }
        if (d == Direction.TO_JIRA_ONLY && owner.jiraWritesHubSpot()) {
            return Optional.of(pair + " can only sync HubSpot → Jira; choose HubSpot as the owner");
        }
        if ((jira == JiraKind.OPTION || jira == JiraKind.OPTIONS) && (hs == HubSpotKind.ENUM || hs == HubSpotKind.MULTI_ENUM)
                && !field.allowedValues().isEmpty()) {
            List<String> missing = new ArrayList<>();
            for (OptionInfo o : property.options()) {
                boolean mapped = map != null && map.toJira(o.value()).isPresent();
                if (!mapped && ValueConversions.matchAllowed(field.allowedValues(), o).isEmpty()) {
                    missing.add(o.label());
                }
            }
            if (!missing.isEmpty()) {
                return Optional.of(pair + ": the Jira field has no option for " + String.join(", ", missing)
                        + " (name their Jira options in the mapping's valueMap, or set valueMap.defaultJiraValue)");
            }
            if (owner.jiraWritesHubSpot()) {
                List<String> unmatched = new ArrayList<>();
                for (AllowedValue a : field.allowedValues()) {
                    boolean mapped = map != null && map.toHubSpot(a.display()).isPresent();
                    boolean sameName = property.options().stream()
                            .anyMatch(o -> o.value().equalsIgnoreCase(a.display()) || o.label().equalsIgnoreCase(a.display()));
                    if (!mapped && !sameName) {
                        unmatched.add(a.display());
                    }
                }
                if (!unmatched.isEmpty()) {
                    return Optional.of(pair + ": HubSpot has no option for Jira's " + String.join(", ", unmatched)
                            + ", so Jira could not write them back (map them in the mapping's valueMap, set valueMap.defaultHubSpotValue,"
                            + " or choose HubSpot as the owner)");
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> operatorProblem(String operator, PropertyInfo property) {
        return rules.operatorProblem(operator, property);
    }

    enum Direction { BOTH, TO_JIRA_ONLY, NONE }

    static Direction direction(HubSpotKind hs, JiraKind jira) {
        return switch (jira) {
            case TEXT -> switch (hs) {
                case TEXT, RICH_TEXT -> Direction.BOTH;
                case NUMBER, DATE, DATETIME, ENUM, MULTI_ENUM, BOOL -> Direction.TO_JIRA_ONLY;
                default -> Direction.NONE;
            };
            case RICH_TEXT -> hs == HubSpotKind.TEXT || hs == HubSpotKind.RICH_TEXT ? Direction.BOTH : Direction.NONE;
            case NUMBER -> hs == HubSpotKind.NUMBER ? Direction.BOTH : Direction.NONE;
            case DATE -> hs == HubSpotKind.DATE ? Direction.BOTH : hs == HubSpotKind.DATETIME ? Direction.TO_JIRA_ONLY : Direction.NONE;
            case DATETIME -> hs == HubSpotKind.DATETIME ? Direction.BOTH : hs == HubSpotKind.DATE ? Direction.TO_JIRA_ONLY : Direction.NONE;
            case OPTION -> hs == HubSpotKind.ENUM || hs == HubSpotKind.BOOL ? Direction.BOTH : Direction.NONE;
            case OPTIONS -> hs == HubSpotKind.MULTI_ENUM || hs == HubSpotKind.ENUM ? Direction.BOTH : Direction.NONE;
            case LABELS -> Set.of(HubSpotKind.TEXT, HubSpotKind.ENUM, HubSpotKind.MULTI_ENUM).contains(hs) ? Direction.BOTH : Direction.NONE;
            case PRIORITY -> hs == HubSpotKind.ENUM || hs == HubSpotKind.TEXT ? Direction.BOTH : Direction.NONE;
            case USER -> hs == HubSpotKind.OWNER ? Direction.BOTH : Direction.NONE;
            case UNSUPPORTED -> Direction.NONE;
        };
    }

    private static String describe(PropertyInfo p) {
        return (p.type() == null ? "string" : p.type().toLowerCase(Locale.ROOT)) + (p.fieldType() == null ? "" : "/" + p.fieldType());
    }

}
