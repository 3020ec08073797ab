package io.hubjira.intake;

import java.io.IOException;
import java.io.InputStream;

import io.hubjira.config.ConnectorProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * First step of every webhook intake: takes the raw body once, for the signature and the parsing, reading at most the
 * limit plus one byte of what platform-http hands over (413 beyond the limit). The body reached platform-http through
 * {@link RequestBodyLimits}, which already counted it while reading it from the connection; this is the route's own
 * wall behind that one.
 */
@Component("webhookBody")
public class BoundedWebhookBody {

    private final long maxBytes;

    public BoundedWebhookBody(ConnectorProperties props) {
        this.maxBytes = props.webhooks().maxBodyBytes();
    }

    /** The delivery: its body (bounded) and the HTTP request's real headers. */
    public WebhookDelivery read(@Body InputStream body, @Header(Exchange.HTTP_SERVLET_REQUEST) HttpServletRequest request) throws IOException {
        byte[] raw;
        try (InputStream in = body) {
            raw = in == null ? new byte[0] : in.readNBytes((int) Math.min(maxBytes + 1, BodyLimit.LARGEST));
        }
        if (raw.length > maxBytes) {
            throw new WebhookRejected(413, "payload_too_large", "The webhook body is larger than the " + maxBytes + " bytes it may have ("
                    + RequestBodyLimits.WEBHOOK_SETTING + ").");
        }
        return new WebhookDelivery(raw, DeliveryHeaders.of(request));
    }
}
