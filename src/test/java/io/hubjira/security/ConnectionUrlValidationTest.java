package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.hubjira.audit.AuditLog;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.connection.ConnectionBootstrap;
import io.hubjira.connection.ConnectionProblem;
import io.hubjira.connection.ConnectionStore;
import io.hubjira.connection.HubSpotAccessTokens;
import io.hubjira.connection.HubSpotConnectionService;
import io.hubjira.connection.OAuthInstallStates;
import io.hubjira.http.ApiBaseUrls;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.http.ApiRequest;
import io.hubjira.http.ApiResponse;
import io.hubjira.http.CamelHttpTransport;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotOAuthClient;
import io.hubjira.item.ItemRepository;
import io.hubjira.support.SandboxTest;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.mock.env.MockEnvironment;

/**
 * Threat: an admin's typo or a pasted URL turns the connector's calls into something else — plain http, another host
 * hidden behind user-info, or a query string that became Camel endpoint options ({@code proxyHost} routed every call,
 * token included, through a proxy of the URL's choosing). Each rule is refused with a 422 problem naming the field and
 * the rule, from the admin API and at start-up from the environment; and the transport builds Camel endpoints from a
 * URL's scheme, host and port alone, so nothing of a URL can ever become an endpoint option.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionUrlValidationTest extends SandboxTest {

    @Autowired
    CamelContext camel;
    @Autowired
    ConnectionStore store;
    @Autowired
    ItemRepository items;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    Clock clock;
    @Autowired
    OAuthInstallStates installStates;
    @Autowired
    ApiCallExecutor executor;
    @Autowired
    AuditLog audit;
    @Autowired
    io.hubjira.connection.ConnectionScopes scopes;

    @BeforeEach
    void clean() {
        resetEverything();
    }

    @Test
    void eachRuleOfTheJiraSiteUrlIsA422NamingTheFieldAndTheRuleAndNothingIsSaved() {
        Map<String, String> ruleByUrl = Map.of(
                "http://your-site.atlassian.net", "https_required",
                "http://10.0.0.5:8080", "https_required",
                "https:///rest/api/3", "host_required",
                "https://bot%40example.com:hunter2-secret@your-site.atlassian.net", "no_user_info",
                "https://your-site.atlassian.net/?proxyHost=evil.example&proxyPort=3128", "no_query",
                "https://your-site.atlassian.net#top", "no_fragment",
                "https://your-site.atlassian.net/jira/software/projects/SUP", "no_path",
                "https://api.atlassian.com/ex/jira/not-a-cloud-id", "no_path",
                "your-site.atlassian.net", "malformed");
        ruleByUrl.forEach((url, rule) -> {
            Answer refused = call("PUT", "/api/connections/jira", Map.of("baseUrl", url, "email", "bot@example.com", "apiToken", "sandbox-jira-token"));
            assertThat(refused.status()).as(url).isEqualTo(422);
            assertThat(refused.body().path("code").asText()).as(url).isEqualTo("invalid_base_url");
            assertThat(refused.body().path("field").asText()).as(url).isEqualTo("baseUrl");
            assertThat(refused.body().path("rule").asText()).as(url).isEqualTo(rule);
            assertThat(refused.body().path("detail").asText()).as(url).startsWith("baseUrl must").doesNotContain("hunter2-secret");
        });
        Answer missing = call("PUT", "/api/connections/jira", Map.of("baseUrl", " ", "email", "bot@example.com", "apiToken", "t"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("rule").asText()).isEqualTo("required");

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jira_connection", Integer.class)).isZero();
        assertThat(calls.matching("jira", "GET", ".*").size()).as("nothing was sent to any of them").isZero();
        assertThat(camel.getEndpoints().stream().map(Endpoint::getEndpointUri)).noneMatch(uri -> uri.contains("proxy") || uri.contains("evil"));
    }

    @Test
    void theFormsJiraCloudAndHubSpotUseAreAccepted() {
        assertThat(ApiBaseUrls.jiraSite("baseUrl", " https://your-site.atlassian.net/ ", false)).isEqualTo("https://your-site.atlassian.net");
        assertThat(ApiBaseUrls.jiraSite("baseUrl", "https://api.atlassian.com/ex/jira/1324a887-45db-1bf4-1e99-ef0ff456d421", false))
                .as("Jira's API gateway form (scoped API tokens)").isEqualTo("https://api.atlassian.com/ex/jira/1324a887-45db-1bf4-1e99-ef0ff456d421");
        assertThat(ApiBaseUrls.hubspotApi("HUBSPOT_BASE_URL", "https://api.hubapi.com", false)).isEqualTo("https://api.hubapi.com");
        assertThatThrownBy(() -> ApiBaseUrls.hubspotApi("HUBSPOT_BASE_URL", "https://api.hubapi.com/crm/v3", false))
                .isInstanceOfSatisfying(ApiBaseUrls.Refused.class, r -> assertThat(r.rule()).isEqualTo(ApiBaseUrls.Rule.NO_PATH));

        // the simulators: plain http and a path on a loopback host, only with the explicit setting
        assertThat(ApiBaseUrls.jiraSite("baseUrl", jiraBase(), true)).isEqualTo(jiraBase());
        assertThat(ApiBaseUrls.hubspotApi("HUBSPOT_BASE_URL", "http://[::1]:8080/sandbox/hubspot", true)).isEqualTo("http://[::1]:8080/sandbox/hubspot");
        assertThatThrownBy(() -> ApiBaseUrls.jiraSite("baseUrl", jiraBase(), false))
                .isInstanceOfSatisfying(ApiBaseUrls.Refused.class, r -> assertThat(r.rule()).isEqualTo(ApiBaseUrls.Rule.HTTPS_REQUIRED));
        assertThatThrownBy(() -> ApiBaseUrls.jiraSite("baseUrl", "http://localhost.evil.example/sandbox/jira", true))
                .as("a name that merely starts like a loopback one").isInstanceOf(ApiBaseUrls.Refused.class);
        assertThatThrownBy(() -> ApiBaseUrls.jiraSite("baseUrl", "http://127.0.0.1/sandbox/jira?proxyHost=x", true))
                .isInstanceOfSatisfying(ApiBaseUrls.Refused.class, r -> assertThat(r.rule()).isEqualTo(ApiBaseUrls.Rule.NO_QUERY));
    }

    @Test
    void atStartUpTheEnvironmentsUrlsAreRefusedNamingTheVariableAndTheRule(CapturedOutput output) {
        String badHubSpot = "https://api.hubapi.com/?proxyHost=evil.example&proxyPort=3128";
        ConnectorProperties startup = ConnectorProperties.of(
                new ConnectorProperties.HubSpot(badHubSpot, null, String.valueOf(PORTAL), DEMO_TOKEN, null, null, null, null, null, null),
                new ConnectorProperties.Jira("http://your-site.atlassian.net", "bot@example.com", "sandbox-jira-token", null, null, null), null);
        MockEnvironment env = new MockEnvironment().withProperty("connector.hubspot.base-url", badHubSpot)
                .withProperty("connector.jira.base-url", "http://your-site.atlassian.net");
        HubSpotClient client = new HubSpotClient(executor, json, env, () -> DEMO_TOKEN, startup);
        HubSpotOAuthClient oauth = new HubSpotOAuthClient(executor, json, env, startup);
        HubSpotConnectionService hubspotService = new HubSpotConnectionService(store, new HubSpotAccessTokens(store, oauth, startup, clock, event -> { }), client,
                oauth, startup, new io.hubjira.item.ItemReadNeeds(items), events, clock, installStates, scopes, items);

        new ConnectionBootstrap(startup, env, hubspotService, jiraConnectionService, audit).connectFromStartupCredentials();

        assertThat(output.getOut()).contains("HUBSPOT_BASE_URL is refused (422 invalid_base_url, field HUBSPOT_BASE_URL, rule no_query")
                .contains("HubSpot connection from the start-up configuration failed: 422 invalid_base_url, field HUBSPOT_BASE_URL, rule no_query")
                .contains("Jira connection from the start-up configuration refused (422 invalid_base_url, field JIRA_BASE_URL, rule https_required");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_connection", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jira_connection", Integer.class)).isZero();
        assertThat(calls.matching("hubspot", "GET", ".*")).as("nothing was sent").isEmpty();
        assertThatThrownBy(() -> hubspotService.connectToken(String.valueOf(PORTAL), DEMO_TOKEN, null))
                .isInstanceOfSatisfying(ConnectionProblem.class, p -> {
                    assertThat(p.httpStatus()).isEqualTo(422);
                    assertThat(p.field()).isEqualTo("HUBSPOT_BASE_URL");
                    assertThat(p.rule()).isEqualTo("no_query");
                });
    }

    @Test
    void theTransportBuildsEndpointsFromSchemeHostAndPortAloneAndNeverFromAUrlsQuery() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        DefaultCamelContext context = new DefaultCamelContext();
        context.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            ConnectorProperties loopbackAllowed = new ConnectorProperties(null, null,
                    new ConnectorProperties.Http(null, null, true), null, null, null, null, null, null, null, null, null, null, null, null, null);
            CamelHttpTransport transport = new CamelHttpTransport(context, context.createProducerTemplate(), loopbackAllowed);

            ApiResponse answer = transport.send(ApiRequest.builder(ApiName.JIRA, "MYSELF", "GET", base + "/prefix", "/rest/api/3/myself")
                    .query("expand", "groups").build());
            assertThat(answer.status()).isEqualTo(200);
            assertThat(received).containsExactly("/prefix/rest/api/3/myself?expand=groups");
            // a path that spells an option, percent-encoded, stays a path
            transport.send(ApiRequest.builder(ApiName.JIRA, "MYSELF", "GET", base + "/x%3FproxyHost%3Devil.example", "/rest").build());
            assertThat(received).last().isEqualTo("/x%3FproxyHost%3Devil.example/rest");

            assertThatThrownBy(() -> transport.send(ApiRequest.builder(ApiName.JIRA, "MYSELF", "GET",
                    base + "/prefix?proxyHost=127.0.0.1&proxyPort=9", "/rest/api/3/myself").build()))
                    .isInstanceOfSatisfying(ApiBaseUrls.Refused.class, r -> assertThat(r.rule()).isEqualTo(ApiBaseUrls.Rule.NO_QUERY));
            assertThatThrownBy(() -> transport.send(ApiRequest.builder(ApiName.JIRA, "MYSELF", "GET", base, "/rest")
                    .header("CamelHttpUri", "http://evil.example/").build())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> transport.send(ApiRequest.builder(ApiName.JIRA, "MYSELF", "GET", "http://evil.example", "/rest").build()))
                    .as("plain http to another host, even with the loopback setting")
                    .isInstanceOfSatisfying(ApiBaseUrls.Refused.class, r -> assertThat(r.rule()).isEqualTo(ApiBaseUrls.Rule.HTTPS_REQUIRED));

            assertThat(received).as("the refused ones sent nothing").hasSize(2);
            assertThat(context.getEndpoints()).extracting(Endpoint::getEndpointUri).allSatisfy(uri -> assertThat(uri)
                    .startsWith(base + "?").doesNotContain("proxy").doesNotContain("prefix").doesNotContain("expand").doesNotContain("evil"));
        } finally {
            context.stop();
            server.stop(0);
        }
    }
}
