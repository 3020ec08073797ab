package io.hubjira.hubspot;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hubjira.http.ApiRequest.RateClass;
import io.hubjira.http.PathSegments;

/**
 * Every HubSpot operation the connector uses, with its path in each API generation. The date-versioned path carries
 * {version}; an operation HubSpot does not publish in 2026-09 (the files API, the record-level association list) is
 * called at its 2026-03 path when the setting asks for 2026-09. The limits are HubSpot's documented batch sizes.
 */
public enum HubSpotOperation {

    ACCOUNT_DETAILS("GET", "/account-info/v3/details", "/account-info/{version}/details", true, RateClass.STANDARD, 0),
    OAUTH_TOKEN("POST", "/oauth/v1/token", "/oauth/{version}/token", true, RateClass.STANDARD, 0),
    /** Legacy: DELETE of the refresh token; date-based: a form POST naming it. */
    OAUTH_REVOKE("DELETE", "/oauth/v1/refresh-tokens/{token}", "/oauth/{version}/token/revoke", true, RateClass.STANDARD, 0),

    OBJECTS_SEARCH("POST", "/crm/v3/objects/{objectType}/search", "/crm/objects/{version}/{objectType}/search", true, RateClass.SEARCH, 200),
    OBJECTS_LIST("GET", "/crm/v3/objects/{objectType}", "/crm/objects/{version}/{objectType}", true, RateClass.STANDARD, 100),
    OBJECT_READ("GET", "/crm/v3/objects/{objectType}/{objectId}", "/crm/objects/{version}/{objectType}/{objectId}", true, RateClass.STANDARD, 0),
    OBJECT_CREATE("POST", "/crm/v3/objects/{objectType}", "/crm/objects/{version}/{objectType}", true, RateClass.STANDARD, 0),
    OBJECT_UPDATE("PATCH", "/crm/v3/objects/{objectType}/{objectId}", "/crm/objects/{version}/{objectType}/{objectId}", true, RateClass.STANDARD, 0),
    OBJECTS_BATCH_READ("POST", "/crm/v3/objects/{objectType}/batch/read", "/crm/objects/{version}/{objectType}/batch/read", true, RateClass.STANDARD, 100),
    OBJECTS_BATCH_UPDATE("POST", "/crm/v3/objects/{objectType}/batch/update", "/crm/objects/{version}/{objectType}/batch/update", true, RateClass.STANDARD, 100),
    OBJECTS_BATCH_CREATE("POST", "/crm/v3/objects/{objectType}/batch/create", "/crm/objects/{version}/{objectType}/batch/create", true, RateClass.STANDARD, 100),

    ASSOCIATIONS_LIST("GET", "/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}",
            "/crm/objects/{version}/{objectType}/{objectId}/associations/{toObjectType}", false, RateClass.STANDARD, 500),
    ASSOCIATIONS_BATCH_READ("POST", "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read",
            "/crm/associations/{version}/{fromObjectType}/{toObjectType}/batch/read", true, RateClass.STANDARD, 1000),
    ASSOCIATION_LABELS("GET", "/crm/v4/associations/{fromObjectType}/{toObjectType}/labels",
            "/crm/associations/{version}/{fromObjectType}/{toObjectType}/labels", true, RateClass.STANDARD, 0),
    ASSOCIATION_CREATE_DEFAULT("PUT", "/crm/v4/objects/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}",
            "/crm/objects/{version}/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}", true, RateClass.STANDARD, 0),

    PROPERTIES_LIST("GET", "/crm/v3/properties/{objectType}", "/crm/properties/{version}/{objectType}", true, RateClass.STANDARD, 0),
    PIPELINES_LIST("GET", "/crm/v3/pipelines/{objectType}", "/crm/pipelines/{version}/{objectType}", true, RateClass.STANDARD, 0),
    SCHEMAS_LIST("GET", "/crm-object-schemas/v3/schemas", "/crm-object-schemas/{version}/schemas", true, RateClass.STANDARD, 0),
    OWNERS_LIST("GET", "/crm/v3/owners", "/crm/owners/{version}", true, RateClass.STANDARD, 500),
    OWNER_READ("GET", "/crm/v3/owners/{ownerId}", "/crm/owners/{version}/{ownerId}", true, RateClass.STANDARD, 0),

    FILE_UPLOAD("POST", "/files/v3/files", "/files/{version}/files", false, RateClass.STANDARD, 0),
    FILE_SIGNED_URL("GET", "/files/v3/files/{fileId}/signed-url", "/files/{version}/files/{fileId}/signed-url", false, RateClass.STANDARD, 0),
    /** The bytes behind a signed URL HubSpot handed out (an absolute URL, not an API path). */
    FILES_SEARCH("GET", "/files/v3/files/search", "/files/{version}/files/search", true, RateClass.STANDARD, 100),
    FILE_DOWNLOAD("GET", "{url}", "{url}", true, RateClass.NONE, 0);

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)}");

    private final String method;
    private final String legacyPath;
    private final String datedPath;
    private final boolean in2026_09;
    private final RateClass rateClass;
    private final int batchLimit;

    HubSpotOperation(String method, String legacyPath, String datedPath, boolean in2026_09, RateClass rateClass, int batchLimit) {
        this.method = method;
        this.legacyPath = legacyPath;
        this.datedPath = datedPath;
        this.in2026_09 = in2026_09;
        this.rateClass = rateClass;
        this.batchLimit = batchLimit;
    }

    /** The HTTP method in this generation (OAuth revocation is a DELETE in v1, a POST since 2026-03). */
    public String method(HubSpotApiVersion version) {
        return this == OAUTH_REVOKE && version != HubSpotApiVersion.LEGACY ? "POST" : method;
    }

    /** The date version this operation is called at for the setting, or null for the legacy paths. */
    public String dateVersion(HubSpotApiVersion version) {
        return switch (version) {
            case LEGACY -> null;
            case V2026_03 -> "2026-03";
            case V2026_09 -> in2026_09 ? "2026-09" : "2026-03";
        };
    }

    /** The path template in this generation, e.g. {@code /crm/objects/2026-03/{objectType}/search} (counted in the metrics). */
    public String template(HubSpotApiVersion version) {
        String dated = dateVersion(version);
        return dated == null ? legacyPath : datedPath.replace("{version}", dated);
    }

    /** The concrete path: the template with its variables filled in, each URL-path-encoded. */
    public String path(HubSpotApiVersion version, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(template(version));
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(name() + " needs {" + m.group(1) + "}");
            }
            m.appendReplacement(path, Matcher.quoteReplacement(PathSegments.encode(value)));
        }
        m.appendTail(path);
        return path.toString();
    }

    public RateClass rateClass() {
        return rateClass;
    }

    /** HubSpot's documented maximum of inputs per call (or results per page); 0 when it takes one item. */
    public int batchLimit() {
        return batchLimit;
    }
}
