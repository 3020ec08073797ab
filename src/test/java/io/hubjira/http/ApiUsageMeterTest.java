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

    @Test
    void eachAccountIsCountedOnItsOwnAndKeepsTheDailyFiguresHubSpotReportedForIt() {
        long now = 1_800_000_000L;
        MovableClock clock = new MovableClock((now - 30) * 1000);
        ApiUsageMeter meter = new ApiUsageMeter(clock);
        for (int i = 0; i < 5; i++) {
            meter.sent(ApiName.HUBSPOT, "12345678"); // 30 s ago: in the minute, not in the last 10 s
        }
        clock.millis = (now - 3) * 1000;
        for (int i = 0; i < 2; i++) {
            meter.sent(ApiName.HUBSPOT, "12345678");
            meter.sent(ApiName.HUBSPOT, "87654321");
        }
        meter.sent(ApiName.JIRA, "acme.atlassian.net");
        meter.answered(ApiName.HUBSPOT, "87654321", new ApiResponse(200, Map.of("X-HubSpot-RateLimit-Daily", "625000",
                "X-HubSpot-RateLimit-Daily-Remaining", "600000"), new byte[0]));
        clock.millis = now * 1000;

        ApiUsageMeter.AccountUsage first = meter.account(ApiName.HUBSPOT, "12345678");
        assertThat(first.last10s()).isEqualTo(2);
        assertThat(first.last60s()).isEqualTo(7);
        assertThat(first.dailyRemaining()).as("HubSpot said nothing of this portal's day").isNull();
        ApiUsageMeter.AccountUsage second = meter.account(ApiName.HUBSPOT, "87654321");
        assertThat(second.last60s()).isEqualTo(2);
        assertThat(second.dailyLimit()).isEqualTo(625_000);
        assertThat(second.dailyRemaining()).isEqualTo(600_000);
        assertThat(second.lastCallAt()).isEqualTo(Instant.ofEpochSecond(now - 3));
        assertThat(meter.account(ApiName.JIRA, "ACME.atlassian.net").last10s()).as("accounts as the rate budget names them").isEqualTo(1);
        assertThat(meter.account(ApiName.HUBSPOT, "11111111").last60s()).isZero();
        assertThat(meter.minuteBefore(ApiName.HUBSPOT, now).calls()).as("the per-API figures count every account")
                .isEqualTo(9);
    }
}
