package io.hubjira.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.jira.JiraWebhookEvent;
import io.hubjira.jiratohubspot.WebhookInbox;
import io.hubjira.sync.Hashes;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The steps of the jira-webhook flow: authenticate the delivery (X-Hub-Signature HMAC-SHA256 of the raw body, or
 * Authorization: Bearer, compared in constant time), bound its size, parse it, and store it in the inbox before
 * answering 202 — idempotent on X-Atlassian-Webhook-Identifier.
 */
@Component("jiraWebhookIntake")
public class JiraWebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(JiraWebhookIntake.class);

    private final ConnectorProperties props;
    private final ObjectMapper json;
    private final WebhookInbox inbox;
    private final WebhookAnswers answers;

    public JiraWebhookIntake(ConnectorProperties props, ObjectMapper json, WebhookInbox inbox, WebhookAnswers answers) {
        this.answers = answers;
        this.props = props;
        this.json = json;
        this.inbox = inbox;
    }

    public void authenticate(Exchange exchange) {
        String secret = props.jira().webhookSecret();
        if (secret == null || secret.isBlank()) {
            throw new WebhookRejected(401, "unauthorized", "Webhooks are refused: no Jira webhook secret is configured (JIRA_WEBHOOK_SECRET).");
        }
        byte[] raw = exchange.getProperty(BoundedWebhookBody.RAW_BODY, byte[].class);
        Message in = exchange.getMessage();
        String signature = in.getHeader("X-Hub-Signature", String.class);
        String authorization = in.getHeader("Authorization", String.class);
        if (signature != null && !signature.isBlank()) {
            if (!validSignature(secret, raw, signature.trim())) {
                throw new WebhookRejected(401, "unauthorized", "X-Hub-Signature does not match the body signed with the webhook secret.");
            }
            return;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(presented, secret.getBytes(StandardCharsets.UTF_8))) {
                throw new WebhookRejected(401, "unauthorized", "The bearer secret is not the webhook secret.");
            }
            return;
        }
        throw new WebhookRejected(401, "unauthorized", "Sign the webhook (X-Hub-Signature: sha256=...) or send Authorization: Bearer <secret>.");
    }

    /** Parses the JSON into the event (the body of the next steps); 400 naming what is wrong. */
    public JiraWebhookEvent parse(Exchange exchange) {
        byte[] raw = exchange.getProperty(BoundedWebhookBody.RAW_BODY, byte[].class);
        JiraWebhookEvent event;
        try {
            event = JiraWebhookEvent.parse(json.readTree(raw), System.currentTimeMillis());
        } catch (JiraWebhookEvent.MalformedDelivery e) {
            throw new WebhookRejected(400, "malformed_event", e.getMessage());
        } catch (Exception e) {
            String reason = e.getMessage() == null ? "unreadable" : e.getMessage().split("\n")[0];
            throw new WebhookRejected(400, "malformed_json", "The webhook body is not valid JSON: " + reason);
        }
        if (!event.handled()) {
            log.debug("Jira webhook event '{}' is not handled; ignored", event.type());
        }
        return event;
    }

    /** Stores the event (once per webhook identifier) and answers 202; 503 when the database cannot take it. */
    public void store(Exchange exchange) {
        JiraWebhookEvent event = exchange.getMessage().getBody(JiraWebhookEvent.class);
        byte[] raw = exchange.getProperty(BoundedWebhookBody.RAW_BODY, byte[].class);
        String identifier = exchange.getMessage().getHeader("X-Atlassian-Webhook-Identifier", String.class);
        if (identifier == null || identifier.isBlank()) {
            identifier = "sha256:" + Hashes.sha256(new String(raw, StandardCharsets.UTF_8));
        }
        boolean stored;
        try {
            stored = inbox.store(identifier, event, new String(raw, StandardCharsets.UTF_8));
        } catch (DataAccessException e) {
            log.error("Jira webhook {} could not be stored: {}", identifier, e.getMessage());
            throw new WebhookRejected(503, "storage_unavailable", "The event could not be stored; Jira will retry.");
        }
        answer(exchange, 202, Map.of("status", "accepted", "identifier", identifier, "duplicate", !stored));
    }

    public void ignored(Exchange exchange) {
        answer(exchange, 202, Map.of("status", "ignored", "event", String.valueOf(exchange.getMessage().getBody(JiraWebhookEvent.class).type())));
    }

    public void rejected(Exchange exchange) {
        answers.rejected(exchange, "Jira");
    }

    private void answer(Exchange exchange, int status, Map<String, Object> body) {
        answers.answer(exchange, status, body);
    }

    static boolean validSignature(String secret, byte[] body, String header) {
        int eq = header.indexOf('=');
        if (eq < 0 || !header.substring(0, eq).toLowerCase(Locale.ROOT).equals("sha256")) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header.substring(eq + 1).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(WebhookSignatures.hmacSha256(secret, body), presented);
    }
}
