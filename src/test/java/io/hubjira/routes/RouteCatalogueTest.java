package io.hubjira.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Boots the real route files from routes/ and checks the exact set of flows the connector runs. */
// Camel's test support would otherwise switch JMX off for every Camel context the JVM starts after this class,
// and the Jolokia and Hawtio tests that run later need the routes' MBeans
@org.apache.camel.test.spring.junit5.DisableJmx(false)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RouteCatalogueTest {

    static final Set<String> EXPECTED_ROUTES = Set.of(
            "hubspot-token-refresh",
            "hubspot-poll", "hubspot-poll-item", "hubspot-poll-page",
            "hubspot-page-loop",
            "hubspot-webhook",
            "hubspot-changes",
            "hubspot-record", "hubspot-record-decide", "hubspot-record-linked",
            "status-sync", "status-sync-move",
            "jira-auto-create", "jira-auto-create-steps", "jira-auto-create-status",
            "jira-webhook", "jira-webhook-site", "jira-webhook-delivery",
            "jira-inbox", "jira-inbox-event",
            "jira-issue-updated", "jira-issue-updated-stage", "jira-issue-updated-attachment", "jira-comment", "jira-attachment", "jira-attachment-copy",
            "idempotent-cleanup",
            "hubspot-notes-poll", "hubspot-notes-poll-portal", "hubspot-notes-page", "hubspot-notes-record",
            "claims-heartbeat",
            "api-usage-sampling",
            "jira-issue-deleted",
            "hubspot-archive-check",
            "webhook-answer");

    @Autowired
    CamelContext camel;
    @Autowired
    org.springframework.core.env.Environment env;

    @Test
    void everyRouteFileIsLoadedWithItsFlowId() {
        Set<String> ids = camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
        assertThat(ids).isEqualTo(EXPECTED_ROUTES);
        // the tests run in the checkout, whose routes/ directory is read directly (editable without a rebuild)
        assertThat(env.getProperty("camel.main.routes-include-pattern")).isEqualTo("file:routes/*.camel.yaml");
    }

    /** Each flow lives in its own file: a route's id starts with the name of the file that defines it. */
    @Test
    void routesComeFromTheRouteFilesOfTheirFlow() {
        assertThat(camel.getRoutes()).allSatisfy(route -> {
            String location = route.getSourceLocation().replaceAll(":\\d+$", "");
            assertThat(location).as(route.getRouteId()).contains("routes/").endsWith(".camel.yaml");
            String flow = location.substring(location.lastIndexOf('/') + 1, location.length() - ".camel.yaml".length());
            assertThat(route.getRouteId()).as(location).startsWith(flow.equals("record-failures") ? "record-" : flow);
        });
    }
}
