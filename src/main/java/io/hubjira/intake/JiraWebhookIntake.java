package io.hubjira.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.connection.JiraConnection;
import io.hubjira.connection.JiraConnectionService;
import io.hubjira.jira.JiraWebhookEvent;
import io.hubjira.queue.WebhookInbox;
import io.hubjira.storage.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The steps of the jira-webhook flow: find the Jira connection (site) the delivery is for — named by its URL
 * {@code /webhooks/jira/{connectionId}}, or the first one on {@code /webhooks/jira} — authenticate it with that
 * connection's webhook secret (X-Hub-Signature HMAC-SHA256 of the raw body, or Authorization: Bearer, compared in
 * constant time; real headers only, never the query string), parse it, and store it in the inbox before answering 202,
 * under its connection — idempotent on X-Atlassian-Webhook-Identifier and, within the replay window, on the body's
 * digest, both per site.
 */
@Component("jiraWebhookIntake")
public class JiraWebhookIntake {

    /** Where the first Jira site sends its webhooks (as before there were several); each site's own URL adds its connection's id. */
    public static final String PATH = "/webhooks/jira";
    public static final String SITE_PATH = PATH + "/{connectionId}";

    private static final Logger log = LoggerFactory.getLogger(JiraWebhookIntake.class);
    private static final Pattern SIGNATURE = Pattern.compile("(?i)sha256=[0-9a-f]{64}");
    private static final Pattern CONNECTION_ID = Pattern.compile("[1-9][0-9]{0,17}");

    private final ConnectorProperties props;
    private final ObjectMapper json;
    private final WebhookInbox inbox;
    private final WebhookAnswers answers;
    private final JiraConnectionService connections;

    public JiraWebhookIntake(ConnectorProperties props, ObjectMapper json, WebhookInbox inbox, WebhookAnswers answers,
                             JiraConnectionService connections) {
        this.answers = answers;
        this.props = props;
        this.json = json;
        this.inbox = inbox;
        this.connections = connections;
    }

    /** The Jira connection a delivery is for, and the secret its webhooks are signed with. */
    private record Site(long connectionId, String secret) {
        @Override
        public String toString() {
            return "Site[connectionId=" + connectionId + ", secret=****]";
        }
    }

    /**
     * The site the delivery's URL names. {@code /webhooks/jira/{connectionId}}: that connection, when it is active and
     * has a webhook secret, else 401 as for a wrong secret (which ids exist is nobody's business before the secret).
     * {@code /webhooks/jira}: always the first Jira connection (the one the start-up settings and the single-connection
     * paths manage), so the webhook a site was given before a second site was added keeps working unchanged.
     */
    private Site site(DeliveryHeaders delivery) {
        String path = delivery.path();
        List<JiraConnection> all = connections.connections();
        JiraConnection connection;
        if (path == null || path.equals(PATH)) {
            connection = all.isEmpty() ? null : all.get(0);
        } else {
            String id = path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : "";
            connection = CONNECTION_ID.matcher(id).matches()
                    ? all.stream().filter(c -> c.id() == Long.parseLong(id)).findFirst().orElse(null) : null;
        }
        String secret = connection == null || !connection.active() ? null : secretOf(connection, all);
        if (secret == null) {
            throw new WebhookRejected(401, "unauthorized", "Webhooks to this URL are refused: no active Jira connection here has a webhook secret"
                    + " (set it on the connection; the first connection may use JIRA_WEBHOOK_SECRET).");
        }
        return new Site(connection.id(), secret);
    }

    /** The connection's own webhook secret; the first connection's falls back to the setting (an installation from before the lists). */
    private String secretOf(JiraConnection connection, List<JiraConnection> all) {
        if (connection.webhookSecret() != null && !connection.webhookSecret().isBlank()) {
            return connection.webhookSecret();
        }
        String setting = props.jira().webhookSecret();
        boolean first = all.get(0).id() == connection.id();
        return first && setting != null && !setting.isBlank() ? setting : null;
    }

    /**
     * What the headers alone decide, before a byte of the body is read (called by {@link WebhookCredentialsFirst} and
     * again by the route): an unknown site or one without a secret, no credential, a wrong bearer secret or a signature
     * that is not {@code sha256=<64 hex digits>} is refused at once. Answers the signature still to be checked against
     * the body, or null when the bearer secret was enough.
     */
    String signatureToCheck(DeliveryHeaders delivery) {
        return credentials(delivery).signature();
    }

