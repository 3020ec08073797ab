package io.hubjira.hubspot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The portal behind a credential ({@code PortalInformationResponse}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccountDetails(Long portalId, String uiDomain, String dataHostingLocation, String accountType, String timeZone) {}
