package io.hubjira.hubspot;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of HubSpot's token endpoint: access token (30 minutes), the refresh token (may rotate), the portal. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OAuthTokens(@JsonProperty("access_token") String accessToken, @JsonProperty("refresh_token") String refreshToken,
                          @JsonProperty("expires_in") Long expiresIn, @JsonProperty("hub_id") Long hubId, List<String> scopes) {

    @Override
    public String toString() {
        return "OAuthTokens[hubId=" + hubId + ", expiresIn=" + expiresIn + ", tokens=****]";
    }
}
