package io.hubjira.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Settings the connector no longer reads are refused at start-up, naming what replaced them: an operator must never
 * believe a setting still guards something. The issue panel's shared login (connector.security.panel-*) is gone: Jira
 * users reach the panel through the Forge app, each call carrying a Forge Invocation Token that names the user, and
 * the standalone panel page takes the admin credentials.
 */
@Component
public class RetiredSettings {

    static final List<String> PANEL_LOGIN = List.of("connector.security.panel-username", "connector.security.panel-password",
            "connector.security.panel-token");
    /** The variables application.yaml used to map onto them. */
    static final List<String> PANEL_VARIABLES = List.of("CONNECTOR_PANEL_USERNAME", "CONNECTOR_PANEL_PASSWORD", "CONNECTOR_PANEL_TOKEN");

    public RetiredSettings(Environment env) {
        List<String> set = new ArrayList<>();
        PANEL_LOGIN.stream().filter(env::containsProperty).forEach(set::add);
        PANEL_VARIABLES.stream().filter(env::containsProperty).forEach(set::add);
        if (!set.isEmpty()) {
            throw new IllegalStateException(String.join(", ", set) + (set.size() == 1 ? " is" : " are") + " no longer read: the issue "
                    + "panel's shared login is gone. Jira users open the panel inside Jira (the Forge app in src/forge; README, \"The issue "
                    + "panel in Jira\"), where every call carries a Forge Invocation Token naming the user and the connector acts within "
                    + "that user's Jira permissions: set FORGE_APP_ID and FORGE_INSTALLATION_ID instead. The standalone panel page "
                    + "takes the admin credentials. Remove " + (set.size() == 1 ? "this setting" : "these settings") + " to start.");
        }
    }
}
