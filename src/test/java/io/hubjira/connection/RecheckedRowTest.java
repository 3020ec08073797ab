package io.hubjira.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** Another instance's reconnect reaches this one: the saved row is read again once this instance's copy is too old. */
class RecheckedRowTest {

    private final AtomicReference<String> savedRow = new AtomicReference<>("portal1-token1");
    private final AtomicInteger reads = new AtomicInteger();
    /** the rows whose account (the part before '-') differed from the copy's when read again */
    private final List<String> changedTo = new ArrayList<>();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private RecheckedRow<String> row(Duration recheck) {
        return new RecheckedRow<>(() -> {
            reads.incrementAndGet();
            return Optional.ofNullable(savedRow.get());
        }, value -> value.split("-")[0], changedTo::add, clock, recheck);
    }

    private void later(int seconds) {
        now.set(now.get().plusSeconds(seconds));
    }

    @Test
    void aRowChangedByAnotherInstanceIsUsedHereOnceTheCopyIsOlderThanTheRecheck() {
        RecheckedRow<String> row = row(Duration.ofSeconds(10));
        assertThat(row.get()).contains("portal1-token1");
        savedRow.set("portal1-token2"); // another instance reconnected
        later(9);
        assertThat(row.get()).as("within the recheck this instance calls with its copy").contains("portal1-token1");
        assertThat(reads).hasValue(1);
        later(1);
        assertThat(row.get()).as("then it reads the row again").contains("portal1-token2");
        assertThat(reads).hasValue(2);
        savedRow.set(null); // disconnected elsewhere
        later(10);
        assertThat(row.get()).isEmpty();
    }

    @Test
    void whatThisInstanceSavesIsItsCopyWithoutAReadAndARecheckOfZeroReadsEveryTime() {
        RecheckedRow<String> row = row(Duration.ofSeconds(10));
        row.set("saved-here");
        assertThat(row.get()).contains("saved-here");
        assertThat(reads).hasValue(0);
        RecheckedRow<String> always = row(Duration.ZERO);
        always.get();
        always.get();
        assertThat(reads).hasValue(2);
    }

    @Test
    void aSaveMadeWhileTheRowWasBeingReadIsNotOverwrittenByWhatWasRead() {
        AtomicReference<RecheckedRow<String>> holder = new AtomicReference<>();
        RecheckedRow<String> row = new RecheckedRow<>(() -> {
            String read = savedRow.get();
            holder.get().set("saved-meanwhile"); // this instance reconnects while its read is on its way
            return Optional.ofNullable(read);
        }, value -> value, changedTo::add, clock, Duration.ZERO);
        holder.set(row);
        assertThat(row.get()).contains("saved-meanwhile");
    }

    @Test
    void aRowReadAgainThatNamesAnotherAccountIsAnnouncedAndANewTokenOfTheSameAccountIsNot() {
        savedRow.set("portal1-token1");
        RecheckedRow<String> row = row(Duration.ofSeconds(10));
        row.get();
        savedRow.set("portal1-token2"); // another instance refreshed the token of the same portal
        later(10);
        assertThat(row.get()).contains("portal1-token2");
        assertThat(changedTo).as("the same account: its cached people and metadata stay").isEmpty();
        savedRow.set("portal2-token1"); // another instance connected another portal
        later(10);
        assertThat(row.get()).contains("portal2-token1");
        assertThat(changedTo).as("another account: this instance drops what it cached of the earlier one").containsExactly("portal2-token1");
    }
}
