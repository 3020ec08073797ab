package io.hubjira.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Jolokia needs the admin credentials, and even then it may only read MBeans and run what Hawtio's Camel views need
 * (dump routes, start and stop one route): heap dumps, diagnostic commands, garbage collection, attribute writes,
 * the JVM's system properties, every Camel operation that sends a message or creates an endpoint, operations on MBean
 * patterns, the JSR-160 proxy and cross-origin browser requests are refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class JolokiaAccessTest {

    /** As Hawtio's page sends them: the admin's Basic credentials from a page of this site. */
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();
    private String contextMBean;
    private String routeMBean;

    /** This test's own Camel context (other test contexts in the JVM carry the same name with a suffix). */
    @org.junit.jupiter.api.BeforeEach
    void mbeanNames() {
        String management = camel.getManagementName();
        contextMBean = "org.apache.camel:context=" + management + ",type=context,name=\"" + camel.getName() + "\"";
        routeMBean = "org.apache.camel:context=" + management + ",type=routes,name=\"idempotent-cleanup\"";
    }

    @Test
    void readsAreAllowedButNotTheJvmsSystemPropertiesAndNoAttributeIsWritten() throws Exception {
        JsonNode heap = jolokia(Map.of("type", "read", "mbean", "java.lang:type=Memory", "attribute", "HeapMemoryUsage"));
        assertThat(heap.path("status").asInt()).isEqualTo(200);
        assertThat(heap.path("value").path("used").asLong()).isPositive();
        assertThat(jolokia(Map.of("type", "list")).path("status").asInt()).isEqualTo(200);
        assertThat(jolokia(Map.of("type", "read", "mbean", routeMBean, "attribute", "State")).path("value").asText()).isEqualTo("Started");

        assertRefused(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "SystemProperties"));
        assertRefused(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "InputArguments"));
        assertRefused(Map.of("type", "write", "mbean", "java.lang:type=Memory", "attribute", "Verbose", "value", true));
    }

    @Test
    void dangerousOperationsAreRefusedEvenForTheAdmin() throws Exception {
        assertRefused(exec("java.lang:type=Memory", "gc"));
        assertRefused(exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap", "/tmp/connector-heap.hprof", true));
        assertRefused(exec("com.sun.management:type=DiagnosticCommand", "vmSystemProperties"));
        assertRefused(exec("jdk.management.jfr:type=FlightRecorder", "newRecording"));
        assertRefused(exec(contextMBean, "sendBody", "log:jolokia", "hello"));
        assertRefused(exec(contextMBean, "requestBody(java.lang.String,java.lang.Object)", "sql:select * from audit_event", "x"));
        assertRefused(exec(contextMBean, "sendStringBody", "log:jolokia", "hello"));
        assertRefused(exec(contextMBean, "createEndpoint", "log:created-by-jolokia"));
        assertRefused(exec(contextMBean, "stop"));
        // the overload that resolves placeholders (secrets included) is refused; the plain dump is allowed
        assertRefused(exec(contextMBean, "dumpRoutesAsXml(boolean)", true));
        // one call on a pattern would stop every route at once
        assertRefused(exec("org.apache.camel:type=routes,*", "stop()"));
        assertThat(camel.getRouteController().getRouteStatus("hubspot-poll")).isEqualTo(ServiceStatus.Started);
        assertThat(camel.hasEndpoint("log:created-by-jolokia")).isNull();
    }

    @Test
    void hawtiosCamelViewsWorkTheyDumpRoutesAndStopAndStartOneRoute() throws Exception {
        JsonNode dump = jolokia(exec(contextMBean, "dumpRoutesAsXml()"));
        assertThat(dump.path("status").asInt()).isEqualTo(200);
        assertThat(dump.path("value").asText()).contains("idempotent-cleanup");
        assertThat(jolokia(exec(contextMBean, "dumpRoutesStatsAsXml", true, true)).path("status").asInt()).isEqualTo(200);

        assertThat(jolokia(exec(routeMBean, "stop()")).path("status").asInt()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("idempotent-cleanup")).isEqualTo(ServiceStatus.Stopped);
        assertThat(jolokia(exec(routeMBean, "start()")).path("status").asInt()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("idempotent-cleanup")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void theJsr160ProxyIsOffAndOtherOriginsAreRefused() throws Exception {
        // with the proxy on, this request would make the connector connect to the "remote" JMX server named in it
        try (java.net.ServerSocket remote = new java.net.ServerSocket(0)) {
            remote.setSoTimeout(1000);
            jolokia(Map.of("type", "read", "mbean", "java.lang:type=Memory", "attribute", "HeapMemoryUsage",
                    "target", Map.of("url", "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + remote.getLocalPort() + "/jmxrmi")));
            assertThat(org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class, remote::accept))
                    .as("no outbound JMX connection").isNotNull();
        }

        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/jolokia"))
                .header("Authorization", ADMIN).header("Origin", "https://attacker.example").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(exec(routeMBean, "stop()")))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus("idempotent-cleanup")).isEqualTo(ServiceStatus.Started);
    }

    private static Map<String, Object> exec(String mbean, String operation, Object... arguments) {
        return Map.of("type", "exec", "mbean", mbean, "operation", operation, "arguments", List.of(arguments));
    }

    private void assertRefused(Map<String, Object> request) throws Exception {
        JsonNode answer = jolokia(request);
        assertThat(answer.path("status").asInt()).as(request + " -> " + answer).isEqualTo(403);
    }

    private JsonNode jolokia(Map<String, Object> request) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/jolokia"))
                .header("Authorization", ADMIN).header("Sec-Fetch-Site", "same-origin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 403);
        return json.readTree(answer.body());
    }
}
