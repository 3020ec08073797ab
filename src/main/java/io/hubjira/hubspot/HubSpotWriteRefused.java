package io.hubjira.hubspot;

import java.util.List;

/**
 * HubSpot refused a write to records of an object by a rule of the portal (2026-09 write validation): the portal
 * (null when unknown), the object type and what the rule asked for. The only way HubSpot's API tells a client about
 * conditional property rules and Create Record requirements.
 */
public record HubSpotWriteRefused(Long portalId, String objectType, List<WriteProblem> problems) {

    public HubSpotWriteRefused {
        problems = List.copyOf(problems);
    }
}
