package io.hubjira.intake;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.admin.Problems;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** The JSON answers of the webhook intakes: accepted, or rejected with a problem document (RFC 9457) naming the problem. */
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
            problem(exchange, Problems.of(r.status(), r.error(), r.getMessage()));
        } else {
            log.error("{} webhook intake failed", sender, e);
            problem(exchange, Problems.of(503, "intake_failed", "The delivery could not be taken; " + sender + " will retry."));
        }
    }

    private static void problem(Exchange exchange, ProblemDetail problem) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.getStatus());
        out.setHeader(Exchange.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        out.setBody(Problems.json(problem));
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
