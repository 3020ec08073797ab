package io.hubjira.connection;

import java.util.List;
import java.util.Optional;

import io.hubjira.audit.AuditLog;
import io.hubjira.config.ConnectorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Connections from start-up credentials (HUBSPOT_PORTAL_ID + HUBSPOT_TOKEN; JIRA_BASE_URL + JIRA_EMAIL +
 * JIRA_API_TOKEN), validated exactly like the admin API does. A saved connection survives restarts: the start-up
 * credentials create a connection only when none is saved, and replace a saved one only when they differ from it,
 * with an audit event and a log line saying so. A first connection an admin revoked stays revoked: the start-up
 * credentials are ignored (with a warning) until it is reconnected through the admin API or the console. A failure is
 * logged (never the secret) and the connector keeps running, unconnected, with the health and the connections API
 * saying what to configure; credentials of another portal or site than the one a connection's links name are such a
 * failure, and the saved connection is kept.
 */
@Component
public class ConnectionBootstrap {

    private static final Logger log = LoggerFactory.getLogger(ConnectionBootstrap.class);

    private final ConnectorProperties props;
    private final Environment env;
    private final HubSpotConnectionService hubspot;
    private final JiraConnectionService jira;
    private final AuditLog audit;

    public ConnectionBootstrap(ConnectorProperties props, Environment env, HubSpotConnectionService hubspot, JiraConnectionService jira,
                               AuditLog audit) {
        this.props = props;
        this.env = env;
        this.hubspot = hubspot;
        this.jira = jira;
        this.audit = audit;
    }

    /** Runs once the web server is up (a Jira or HubSpot served by this very process can answer by then). */
    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    public void connectFromStartupCredentials() {
        hubspot.baseUrlProblem().ifPresent(refused -> log.error("HUBSPOT_BASE_URL is refused ({}); no HubSpot call is made until it is fixed",
                refused.summary()));
        if (props.hubspot().hasStartupCredentials()) {
            connectHubSpot(props.hubspot().portalId().trim(), props.hubspot().token().trim());
        }
        if (props.jira().hasStartupCredentials()) {
            // read through the Environment: the URL may name the server port, known only now
            connectJira(env.getProperty("connector.jira.base-url", "").trim(), props.jira().email().trim(), props.jira().apiToken().trim());
        }
    }

    private void connectHubSpot(String portalId, String token) {
        Optional<HubSpotConnection> first = hubspot.first();
        if (first.isPresent() && !first.get().active()) {
            log.warn("HubSpot connection {} ({}) was revoked by an admin: the start-up credentials HUBSPOT_PORTAL_ID / HUBSPOT_TOKEN are "
                    + "ignored and it stays revoked; reconnect it through the admin API (PUT /api/connections/hubspot) or the console",
                    first.get().name(), describe(first.get()));
            return;
        }
        Optional<HubSpotConnection> saved = hubspot.current();
        if (saved.isPresent() && saved.get().authType() == HubSpotConnection.AuthType.STATIC_TOKEN
                && String.valueOf(saved.get().portalId()).equals(portalId) && token.equals(saved.get().accessToken())) {
            log.info("HubSpot portal {} stays connected as saved (the start-up credentials are the same)", portalId);
            return;
        }
        try {
            HubSpotConnection c = hubspot.connectToken(portalId, token, props.hubspot().tokenKind());
            if (saved.isEmpty()) {
                log.info("HubSpot connection created from the start-up configuration (portal {})", c.portalId());
            } else {
                String was = describe(saved.get());
                log.warn("HubSpot connection replaced by the start-up configuration (HUBSPOT_PORTAL_ID / HUBSPOT_TOKEN differ from "
                        + "the saved connection): was {}, now portal {}", was, c.portalId());
                audit.record(null, null, null, AuditLog.Direction.NONE, "CONNECTION_REPLACED", List.of("hubspot"),
                        AuditLog.Outcome.OK, "HubSpot connection " + was + " replaced from start-up configuration by portal " + c.portalId());
            }
        } catch (RuntimeException e) {
            log.error("HubSpot connection from the start-up configuration failed{}: {}",
                    saved.isPresent() ? " (the saved connection is kept)" : "", describe(e));
        }
    }

    private void connectJira(String baseUrl, String email, String apiToken) {
        Optional<JiraConnection> first = jira.first();
        if (first.isPresent() && !first.get().active()) {
            log.warn("Jira connection {} ({}) was revoked by an admin: the start-up credentials JIRA_BASE_URL / JIRA_EMAIL / JIRA_API_TOKEN "
                    + "are ignored and it stays revoked; reconnect it through the admin API (PUT /api/connections/jira) or the console",
                    first.get().name(), first.get().baseUrl());
            return;
        }
        Optional<JiraConnection> saved = jira.current();
        try {
            jira.site("JIRA_BASE_URL", baseUrl);
        } catch (ConnectionProblem refused) {
            log.error("Jira connection from the start-up configuration refused ({}){}", refused.summary(),
                    saved.isPresent() ? "; the saved connection is kept" : "");
            return;
        }
        if (saved.isPresent() && saved.get().baseUrl().equals(jira.siteQuietly(baseUrl))
                && saved.get().email().equals(email) && saved.get().apiToken().equals(apiToken)) {
            log.info("Jira site {} stays connected as saved (the start-up credentials are the same)", saved.get().baseUrl());
            return;
        }
        try {
            JiraConnection c = jira.connect(baseUrl, email, apiToken);
            if (saved.isEmpty()) {
                log.info("Jira connection created from the start-up configuration ({})", c.baseUrl());
            } else {
                String was = saved.get().baseUrl() + " as " + saved.get().email();
                log.warn("Jira connection replaced by the start-up configuration (JIRA_BASE_URL / JIRA_EMAIL / JIRA_API_TOKEN differ "
                        + "from the saved connection): was {}, now {} as {}", was, c.baseUrl(), c.email());
                audit.record(null, null, null, AuditLog.Direction.NONE, "CONNECTION_REPLACED", List.of("jira"), AuditLog.Outcome.OK,
                        "Jira connection " + was + " replaced from start-up configuration by " + c.baseUrl() + " as " + c.email());
            }
        } catch (RuntimeException e) {
            log.error("Jira connection from the start-up configuration failed{}: {}",
                    saved.isPresent() ? " (the saved connection is kept)" : "", describe(e));
        }
    }

    private static String describe(RuntimeException e) {
        return e instanceof ConnectionProblem problem ? problem.summary() : e.getMessage();
    }

    private static String describe(HubSpotConnection c) {
        return "portal " + c.portalId() + " (" + c.tokenKind().label() + ")";
    }
}
