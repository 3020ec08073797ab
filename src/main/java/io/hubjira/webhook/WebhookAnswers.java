package io.hubjira.webhook;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The JSON answers of the webhook intakes: accepted, or rejected with the status and a message naming the problem. */
@Component
public class WebhookAnswers {

    private static final Logger log = LoggerFactory.getLogger(WebhookAnswers.class);

    private final ObjectMapper json;

    public WebhookAnswers(ObjectMapper json) {
        this.json = json;
    }

    /** Answers the caught failure: a WebhookRejected with its status, anything else 503 so the sender retries. */
    void rejected(Exchange exchange, String sender) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e instanceof WebhookRejected r) {
            if (r.status() == 401) {
                log.warn("{} webhook refused: {}", sender, r.getMessage());
            }
            answer(exchange, r.status(), Map.of("status", r.status(), "error", r.error(), "message", r.getMessage()));
        } else {
            log.error("{} webhook intake failed", sender, e);
            answer(exchange, 503, Map.of("status", 503, "error", "intake_failed", "message", "The delivery could not be taken; " + sender + " will retry."));
        }
    }

    void answer(Exchange exchange, int status, Map<String, Object> body) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            out.setBody(json.writeValueAsString(body));
        } catch (Exception e) {
            out.setBody("{}");
        }
    }
}
