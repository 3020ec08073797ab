package io.hubjira.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.hubjira.logging.LogSubject;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextInterceptorTest {

    record Work(long item, String record, String issue) implements LogSubject {
        @Override
        public Object logItem() {
            return item;
        }

        @Override
        public String logRecord() {
            return record;
        }

        @Override
        public String logIssue() {
            return issue;
        }
    }

    @Test
    void aStepHandlingAWorkBodyLogsWithItsItemRecordAndIssueAndLeavesNothingBehind() throws Exception {
        List<String> seen = new ArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getCamelContextExtension().addInterceptStrategy(new LogContextInterceptor());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:work").process(e -> seen.add(MDC.get("item") + "/" + MDC.get("record") + "/" + MDC.get("issue")));
                }
            });
            camel.start();
            camel.createProducerTemplate().sendBody("direct:work", new Work(3, "42", "SUP-7"));
            camel.createProducerTemplate().sendBody("direct:work", "a plain body");
        }
        assertThat(seen).containsExactly("3/42/SUP-7", "null/null/null");
        assertThat(MDC.get("item")).isNull();
    }
}
