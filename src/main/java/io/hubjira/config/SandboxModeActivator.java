package io.hubjira.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides at start-up whether the built-in HubSpot and Jira simulators run ({@code connector.sandbox.mode}):
 * {@code on}, {@code off}, or {@code auto} = on when neither HubSpot nor Jira credentials are configured.
 * In sandbox mode the {@code sandbox} profile is activated and the connector's HubSpot/Jira settings point at the
 * simulators served by this same application, so the start-up bootstrap connects to them.
 */
public class SandboxModeActivator implements EnvironmentPostProcessor, Ordered {

    public static final String PROFILE = "sandbox";
    static final String LOCAL_BASE = "http://127.0.0.1:${local.server.port:${server.port:8080}}";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!shouldRun(env)) {
            return;
        }
        env.addActiveProfile(PROFILE);
        Map<String, Object> sandbox = new LinkedHashMap<>();
        sandbox.put("connector.hubspot.base-url", LOCAL_BASE + "/sandbox/hubspot");
        sandbox.put("connector.hubspot.portal-id", "${connector.sandbox.hubspot.portal-id}");
        sandbox.put("connector.hubspot.token", "${connector.sandbox.hubspot.token}");
        sandbox.put("connector.jira.base-url", LOCAL_BASE + "/sandbox/jira");
        sandbox.put("connector.jira.email", "${connector.sandbox.jira.email}");
        sandbox.put("connector.jira.api-token", "${connector.sandbox.jira.api-token}");
        // a newcomer should see records flow within a minute
        if (isBlank(System.getenv("CONNECTOR_POLL_CRON"))) {
            sandbox.put("connector.poll.cron", "0/30 * * * * ?");
        }
        // the simulated Jira delivers its webhooks to this connector's own intake
        sandbox.put("connector.sandbox.jira.webhook-url", LOCAL_BASE + "/webhooks/jira");
        if (isBlank(env.getProperty("connector.jira.webhook-secret"))) {
            sandbox.put("connector.jira.webhook-secret", "${connector.sandbox.jira.webhook-secret}");
        }
        // ...and the simulated HubSpot portal its app webhooks, so changes arrive in near real time
        sandbox.put("connector.sandbox.hubspot.webhook-url", LOCAL_BASE + "/webhooks/hubspot");
        if (isBlank(env.getProperty("connector.hubspot.webhook-secret"))) {
            sandbox.put("connector.hubspot.webhook-secret", "${connector.sandbox.hubspot.client-secret}");
        }
        env.getPropertySources().addFirst(new MapPropertySource("connectorSandbox", sandbox));
    }

    static boolean shouldRun(ConfigurableEnvironment env) {
        String mode = env.getProperty("connector.sandbox.mode", "auto").trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> isBlank(env.getProperty("connector.hubspot.token")) && isBlank(env.getProperty("connector.jira.api-token"));
        };
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
