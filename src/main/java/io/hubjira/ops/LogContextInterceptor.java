package io.hubjira.ops;

import io.hubjira.logging.LogSubject;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.springframework.stereotype.Component;

/**
 * Around every route step: when the message body is a {@link LogSubject}, its item, record and issue fill the
 * logging context (the {@code [item=… record=… issue=…]} of each line, the MDC members of JSON lines) for as long as
 * the step runs. Camel picks up InterceptStrategy beans by itself.
 */
@Component
public class LogContextInterceptor implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                if (!(exchange.getMessage().getBody() instanceof LogSubject subject)) {
                    return super.process(exchange, callback);
                }
                try (LogContext ignored = LogContext.of(subject.logItem(), subject.logRecord(), subject.logIssue())) {
                    return super.process(exchange, callback);
                }
            }
        };
    }
}
