package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Jira's search lags behind writes, so a lost create's marker missing from search says nothing at first: the create
 * is never sent again until the marker's absence has lasted longer than connector.jira.search-consistency (2 s in
 * the test profile). The simulated search lags 1.5 s here — longer than between two polls, shorter than the bound.
 */
class SearchLagTest extends SandboxTest {

    private static final long SEARCH_LAG_MS = 1_500;
    private static final long SEARCH_LAG_BOUND_MS = 2_000;

    @Autowired
    ProducerTemplate producer;

    @BeforeEach
    void connected() {
        freshConnectedSandbox();
        jira.setSearchLagMillis(SEARCH_LAG_MS);
    }

    private long item() {
        return createItem(demoDealsItem(false, false, false));
    }

    private int linked(long itemId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'LINKED'", Integer.class, itemId);
    }

    private List<HubSpotSandbox.Rec> deals() {
        return List.copyOf(hubspot.recordsOf("deals").values());
    }

    @Test
    void aCreateLostBeforeJiraTookItIsSentAgainOnlyOnceItsAbsenceHasLastedLongerThanSearchMayLag() throws Exception {
        long itemId = item();
        faults.failNext("jira", "POST", 1, 502, "/rest/api/3/issue/bulk$");
        long lost = System.currentTimeMillis();
        producer.requestBody("direct:hubspot-poll-item", itemId);
        assertThat(linked(itemId)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'PENDING' AND creation_sent_at IS NOT NULL"
                + " AND marker_absent_since IS NOT NULL", Integer.class, itemId)).as("every reservation waits for its marker").isEqualTo(deals().size());

        // polls while the absence is shorter than the bound: looked for, never sent
        for (int i = 0; i < 3; i++) {
            Thread.sleep(400);
            producer.requestBody("direct:hubspot-poll-item", itemId);
        }
        assertThat(calls.count("jira", "POST", "/rest/api/3/issue/bulk")).as("not sent again while the marker may be hidden").isEqualTo(1);
        assertThat(jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-item" + itemId + "-"))).isEmpty();

        long sentAgain;
        do {
            Thread.sleep(100);
            producer.requestBody("direct:hubspot-poll-item", itemId);
            sentAgain = System.currentTimeMillis();
        } while (calls.count("jira", "POST", "/rest/api/3/issue/bulk") < 2 && sentAgain - lost < 10_000);
        assertThat(linked(itemId)).isEqualTo(deals().size());
        for (HubSpotSandbox.Rec deal : deals()) {
            assertThat(jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + deal.id + "\""))).hasSize(1);
        }
        long waited = sentAgain - lost;
        assertThat(waited).as("sent again only after the bound").isGreaterThanOrEqualTo(SEARCH_LAG_BOUND_MS);
        long searches = calls.count("jira", "POST", "/rest/api/3/search/jql");
        System.out.println("BENCHMARK lost create: sent again " + waited + " ms after its answer was lost (bound " + SEARCH_LAG_BOUND_MS
                + " ms, polls every ~400 ms); " + deals().size() + " reservations cost " + searches + " Jira searches in all");
    }
}
