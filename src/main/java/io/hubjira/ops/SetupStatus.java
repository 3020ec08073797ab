package io.hubjira.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.HubSpotConnectionService;
import io.hubjira.connection.JiraConnection;
import io.hubjira.connection.JiraConnectionService;
import io.hubjira.item.ItemRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What the connector still needs before it syncs, each with how to provide it: the connections, each Jira
 * connection's webhook secret (the first one's may come from JIRA_WEBHOOK_SECRET), a Smart Connected Item; and what
 * stopped: a revoked connection that items are still bound to. The connector runs against what is configured and says what is missing: here (the
 * "setup" health component and GET /api/connections) and once in the log at start-up.
 */
@Component
public class SetupStatus {

    /** One missing piece: what it is, whether sync is blocked without it, and how to provide it. */
    public record Missing(String what, boolean required, String how) {}

    private static final Logger log = LoggerFactory.getLogger(SetupStatus.class);

    private final HubSpotConnectionService hubspot;
    private final JiraConnectionService jira;
    private final ItemRepository items;
    private final ConnectorProperties props;

    public SetupStatus(HubSpotConnectionService hubspot, JiraConnectionService jira, ItemRepository items, ConnectorProperties props) {
        this.hubspot = hubspot;
        this.jira = jira;
        this.items = items;
        this.props = props;
    }

    public List<Missing> missing() {
        List<Missing> missing = new ArrayList<>();
        hubspot.baseUrlProblem().ifPresent(refused -> missing.add(new Missing("Valid HUBSPOT_BASE_URL", true, refused.getMessage())));
        jira.savedSiteProblem().ifPresent(refused -> missing.add(new Missing("Valid Jira site URL", true, refused.getMessage()
                + " Save the Jira connection again with a valid site URL.")));
        List<HubSpotConnection> portals = hubspot.connections();
        List<JiraConnection> sites = jira.connections();
        List<HubSpotConnection> activePortals = portals.stream().filter(HubSpotConnection::active).toList();
        List<JiraConnection> activeSites = sites.stream().filter(JiraConnection::active).toList();
        if (activePortals.isEmpty()) {
            missing.add(new Missing("HubSpot connection", true, "Set HUBSPOT_PORTAL_ID and HUBSPOT_TOKEN (a Service Key or an app's "
                    + "access token), or save them with PUT /api/connections/hubspot or the console's Connections page."));
        }
        if (activeSites.isEmpty()) {
            missing.add(new Missing("Jira connection", true, "Set JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN, or save them with "
                    + "PUT /api/connections/jira or the console's Connections page."));
        }
        Map<Long, Integer> itemsPerPortal = items.countByHubSpotConnection();
        Map<Long, Integer> itemsPerSite = items.countByJiraConnection();
        portals.stream().filter(c -> !c.active() && itemsPerPortal.getOrDefault(c.id(), 0) > 0).forEach(c -> missing.add(new Missing(
                "HubSpot connection '" + c.name() + "' (revoked)", false, itemsPerPortal.get(c.id()) + " Smart Connected Item(s) bound to it "
                + "are stopped, their links kept: reconnect it with PUT /api/connections/hubspot/" + c.id() + " or the console.")));
        sites.stream().filter(c -> !c.active() && itemsPerSite.getOrDefault(c.id(), 0) > 0).forEach(c -> missing.add(new Missing(
                "Jira connection '" + c.name() + "' (revoked)", false, itemsPerSite.get(c.id()) + " Smart Connected Item(s) bound to it "
                + "are stopped, their links kept: reconnect it with PUT /api/connections/jira/" + c.id() + " or the console.")));
        if (activeSites.isEmpty() && blank(props.jira().webhookSecret())) {
            missing.add(jiraWebhookSecretOfTheFirst());
        }
        for (JiraConnection site : activeSites) {
            if (jira.webhookSecret(site).isEmpty()) {
                missing.add(jira.isFirst(site) ? jiraWebhookSecretOfTheFirst() : new Missing("Jira webhook secret of '" + site.name() + "'",
                        true, "Set the secret of the Jira admin webhook pointing at /webhooks/jira/" + site.id() + " with PUT "
                        + "/api/connections/jira/" + site.id() + " (webhookSecret) or the console; until then that site's webhooks are refused "
                        + "and its changes do not reach HubSpot."));
            }
        }
        if (activePortals.isEmpty() && blank(props.hubspot().webhookSecret())) {
            missing.add(hubSpotWebhookSecretOfTheFirst());
        }
        for (HubSpotConnection portal : activePortals) {
            if (hubspot.webhookSecret(portal).isEmpty()) {
                missing.add(hubspot.isFirst(portal) ? hubSpotWebhookSecretOfTheFirst() : new Missing("HubSpot webhook secret of '"
                        + portal.name() + "'", false, "Optional: set the client secret of the HubSpot app whose webhooks this portal sends to "
                        + "/webhooks/hubspot with PUT /api/connections/hubspot/" + portal.id() + " (webhookSecret) or the console; until then "
                        + "its changes arrive by the scheduled poll."));
            }
        }
        if (items.findSyncing().isEmpty() && items.findAll().isEmpty()) {
            missing.add(new Missing("Smart Connected Item", true, "Create one with POST /api/items, the console, or connector.items "
                    + "in application.yaml."));
        }
        return missing;
    }

    private static Missing jiraWebhookSecretOfTheFirst() {
        return new Missing("Jira webhook secret", true, "Set JIRA_WEBHOOK_SECRET to the secret of the Jira admin webhook "
                + "pointing at /webhooks/jira (or the connection's own with PUT /api/connections/jira/{id}); until then Jira webhooks are "
                + "refused and Jira changes do not reach HubSpot.");
    }

    private static Missing hubSpotWebhookSecretOfTheFirst() {
        return new Missing("HubSpot webhook secret", false, "Optional: set HUBSPOT_WEBHOOK_SECRET to the client secret of a "
                + "HubSpot project app whose webhooks point at /webhooks/hubspot (or the connection's own with PUT "
                + "/api/connections/hubspot/{id}); until then HubSpot changes arrive by the scheduled poll.");
    }

    public boolean complete() {
        return missing().stream().noneMatch(Missing::required);
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(100)
    public void sayWhatIsMissing() {
        List<Missing> missing = missing();
        if (missing.isEmpty()) {
            log.info("Setup complete: connected to HubSpot and Jira, webhooks authenticated, {} Smart Connected Item(s)", items.findAll().size());
            return;
        }
        missing.forEach(m -> log.warn("Setup {}: {} — {}", m.required() ? "incomplete" : "note", m.what(), m.how()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