    private record Credentials(Site site, String signature) {}

    private Credentials credentials(DeliveryHeaders delivery) {
        Site site = site(delivery);
        String signature = delivery.get("X-Hub-Signature");
        String authorization = delivery.get("Authorization");
        if (signature != null && !signature.isBlank()) {
            if (!SIGNATURE.matcher(signature.trim()).matches()) {
                throw new WebhookRejected(401, "unauthorized", "X-Hub-Signature is not sha256= followed by 64 hexadecimal digits.");
            }
            return new Credentials(site, signature.trim());
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(presented, site.secret().getBytes(StandardCharsets.UTF_8))) {
                throw new WebhookRejected(401, "unauthorized", "The bearer secret is not the webhook secret.");
            }
            return new Credentials(site, null);
        }
        throw new WebhookRejected(401, "unauthorized", "Sign the webhook (X-Hub-Signature: sha256=...) or send Authorization: Bearer <secret>.");
    }

    /**
     * The route's step: the headers' checks again, then a signature against the body read (bounded) before it, with the
     * secret of the connection the URL names. Answers the delivery with its connection.
     */
    public JiraSiteDelivery authenticate(WebhookDelivery delivery) {
        Credentials credentials = credentials(delivery.headers());
        if (credentials.signature() != null && !validSignature(credentials.site().secret(), delivery.body(), credentials.signature())) {
            throw new WebhookRejected(401, "unauthorized", "X-Hub-Signature does not match the body signed with the webhook secret.");
        }
        return new JiraSiteDelivery(credentials.site().connectionId(), delivery);
    }

    /** Parses the JSON into the event, beside the delivery as it came and its connection; 400 naming what is wrong. */
    public JiraDelivery parse(JiraSiteDelivery authenticated) {
        WebhookDelivery delivery = authenticated.delivery();
        JiraWebhookEvent event;
        try {
            event = JiraWebhookEvent.parse(json.readTree(delivery.body()), System.currentTimeMillis());
        } catch (JiraWebhookEvent.MalformedDelivery e) {
            throw new WebhookRejected(400, "malformed_event", e.getMessage());
        } catch (Exception e) {
            String reason = e.getMessage() == null ? "unreadable" : e.getMessage().split("\n")[0];
            throw new WebhookRejected(400, "malformed_json", "The webhook body is not valid JSON: " + reason);
        }
        if (!event.handled()) {
            log.debug("Jira webhook event '{}' is not handled; ignored", event.type());
        }
        return new JiraDelivery(authenticated.jiraConnectionId(), delivery, event);
    }

    /**
     * Stores the event — once per delivery id, and once per body within the replay window — and answers 202 (a
     * duplicate says which kind); 503 when the database cannot take it.
     */
    public WebhookAnswer store(JiraDelivery delivery) {
        JiraWebhookEvent event = delivery.event();
        String payload = delivery.delivery().text();
        String identifier = delivery.delivery().headers().get("X-Atlassian-Webhook-Identifier");
        if (identifier == null || identifier.isBlank()) {
            identifier = "sha256:" + Hashes.sha256(payload);
        }
        WebhookInbox.Stored stored;
        try {
            stored = inbox.store(delivery.jiraConnectionId(), identifier, event, payload);
        } catch (DataAccessException e) {
            log.error("Jira webhook {} could not be stored: {}", identifier, e.getMessage());
            throw new WebhookRejected(503, "storage_unavailable", "The event could not be stored; Jira will retry.");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "accepted");
        answer.put("identifier", identifier);
        answer.put("duplicate", stored != WebhookInbox.Stored.NEW);
        if (stored == WebhookInbox.Stored.SAME_BODY) {
            log.warn("Jira webhook {} ({}) not stored: the same body was taken within the replay window under another identifier (a replay)",
                    identifier, event.type());
            answer.put("reason", "the same body was taken within the replay window under another delivery id");
        }
        return answers.answer(202, answer);
    }

    public WebhookAnswer ignored(JiraDelivery delivery) {
        return answers.answer(202, Map.of("status", "ignored", "event", String.valueOf(delivery.event().type())));
    }

    /** routeConfiguration jira-webhook-rejections: the answer to a delivery that was refused or could not be taken. */
    public WebhookAnswer rejected(Exception failure) {
        return answers.rejected(failure, "Jira");
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
