package io.hubjira.sync;

import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Bounded worker pools for the flows that process in parallel (never unbounded: the APIs are rate limited). */
@Configuration
public class SyncExecutors {

    @Bean(destroyMethod = "")
    ExecutorService inboxWorkers(CamelContext camel, @Value("${connector.inbox.workers:4}") int workers) {
        return camel.getExecutorServiceManager().newFixedThreadPool(this, "jira-inbox", workers);
    }
}
