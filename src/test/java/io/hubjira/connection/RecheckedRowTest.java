package io.hubjira.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** Another instance's reconnect reaches this one: the saved row is read again once this instance's copy is too old. */
class RecheckedRowTest {

    private final AtomicReference<String> savedRow = new AtomicReference<>("token-1");
    private final AtomicInteger reads = new AtomicInteger();
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
        }, clock, recheck);
    }

    private void later(int seconds) {
        now.set(now.get().plusSeconds(seconds));
    }

    @Test
    void aRowChangedByAnotherInstanceIsUsedHereOnceTheCopyIsOlderThanTheRecheck() {
        RecheckedRow<String> row = row(Duration.ofSeconds(10));
        assertThat(row.get()).contains("token-1");
        savedRow.set("token-2"); // another instance reconnected
        later(9);
        assertThat(row.get()).as("within the recheck this instance calls with its copy").contains("token-1");
        assertThat(reads).hasValue(1);
        later(1);
        assertThat(row.get()).as("then it reads the row again").contains("token-2");
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
        }, clock, Duration.ZERO);
        holder.set(row);
        assertThat(row.get()).contains("saved-meanwhile");
    }
}
