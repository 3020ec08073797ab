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
        if (collected == null) {
            // the first record may have failed and been handled by its own flow (record-failures): as the page's result
            // it carries none of that handling up (no handled mark, no caught exception), so the page's flow goes on after
            // the split and its own later failures still reach its route configuration
            target.getExchangeExtension().setErrorHandlerHandled(null);
            target.getExchangeExtension().setRedeliveryExhausted(false);
            target.getExchangeExtension().setFailureHandled(false);
            target.removeProperty(Exchange.EXCEPTION_CAUGHT);
            target.removeProperty(Exchange.FAILURE_ROUTE_ID);
            target.removeProperty(Exchange.FAILURE_ENDPOINT);
        }
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
