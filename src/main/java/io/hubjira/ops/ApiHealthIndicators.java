package io.hubjira.ops;

import java.time.Clock;
import java.util.Map;

import io.hubjira.connection.HubSpotAccessTokens;
import io.hubjira.connection.JiraSiteCredentials;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.jira.JiraClient;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health components "hubspot" and "jira": is the connected portal or site reachable with the stored credential. */
@Configuration
public class ApiHealthIndicators {

    @Bean("hubspot")
    HealthIndicator hubspotHealth(HubSpotAccessTokens connections, HubSpotClient client, Clock clock) {
        return new ApiReachability("HubSpot connection not configured: set HUBSPOT_PORTAL_ID and HUBSPOT_TOKEN, or PUT /api/connections/hubspot",
                () -> connections.current().map(c -> Map.of("portalId", c.portalId(), "apiVersion", client.version().setting())),
                () -> Map.of("portalId", client.accountDetails(connections.accessToken()).portalId()), clock);
    }

    @Bean("jira")
    HealthIndicator jiraHealth(JiraSiteCredentials connections, JiraClient client, Clock clock) {
        return new ApiReachability("Jira connection not configured: set JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN, or PUT /api/connections/jira",
                () -> connections.current().map(c -> Map.of("site", c.baseUrl())),
                () -> Map.of("accountId", client.myself(connections.credentials()).accountId()), clock);
    }
}
