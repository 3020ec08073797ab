package io.hubjira.hubspot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A HubSpot user who can own records ({@code PublicOwner}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Owner(String id, String email, String firstName, String lastName, Long userId, boolean archived) {

    /** "First Last", else the email, else the id. */
    public String displayName() {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
        return !name.isEmpty() ? name : email != null && !email.isBlank() ? email : id;
    }
}
