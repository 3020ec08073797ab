package io.hubjira.convert;

import java.util.Locale;

import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.jira.JiraTextLimit;

/** Classifies HubSpot properties and Jira fields into the kinds the transforms work with. */
final class FieldKinds {

    enum HubSpotKind { TEXT, RICH_TEXT, NUMBER, DATE, DATETIME, ENUM, MULTI_ENUM, BOOL, OWNER }

    enum JiraKind { TEXT, RICH_TEXT, NUMBER, DATE, DATETIME, OPTION, OPTIONS, LABELS, PRIORITY, USER, UNSUPPORTED }

    private FieldKinds() {}

    static HubSpotKind of(PropertyInfo p) {
        if ("hubspot_owner_id".equals(p.name()) || "OWNER".equalsIgnoreCase(p.referencedObjectType())) {
            return HubSpotKind.OWNER;
        }
        String type = p.type() == null ? "string" : p.type().toLowerCase(Locale.ROOT);
        String fieldType = p.fieldType() == null ? "" : p.fieldType().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "number" -> HubSpotKind.NUMBER;
            case "date" -> HubSpotKind.DATE;
            case "datetime" -> HubSpotKind.DATETIME;
            case "bool" -> HubSpotKind.BOOL;
            case "enumeration" -> fieldType.equals("checkbox") ? HubSpotKind.MULTI_ENUM
                    : fieldType.equals("booleancheckbox") ? HubSpotKind.BOOL : HubSpotKind.ENUM;
            default -> fieldType.equals("html") || fieldType.equals("textarea") ? HubSpotKind.RICH_TEXT : HubSpotKind.TEXT;
        };
    }

    /** How much text the Jira field holds (its client's limit), for a TEXT or RICH_TEXT field. */
    static JiraTextLimit textLimit(FieldInfo f) {
        return JiraTextLimit.ofStringField(f.fieldId(), f.schema().system(), f.schema().custom());
    }

    static JiraKind of(FieldInfo f) {
        String type = f.schema().type() == null ? "" : f.schema().type();
        String custom = f.schema().custom() == null ? "" : f.schema().custom();
        String system = f.schema().system() == null ? "" : f.schema().system();
        return switch (type) {
            case "string" -> system.equals("description") || system.equals("environment") || custom.endsWith(":textarea")
                    ? JiraKind.RICH_TEXT : JiraKind.TEXT;
            case "number" -> JiraKind.NUMBER;
            case "date" -> JiraKind.DATE;
            case "datetime" -> JiraKind.DATETIME;
            case "option" -> JiraKind.OPTION;
            case "priority" -> JiraKind.PRIORITY;
            case "user" -> JiraKind.USER;
            case "array" -> "option".equals(f.schema().items()) ? JiraKind.OPTIONS
                    : "string".equals(f.schema().items()) ? JiraKind.LABELS : JiraKind.UNSUPPORTED;
            default -> JiraKind.UNSUPPORTED;
        };
    }
}
