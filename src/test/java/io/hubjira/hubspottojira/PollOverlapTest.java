package io.hubjira.hubspottojira;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** With the default overlap (2 minutes), a change HubSpot's search indexed late is read by the next poll. */
class PollOverlapTest extends PollOverlapScenario {

    @Test
    void aChangeHubSpotsSearchShowsAfterANewerOneStillReachesJira() throws Exception {
        assertThat(aChangeTheSearchIndexedLateReachesJira()).isTrue();
    }
}
