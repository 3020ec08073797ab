package io.hubjira.hubspottojira;

import java.util.List;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The per-record flows, for the admin and panel actions that sync one record on request (refresh, dead-letter replay):
 * they run the same routes as the poll, minus the once-per-version gate, since a request to sync now is the point.
 * A failure comes back as the exception the flow raised, so the caller answers with it.
 */
@Component
public class PerRecordRoutes {

    private final ProducerTemplate producer;

    public PerRecordRoutes(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** hubspot-record-linked: owned fields, status (conditional-transition), comments and attachments. */
    public void syncLinked(RecordWork linked) {
        send("direct:hubspot-record-linked", linked);
    }

    /** jira-auto-create: exactly-once creation of the issue a reserved link stands for. */
    public void create(CreationRequest creation) {
        send("direct:jira-auto-create", List.of(creation));
    }

    private void send(String uri, Object body) {
        try {
            producer.requestBody(uri, body);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
