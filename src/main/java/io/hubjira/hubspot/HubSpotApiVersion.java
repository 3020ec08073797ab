package io.hubjira.hubspot;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which generation of HubSpot's REST paths the connector calls ({@code connector.hubspot.api-version}). HubSpot's
 * current APIs are date-versioned ({@code /crm/objects/2026-03/…}); each version is supported for 18 months, and
 * v1–v3 (v4 for associations) stop being supported in 2027.
 */
public enum HubSpotApiVersion {

    /** The default: every operation at its 2026-03 path. */
    V2026_03("2026-03"),
    /** Each operation where HubSpot publishes it in 2026-09, the others at 2026-03. */
    V2026_09("2026-09"),
    /** Today's v1/v3/v4 paths, for a transition only: unsupported from September 2027. */
    LEGACY("legacy");

    public static final String SETTING = "connector.hubspot.api-version";

    private final String setting;

    HubSpotApiVersion(String setting) {
        this.setting = setting;
    }

    /** The value as written in the setting. */
    public String setting() {
        return setting;
    }

    /** @throws IllegalStateException naming the setting and the values it allows, for anything else */
    public static HubSpotApiVersion fromSetting(String value) {
        String given = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (given.isEmpty()) {
            return V2026_03;
        }
        return Arrays.stream(values()).filter(v -> v.setting.equals(given)).findFirst()
                .orElseThrow(() -> new IllegalStateException(SETTING + " (HUBSPOT_API_VERSION) is '" + value + "', which the connector "
                        + "does not know; allowed: " + Arrays.stream(values()).map(HubSpotApiVersion::setting)
                        .collect(Collectors.joining(", ")) + " (2026-03 is the default)"));
    }
}
