package io.hubjira.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.sandbox.SandboxFaults;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.Test;

/**
 * Liveness covers the application itself, readiness the application and its database: a HubSpot outage shows in the
 * full health (a DOWN component, for the admin) but never fails the probes, so a container is not restarted for it.
 */
class HealthProbesTest extends SandboxTest {

    @Test
    void aHubSpotOutageShowsInTheHealthButNeitherProbeFails() throws Exception {
        resetEverything();
        call("GET", "/actuator/health", null); // no connection: forgets any earlier probe result
        connectDemoPortalAndSite();
        faults.set("hubspot", new SandboxFaults.Settings(0, "1", 1.0, 503, 0));

        Answer health = call("GET", "/actuator/health", null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body().path("components").path("hubspot").path("status").asText()).isEqualTo("DOWN");
        assertThat(health.body().path("components").path("db").path("status").asText()).isEqualTo("UP");

        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + probe)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).as(probe).isEqualTo(200);
            assertThat(json.readTree(anonymous.body()).path("status").asText()).isEqualTo("UP");
        }
        JsonNode readiness = call("GET", "/actuator/health/readiness", null).body();
        assertThat(readiness.path("components").fieldNames()).toIterable().containsExactlyInAnyOrder("db", "readinessState");
        JsonNode liveness = call("GET", "/actuator/health/liveness", null).body();
        assertThat(liveness.path("components").fieldNames()).toIterable().containsExactly("livenessState");
        faults.resetAll();
    }
}
