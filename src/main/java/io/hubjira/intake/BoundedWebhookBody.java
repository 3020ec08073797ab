package io.hubjira.intake;

import io.hubjira.config.ConnectorProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/** First step of every webhook intake: reads the raw body once, bounded (413 beyond the limit), for signature and parsing. */
@Component("webhookBody")
public class BoundedWebhookBody {

    static final String RAW_BODY = "webhookRawBody";

    private final long maxBytes;

    public BoundedWebhookBody(ConnectorProperties props) {
        this.maxBytes = props.webhooks().maxBodyBytes();
    }

    public void read(Exchange exchange) {
        Message in = exchange.getMessage();
        Long declared = in.getHeader("Content-Length", Long.class);
        if (declared != null && declared > maxBytes) {
            throw new WebhookRejected(413, "payload_too_large", "The webhook body is " + declared + " bytes; the limit is " + maxBytes + ".");
        }
        byte[] raw = in.getBody(byte[].class);
        if (raw == null) {
            raw = new byte[0];
        }
        if (raw.length > maxBytes) {
            throw new WebhookRejected(413, "payload_too_large", "The webhook body is " + raw.length + " bytes; the limit is " + maxBytes + ".");
        }
        exchange.setProperty(RAW_BODY, raw);
    }
}
