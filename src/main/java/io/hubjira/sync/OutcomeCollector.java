package io.hubjira.sync;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/** Gathers what each part of a split did (the parts' String bodies) into one list, for the flow's summary step. */
@org.springframework.stereotype.Component("outcomeCollector")
public class OutcomeCollector implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange collected, Exchange next) {
        Exchange target = collected == null ? next : collected;
        @SuppressWarnings("unchecked")
        List<String> outcomes = collected == null ? new ArrayList<>() : (List<String>) target.getMessage().getBody(List.class);
        outcomes.add(String.valueOf(next.getMessage().getBody()));
        target.getMessage().setBody(outcomes);
        return target;
    }
}
