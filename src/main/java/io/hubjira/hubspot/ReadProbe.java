package io.hubjira.hubspot;

import java.util.List;

/** Whether the credential can read an object: the scopes HubSpot asked for when it cannot. */
public record ReadProbe(String objectType, boolean readable, List<String> missingScopes, String problem) {

    public ReadProbe {
        missingScopes = missingScopes == null ? List.of() : List.copyOf(missingScopes);
    }
}
