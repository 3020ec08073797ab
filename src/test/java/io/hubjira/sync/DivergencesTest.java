package io.hubjira.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.hubjira.item.FieldMapping;
import io.hubjira.item.FieldOwner;
import org.junit.jupiter.api.Test;

class DivergencesTest {

    static final Instant EARLIER = Instant.parse("2026-11-30T10:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-30T11:00:00Z");

    static FieldMapping amount(FieldOwner owner) {
        return new FieldMapping("amount", "customfield_10012", owner, null);
    }

    @Test
    void valuesAreComparedAsHubSpotStoresThem() {
        assertThat(Divergences.same("6250", "6250.0")).isTrue();
        assertThat(Divergences.same(" Acme ", "Acme")).isTrue();
        assertThat(Divergences.same(null, "")).isTrue();
        assertThat(Divergences.same("6250", "9999")).isFalse();
        assertThat(Divergences.same("acme", "Acme")).isFalse();
    }

    @Test
    void aFieldOneSideOwnsIsWonByThatSide() {
        assertThat(Divergences.difference(amount(FieldOwner.HUBSPOT), "1", "2", "2", EARLIER, LATER).winner()).isEqualTo(Divergences.Winner.HUBSPOT);
        assertThat(Divergences.difference(amount(FieldOwner.JIRA), "1", "2", "1", LATER, EARLIER).winner()).isEqualTo(Divergences.Winner.JIRA);
    }

    @Test
    void aSharedFieldIsWonByTheSideThatMovedAwayFromTheLastSyncedValue() {
        var jiraMoved = Divergences.difference(amount(FieldOwner.BOTH), "6250", "9999", "6250", LATER, EARLIER);
        assertThat(jiraMoved.winner()).as("even though HubSpot was edited later (another field)").isEqualTo(Divergences.Winner.JIRA);
        assertThat(jiraMoved.why()).contains("Jira changed since the last sync");
        var hubspotMoved = Divergences.difference(amount(FieldOwner.BOTH), "7000", "6250", "6250.0", EARLIER, LATER);
        assertThat(hubspotMoved.winner()).isEqualTo(Divergences.Winner.HUBSPOT);
    }

    @Test
    void whenBothMovedOrNothingWasSyncedTheNewestEditWins() {
        var both = Divergences.difference(amount(FieldOwner.BOTH), "7000", "9999", "6250", EARLIER, LATER);
        assertThat(both.winner()).isEqualTo(Divergences.Winner.JIRA);
        assertThat(both.why()).contains("both changed").contains("Jira was edited last");
        var never = Divergences.difference(amount(FieldOwner.BOTH), "7000", "9999", null, LATER, EARLIER);
        assertThat(never.winner()).isEqualTo(Divergences.Winner.HUBSPOT);
        assertThat(never.why()).contains("never synced");
    }
}
