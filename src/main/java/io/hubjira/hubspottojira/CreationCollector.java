package io.hubjira.hubspottojira;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Gathers the creation requests of a page's records, so the page's new issues are created in bulk. */
@Component("creationCollector")
public class CreationCollector implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange collected, Exchange next) {
        Exchange target = collected == null ? next : collected;
        @SuppressWarnings("unchecked")
        List<CreationRequest> requests = collected == null ? new ArrayList<>()
                : (List<CreationRequest>) target.getMessage().getBody(List.class);
        Object body = next.getMessage().getBody();
        if (body instanceof RecordWork work && work.decision() == RecordDecision.CREATE) {
            requests.add(work.creation());
        }
        target.getMessage().setBody(requests);
        return target;
    }
}
