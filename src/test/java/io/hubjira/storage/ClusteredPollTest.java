package io.hubjira.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.hubjira.ConnectorApplication;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two connector instances on one PostgreSQL, the poll scheduled every second: Quartz's clustered job store fires each
 * scheduled poll on exactly one of them, and when one instance stops the other goes on with the schedule.
 */
class ClusteredPollTest {

    record PollRun(String instance, Date scheduledFireTime) {}

    final List<PollRun> runs = new CopyOnWriteArrayList<>();

    @Test
    void twoInstancesSharingOneDatabaseRunEachScheduledPollOnceAndTheSurvivorTakesOver() throws Exception {
        String url = EmbeddedPostgresSupport.freshDatabase("cluster_poll");
        ConfigurableApplicationContext first = start("first", url);
        // Quartz keeps one JVM-wide data source per scheduler name, so in this single test JVM both instances use the one
        // started last: that one must be the survivor (separate JVMs, as in production, each have their own)
        try (ConfigurableApplicationContext second = start("second", url)) {
            try {
                assertThat(second.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM qrtz_scheduler_state", Integer.class))
                        .as("both instances checked in to the cluster").isEqualTo(2);
                awaitRuns(6);
            } finally {
                first.close();
            }
            int beforeStop = runs.size();
            awaitRuns(beforeStop + 3);
        }
        Map<Date, Long> perFireTime = runs.stream().collect(Collectors.groupingBy(PollRun::scheduledFireTime, Collectors.counting()));
        assertThat(perFireTime).as("instances that ran each scheduled poll: %s", runs).allSatisfy((at, count) -> assertThat(count).isEqualTo(1));
        assertThat(runs.subList(runs.size() - 3, runs.size())).as("after the first instance stopped").allSatisfy(r -> assertThat(r.instance()).isEqualTo("second"));
    }

    private void awaitRuns(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 40_000;
        while (runs.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(runs).as("polls ran").hasSizeGreaterThanOrEqualTo(count);
    }

    private ConfigurableApplicationContext start(String instance, String url) {
        EventNotifierSupport recorder = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeEvent e && (event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent)) {
                    Exchange exchange = e.getExchange();
                    if ("hubspot-poll".equals(exchange.getFromRouteId())) {
                        runs.add(new PollRun(instance, exchange.getIn().getHeader("scheduledFireTime", Date.class)));
                    }
                }
            }
        };
        // command-line arguments outrank the application and test-profile files
        return new SpringApplicationBuilder(ConnectorApplication.class)
                .profiles("test")
                .initializers(context -> context.getBeanFactory().registerSingleton("pollRunRecorder", recorder))
                .run("--spring.datasource.url=" + url, "--spring.datasource.username=postgres", "--spring.datasource.password=",
                        "--server.port=0", "--connector.poll.cron=* * * * * ?", "--spring.jmx.enabled=false",
                        // instances in one JVM: without JMX both keep the Camel context name the shared jobs are stored under
                        // (separate JVMs, as in production, have it anyway)
                        "--camel.main.jmx-enabled=false",
                        // one cluster: the same scheduler name on both (and unlike the other test contexts of this JVM)
                        "--spring.quartz.scheduler-name=hubspot-jira-connector-cluster-test",
                        "--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=1000");
    }
}
