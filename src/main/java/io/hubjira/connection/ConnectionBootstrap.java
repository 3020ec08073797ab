package io.hubjira.connection;

import io.hubjira.config.ConnectorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * When HubSpot or Jira credentials are given at start-up (HUBSPOT_PORTAL_ID + HUBSPOT_TOKEN; JIRA_BASE_URL +
 * JIRA_EMAIL + JIRA_API_TOKEN), the connections are created from them, validated exactly like the admin API does.
 * Runs once the web server is up, so the built-in sandbox simulators can answer. A failure is logged (never the
 * secret) and the connector keeps running, unconnected, with health showing why.
 */
@Component
public class ConnectionBootstrap {

    private static final Logger log = LoggerFactory.getLogger(ConnectionBootstrap.class);

    private final ConnectorProperties props;
    private final Environment env;
    private final HubSpotConnectionService hubspot;
    private final JiraConnectionService jira;

    public ConnectionBootstrap(ConnectorProperties props, Environment env, HubSpotConnectionService hubspot, JiraConnectionService jira) {
        this.props = props;
        this.env = env;
        this.hubspot = hubspot;
        this.jira = jira;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    public void connectFromStartupCredentials() {
        if (props.hubspot().hasStartupCredentials()) {
            try {
                var c = hubspot.connectPrivateApp(props.hubspot().portalId(), props.hubspot().token());
                log.info("HubSpot connection created from start-up configuration (portal {})", c.portalId());
            } catch (RuntimeException e) {
                log.error("HubSpot connection from start-up configuration failed: {}", e.getMessage());
            }
        }
        if (props.jira().hasStartupCredentials()) {
            try {
                // read through the Environment: in sandbox mode the URL names the port only known now
                var c = jira.connect(env.getProperty("connector.jira.base-url"), props.jira().email(), props.jira().apiToken());
                log.info("Jira connection created from start-up configuration ({})", c.baseUrl());
            } catch (RuntimeException e) {
                log.error("Jira connection from start-up configuration failed: {}", e.getMessage());
            }
        }
    }
}
