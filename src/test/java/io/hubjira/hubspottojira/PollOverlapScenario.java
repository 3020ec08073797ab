package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * HubSpot's search lags behind writes and indexes them out of order: deal A is renamed, then deal B; search shows B's
 * change at once and A's only 1.5 s later. The poll in between moves the watermark past A's change, so only a poll that
 * starts again before its watermark (connector.poll.overlap) ever reads A's change. {@link PollOverlapTest} runs it with
 * the default overlap, {@link PollWithoutOverlapTest} with none.
 */
abstract class PollOverlapScenario extends SandboxTest {

    @Autowired
    ProducerTemplate producer;

    /** Whether deal A's rename, indexed after deal B's later one, reached A's issue. */
    boolean aChangeTheSearchIndexedLateReachesJira() throws InterruptedException {
        freshConnectedSandbox();
        long itemId = createItem(demoDealsItem(false, false, false));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        List<HubSpotSandbox.Rec> deals = new ArrayList<>(hubspot.recordsOf("deals").values());
        HubSpotSandbox.Rec a = deals.get(0);
        HubSpotSandbox.Rec b = deals.get(1);

        hubspot.setSearchLagMillis("deals", a.id, 1_500);
        hubspot.update("deals", a.id, Map.of("dealname", "A renamed"));
        Thread.sleep(20);
        hubspot.update("deals", b.id, Map.of("dealname", "B renamed"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(summaryOf(itemId, b.id)).as("B's change, indexed at once").isEqualTo("B renamed");
        assertThat(summaryOf(itemId, a.id)).as("A's change is not in search yet").isNotEqualTo("A renamed");

        Thread.sleep(1_600);
        producer.requestBody("direct:hubspot-poll-item", itemId);
        return "A renamed".equals(summaryOf(itemId, a.id));
    }

    private String summaryOf(long itemId, String dealId) {
        String key = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId);
        return jira.issue(key).orElseThrow().fields.path("summary").asText();
    }
}
