package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The control of {@link PollOverlapTest}: without an overlap the same change is lost for good. */
@TestPropertySource(properties = "connector.poll.overlap=0s")
class PollWithoutOverlapTest extends PollOverlapScenario {

    @Test
    void withoutTheOverlapAChangeHubSpotsSearchShowsAfterANewerOneIsLost() throws Exception {
        assertThat(aChangeTheSearchIndexedLateReachesJira()).as("the overlap is what finds it").isFalse();
    }
}
