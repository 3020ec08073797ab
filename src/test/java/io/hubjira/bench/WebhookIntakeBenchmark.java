package io.hubjira.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.sandbox.jira.JiraWebhookSender;
import io.hubjira.support.SandboxTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Benchmark, not a test: Jira webhook intake throughput (signed comment_created deliveries, 8 concurrent senders)
 * next to a bare platform-http endpoint answering 200 in the same run, and the intake-to-HubSpot latency (202 sent
 * → the HubSpot note exists), p50 and p99, with the calls the notes cost.
 */
@Tag("benchmark")
class WebhookIntakeBenchmark extends SandboxTest {

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    @Test
    void intakeThroughputAndLatency() throws Exception {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // as the connector's own routes do, none of the request's headers is echoed (Camel would copy them all
                // into the answer, the client's h2c upgrade headers included, and the client then drops the connection)
                from("platform-http:/bench/bare?httpMethodRestrict=POST").routeId("bench-bare").removeHeaders("*").setBody(constant("ok"));
            }
        });
        Map<String, Object> item = demoDealsItem();
        item.put("statusSync", false);
        long itemId = call("POST", "/api/items", item).body().path("id").asLong();
        producer.requestBody("direct:hubspot-poll-item", itemId);
        HubSpotSandbox.Rec deal = hubspot.recordsOf("deals").values().iterator().next();
        JiraSandbox.Issue issue = jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + deal.id + "\"")).findFirst().orElseThrow();
        int n = Integer.getInteger("bench.events", 400);
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            ObjectNode c = jira.asUser("ada.lovelace@example.com", () -> JiraIssues.addComment(jira, issue, adf("Benchmark comment " + k), jiraBase()));
            ObjectNode event = json.createObjectNode();
            event.put("timestamp", System.currentTimeMillis());
            event.put("webhookEvent", "comment_created");
            ObjectNode comment = event.putObject("comment");
            comment.put("id", c.path("id").asText());
            comment.put("body", "Benchmark comment " + k);
            comment.set("author", c.get("author"));
            event.putObject("issue").put("id", issue.id).put("key", issue.key);
            payloads.add(event.toString());
        }
        double bare = throughput("/bench/bare", payloads, null);
        calls.clear();
        Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
        double intake = throughput("/webhooks/jira", payloads, sentAt);
        waitForInbox();
        List<Long> latencies = new ArrayList<>();
        for (HubSpotSandbox.Rec note : hubspot.notesOf("deals", deal.id)) {
            String body = note.properties.get("hs_note_body");
            int at = body.indexOf("Benchmark comment ");
            if (at < 0) {
                continue;
            }
            int k = Integer.parseInt(body.substring(at + "Benchmark comment ".length()).replaceAll("\\D.*$", ""));
            latencies.add(note.createdAt.toEpochMilli() - sentAt.get(k));
        }
        Collections.sort(latencies);
        BenchmarkReport report = BenchmarkReport.of(WebhookIntakeBenchmark.class,
                "Signed Jira comment_created deliveries from 8 concurrent senders into the connector's webhook intake, next to a bare "
                        + "platform-http endpoint answering 200 in the same run; latency from the intake's answer to the HubSpot note.");
        BenchmarkReport.Scenario s = report.scenario(n + " signed deliveries").calls(calls.calls(null));
        s.figure("intake throughput", intake, "requests/s")
                .figure("bare platform-http endpoint", bare, "requests/s")
                .figure("intake / bare", intake / bare, "ratio")
                .figure("notes written", latencies.size(), "notes")
                .figure("intake-to-HubSpot latency p50", latencies.get(latencies.size() / 2), "ms")
                .figure("intake-to-HubSpot latency p99", latencies.get((int) Math.floor(latencies.size() * 0.99) - 1), "ms")
                .figure("intake-to-HubSpot latency max", latencies.get(latencies.size() - 1), "ms")
                .figure("calls per delivery, HubSpot and Jira", (s.callsOf("hubspot") + s.callsOf("jira")) / (double) n, "calls/event");
        report.write();
    }

    private double throughput(String path, List<String> payloads, Map<Integer, Long> sentAt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long started = System.nanoTime();
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            int k = i;
            String body = payloads.get(i);
            results.add(pool.submit(() -> {
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .header("X-Hub-Signature", "sha256=" + JiraWebhookSender.hmacHex("test-webhook-secret", body))
                        .header("X-Atlassian-Webhook-Identifier", path + "-" + k);
                if (!path.startsWith("/webhooks/")) {
                    // the comparison route is an ordinary path: deny by default lets only the admin token through
                    builder.header("Authorization", "Bearer test-admin-token");
                }
                HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
                HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (sentAt != null) {
                    sentAt.put(k, Instant.now().toEpochMilli());
                }
                return r.statusCode();
            }));
        }
        for (Future<Integer> r : results) {
            int status = r.get();
            if (status != 200 && status != 202) {
                throw new IllegalStateException(path + " answered " + status);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        return payloads.size() / seconds;
    }

    private com.fasterxml.jackson.databind.JsonNode adf(String text) {
        ObjectNode doc = json.createObjectNode().put("type", "doc").put("version", 1);
        doc.putArray("content").addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text").put("text", text);
        return doc;
    }
}
