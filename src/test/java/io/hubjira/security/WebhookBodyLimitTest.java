package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.sandbox.RequestBodyMeter;
import io.hubjira.sandbox.jira.JiraWebhookSender;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Threat: an anonymous caller (or a caller with the admin or panel credentials) exhausts the connector's memory with
 * one huge request body, chunked so no Content-Length warns of it. Every body is counted while it is read and reading
 * stops at the path's limit plus one byte: the answer is 413 problem+json and the connection is closed. A meter outside
 * the application's own filters ({@link RequestBodyMeter}) counts what the application took from the connection.
 */
@Timeout(120)
class WebhookBodyLimitTest extends SandboxTest {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WebhookBodyLimitTest.class);
    static final String SECRET = "test-webhook-secret";
    static final String ADMIN_TOKEN = "Bearer test-admin-token";
    /** Well-formed signatures that a body cannot match: they pass the headers' check, so the body is read (bounded). */
    static final String JIRA_SIGNATURE_SHAPE = "sha256=" + "0".repeat(64);
    static final String HUBSPOT_SIGNATURE_SHAPE = "A".repeat(43) + "=";

    @Autowired
    ConnectorProperties props;
    @Autowired
    RequestBodyMeter meter;

    long webhookLimit;
    long apiLimit;

    @BeforeEach
    void fresh() {
        freshConnectedSandbox();
        webhookLimit = props.webhooks().maxBodyBytes();
        apiLimit = props.api().maxBodyBytes();
    }

    @Test
    void aChunkedJiraDeliveryTenTimesTheLimitIsReadToTheLimitPlusOneByteAndRefused() throws Exception {
        Streamed answer = streamChunked("/webhooks/jira", Map.of("X-Hub-Signature", JIRA_SIGNATURE_SHAPE), 10 * webhookLimit);

        assertTooLarge(answer, "connector.webhooks.max-body-bytes");
        assertThat(answer.consumed()).as("body bytes the application took from the connection").isEqualTo(webhookLimit + 1);
        assertThat(answer.sent()).as("the client could not deliver its whole body: the server stopped taking it").isLessThan(10 * webhookLimit);
        assertThat(answer.closed()).as("the connection is closed after the 413").isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox", Integer.class)).isZero();
    }

    @Test
    void aChunkedHubSpotDeliveryTenTimesTheLimitIsReadToTheLimitPlusOneByteAndRefused() throws Exception {
        Streamed answer = streamChunked("/webhooks/hubspot", Map.of("X-HubSpot-Signature-v3", HUBSPOT_SIGNATURE_SHAPE,
                "X-HubSpot-Request-Timestamp", String.valueOf(System.currentTimeMillis())), 10 * webhookLimit);

        assertTooLarge(answer, "connector.webhooks.max-body-bytes");
        assertThat(answer.consumed()).isEqualTo(webhookLimit + 1);
        assertThat(answer.sent()).isLessThan(10 * webhookLimit);
        assertThat(answer.closed()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change", Integer.class)).isZero();
    }

    @Test
    void aChunkedDeliveryWithoutTheSecretIsRefusedBeforeAByteOfItsBodyIsRead() throws Exception {
        Streamed none = streamChunked("/webhooks/jira", Map.of(), 10 * webhookLimit);
        Streamed wrongBearer = streamChunked("/webhooks/jira", Map.of("Authorization", "Bearer not-the-secret"), 10 * webhookLimit);
        Streamed malformedSignature = streamChunked("/webhooks/jira", Map.of("X-Hub-Signature", "sha256=00"), 10 * webhookLimit);
        Streamed staleHubSpot = streamChunked("/webhooks/hubspot", Map.of("X-HubSpot-Signature-v3", HUBSPOT_SIGNATURE_SHAPE,
                "X-HubSpot-Request-Timestamp", String.valueOf(System.currentTimeMillis() - 6 * 60 * 1000)), 10 * webhookLimit);
        Streamed unsignedHubSpot = streamChunked("/webhooks/hubspot", Map.of(), 10 * webhookLimit);

        for (Streamed answer : new Streamed[] {none, wrongBearer, malformedSignature, staleHubSpot, unsignedHubSpot}) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(401);
            assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(json.readTree(answer.body()).path("code").asText()).isEqualTo("unauthorized");
            assertThat(answer.consumed()).as("body bytes the application took from the connection").isZero();
            assertThat(answer.sent()).as("the server stopped taking the body").isLessThan(10 * webhookLimit);
            assertThat(answer.closed()).as("the connection is closed after the 401").isTrue();
        }
        assertThat(json.readTree(wrongBearer.body()).path("detail").asText()).contains("is not the webhook secret");
        assertThat(json.readTree(malformedSignature.body()).path("detail").asText()).contains("64 hexadecimal digits");
        assertThat(json.readTree(staleHubSpot.body()).path("detail").asText()).contains("more than 5 minutes");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hubspot_change", Integer.class)).isZero();
    }

    @Test
    void aChunkedJiraDeliveryWithTheBearerSecretIsStillReadOnlyToTheLimitPlusOneByte() throws Exception {
        Streamed answer = streamChunked("/webhooks/jira", Map.of("Authorization", "Bearer " + SECRET), 10 * webhookLimit);

        assertTooLarge(answer, "connector.webhooks.max-body-bytes");
        assertThat(answer.consumed()).isEqualTo(webhookLimit + 1);
        assertThat(answer.closed()).isTrue();
    }

    @Test
    void aDeliveryOfExactlyTheLimitIsTakenChunkedAndOneByteMoreIsRefusedUnread() throws Exception {
        String atLimit = paddedJiraEvent(webhookLimit);
        HttpResponse<String> taken = http.send(request("/webhooks/jira")
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature", "sha256=" + JiraWebhookSender.hmacHex(SECRET, atLimit))
                .header("X-Atlassian-Webhook-Identifier", "at-the-limit")
                // a stream of unknown length: sent chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(atLimit.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(202);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE webhook_identifier = 'at-the-limit'", Integer.class)).isEqualTo(1);

        // one byte over, declared, from a client that asks before sending (as curl does for large bodies): the 413 comes
        // at once, before any 100 Continue, and not a byte of the body is read
        Streamed refused = exchange("/webhooks/jira", Map.of("Content-Length", String.valueOf(webhookLimit + 1), "Expect", "100-continue",
                "X-Hub-Signature", JIRA_SIGNATURE_SHAPE), out -> { });
        assertThat(refused.status()).isEqualTo(413);
        assertThat(json.readTree(refused.body()).path("detail").asText()).contains("declares " + (webhookLimit + 1) + " bytes");
        assertThat(refused.consumed()).isZero();
        assertThat(refused.closed()).isTrue();
    }

    @Test
    void anAdminApiBodyOverItsLimitIsRefusedAndOneAtTheLimitIsTaken() throws Exception {
        Streamed answer = streamChunked("/api/items", Map.of("Authorization", ADMIN_TOKEN), 10 * apiLimit);
        assertTooLarge(answer, "connector.api.max-body-bytes");
        assertThat(answer.consumed()).isEqualTo(apiLimit + 1);
        assertThat(answer.closed()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_item", Integer.class)).isZero();

        String item = json.writeValueAsString(demoDealsItem());
        String atLimit = item + " ".repeat((int) (apiLimit - item.getBytes(StandardCharsets.UTF_8).length));
        HttpResponse<String> created = http.send(request("/api/items")
                .header("Authorization", ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(atLimit.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @Test
    void theOAuthCodeExchangeAndThePanelApiRefuseBodiesOverTheirLimit() throws Exception {
        Streamed oauth = streamChunked("/api/connections/hubspot/oauth", Map.of("Authorization", ADMIN_TOKEN), 10 * apiLimit);
        assertTooLarge(oauth, "connector.api.max-body-bytes");
        assertThat(oauth.consumed()).isEqualTo(apiLimit + 1);

        long itemId = createItem(demoDealsItem());
        Streamed panel = streamChunked("/api/panel/SUP-1/items/" + itemId + "/link", Map.of("Authorization", ADMIN_TOKEN), 10 * apiLimit);
        assertTooLarge(panel, "connector.api.max-body-bytes");
        assertThat(panel.consumed()).isEqualTo(apiLimit + 1);
    }

    private void assertTooLarge(Streamed answer, String setting) throws IOException {
        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.path("code").asText()).isEqualTo("payload_too_large");
        assertThat(problem.path("detail").asText()).contains(setting).contains("reading stopped at");
    }

    /** A Jira issue event whose JSON is exactly this many bytes long. */
    private String paddedJiraEvent(long bytes) {
        String head = "{\"timestamp\":" + System.currentTimeMillis() + ",\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"id\":\"99999\",\"key\":\"SUP-999\"},"
                + "\"changelog\":{\"items\":[]},\"pad\":\"";
        String tail = "\"}";
        return head + "x".repeat((int) (bytes - head.length() - tail.length())) + tail;
    }

    /** What the server answered to a chunked body streamed at it, and how much of it was sent and taken. */
    record Streamed(int status, Map<String, String> headers, String body, long sent, boolean closed, long consumed) {}

    /**
     * POSTs a chunked body of {@code total} bytes over a plain socket, writing on one thread while the answer is read on
     * this one: a server that stops reading early answers before the body ends, and the writer stops when the server
     * closes the connection.
     */
    private Streamed streamChunked(String path, Map<String, String> headers, long total) throws Exception {
        Map<String, String> chunked = new LinkedHashMap<>(headers);
        chunked.put("Transfer-Encoding", "chunked");
        AtomicLong sent = new AtomicLong();
        Streamed answer = exchange(path, chunked, out -> {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] end = "\r\n".getBytes(StandardCharsets.US_ASCII);
            while (sent.get() < total) {
                out.write(size);
                out.write(chunk);
                out.write(end);
                out.flush();
                sent.addAndGet(chunk.length);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
        log.info("POST {} chunked, {} bytes offered: answered {}, the application read {} body bytes, the client could send {}, connection closed: {}",
                path, total, answer.status(), answer.consumed(), sent.get(), answer.closed());
        return new Streamed(answer.status(), answer.headers(), answer.body(), sent.get(), answer.closed(), answer.consumed());
    }

    /** Writes a request body; an IOException means the server closed the connection, which ends the writing. */
    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /** A POST over a plain socket: the head, then the body written on its own thread while the answer is read on this one. */
    private Streamed exchange(String path, Map<String, String> headers, BodyWriter body) throws Exception {
        String meterName = UUID.randomUUID().toString();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\n" + RequestBodyMeter.HEADER + ": " + meterName + "\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = new Thread(() -> {
                try {
                    body.write(out);
                } catch (IOException closedByServer) {
                    // what a server that stopped reading does: the rest cannot be sent
                }
            }, "request-body-writer");
            writer.start();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            int status = Integer.parseInt(line(in).split(" ")[1]);
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                responseHeaders.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            String answer = "chunked".equalsIgnoreCase(responseHeaders.get("transfer-encoding")) ? chunkedBody(in)
                    : new String(in.readNBytes(Integer.parseInt(responseHeaders.getOrDefault("content-length", "0"))), StandardCharsets.UTF_8);
            boolean closed;
            try {
                closed = in.read() == -1;
            } catch (SocketTimeoutException stillOpen) {
                closed = false;
            } catch (SocketException reset) {
                closed = true;
            }
            writer.join(30_000);
            return new Streamed(status, responseHeaders, answer, 0, closed, meter.consumed(meterName));
        }
    }

    private static String chunkedBody(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
            body.write(in.readNBytes(size));
            line(in);
        }
        line(in);
        return body.toString(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("the connection ended in the middle of the answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
