package io.hubjira.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiUsageMeterTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        long millis;

        MovableClock(long millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void aMinuteCountsItsCallsAndItsBusiestTenSecondsEvenWhenTheyStartedTheMinuteBefore() {
        long minuteStart = 1_800_000_000L / 60 * 60;
        MovableClock clock = new MovableClock((minuteStart - 5) * 1000);
        ApiUsageMeter meter = new ApiUsageMeter(clock);
        for (int i = 0; i < 30; i++) {
            meter.sent(ApiName.HUBSPOT); // 30 calls 5 s before the minute
        }
        clock.millis = (minuteStart + 3) * 1000;
        for (int i = 0; i < 40; i++) {
            meter.sent(ApiName.HUBSPOT); // 40 in the minute, 8 s after the 30
        }
        clock.millis = (minuteStart + 40) * 1000;
        for (int i = 0; i < 10; i++) {
            meter.sent(ApiName.HUBSPOT);
            meter.sent(ApiName.JIRA);
        }
        ApiUsageMeter.Minute hubspot = meter.minuteBefore(ApiName.HUBSPOT, minuteStart + 60);
        assertThat(hubspot.calls()).as("only the minute's own calls").isEqualTo(50);
        assertThat(hubspot.peak10s()).as("the 30 + 40 within one 10-second window").isEqualTo(70);
        ApiUsageMeter.Minute jira = meter.minuteBefore(ApiName.JIRA, minuteStart + 60);
        assertThat(jira.calls()).isEqualTo(10);
        assertThat(jira.dailyLimit()).isNull();
    }

    @Test
    void secondsOlderThanTheRingAreNotCountedAgain() {
        long minuteStart = 1_800_000_000L / 60 * 60;
        MovableClock clock = new MovableClock(minuteStart * 1000);
        ApiUsageMeter meter = new ApiUsageMeter(clock);
        meter.sent(ApiName.HUBSPOT);
        assertThat(meter.minuteBefore(ApiName.HUBSPOT, minuteStart + 60).calls()).isEqualTo(1);
        assertThat(meter.minuteBefore(ApiName.HUBSPOT, minuteStart + 60 + ApiUsageMeter.SECONDS).calls())
                .as("the slot's second is remembered, so a lap of the ring reads zero").isZero();
    }

    @Test
    void hubspotsDailyHeadersAreKeptFromItsAnswers() {
        ApiUsageMeter meter = new ApiUsageMeter(new MovableClock(0));
        meter.answered(ApiName.HUBSPOT, new ApiResponse(200, Map.of("X-HubSpot-RateLimit-Daily", "250000",
                "X-HubSpot-RateLimit-Daily-Remaining", "249100"), new byte[0]));
        meter.answered(ApiName.HUBSPOT, new ApiResponse(200, Map.of(), new byte[0]));
        ApiUsageMeter.Minute m = meter.minuteBefore(ApiName.HUBSPOT, 60);
        assertThat(m.dailyLimit()).isEqualTo(250_000);
        assertThat(m.dailyRemaining()).isEqualTo(249_100);
    }
}
