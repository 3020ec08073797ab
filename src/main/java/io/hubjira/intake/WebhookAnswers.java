package io.hubjira.intake;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.admin.Problems;
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
    WebhookAnswer rejected(Exception e, String sender) {
        if (e instanceof WebhookRejected r) {
            if (r.status() == 401) {
                log.warn("{} webhook refused: {}", sender, r.getMessage());
            }
            return problem(r.problem());
        }
        log.error("{} webhook intake failed", sender, e);
        return problem(Problems.of(503, "intake_failed", "The delivery could not be taken; " + sender + " will retry."));
    }

    private static WebhookAnswer problem(ProblemDetail problem) {
        return new WebhookAnswer(problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON_VALUE, Problems.json(problem));
    }

    WebhookAnswer answer(int status, Map<String, Object> body) {
        try {
            return new WebhookAnswer(status, MediaType.APPLICATION_JSON_VALUE, json.writeValueAsString(body));
        } catch (Exception e) {
            return new WebhookAnswer(status, MediaType.APPLICATION_JSON_VALUE, "{}");
        }
    }
}
