package dev.cairn.node.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackupRetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    /** One backup per hour, the newest taken at NOW. */
    private static final List<BackupFileName> HOURLY = IntStream.range(0, 6)
            .mapToObj(hoursAgo -> BackupFileName.of("demo", NOW.minus(Duration.ofHours(hoursAgo)), 100 - hoursAgo))
            .toList();

    @Test
    void keepLastDeletesAllButTheNewestN() {
        BackupRetention retention = new BackupRetention(OptionalInt.of(2), Optional.empty());

        assertThat(retention.expired(HOURLY, NOW)).extracting(BackupFileName::revision)
                .containsExactly(95L, 96L, 97L, 98L);
    }

    @Test
    void keepWithinDeletesOnlyWhatIsOlder() {
        BackupRetention retention = new BackupRetention(OptionalInt.empty(), Optional.of(Duration.ofMinutes(150)));

        assertThat(retention.expired(HOURLY, NOW)).extracting(BackupFileName::revision)
                .containsExactly(95L, 96L, 97L);
    }

    @Test
    void aBackupKeptByEitherRuleStays() {
        BackupRetention retention = new BackupRetention(OptionalInt.of(4), Optional.of(Duration.ofHours(1)));

        assertThat(retention.expired(HOURLY, NOW)).extracting(BackupFileName::revision).containsExactly(95L, 96L);
    }

    @Test
    void withoutRulesEverythingIsKept() {
        assertThat(new BackupRetention(OptionalInt.empty(), Optional.empty()).expired(HOURLY, NOW)).isEmpty();
    }

    @Test
    void nonsensicalRulesAreRefused() {
        assertThatThrownBy(() -> new BackupRetention(OptionalInt.of(0), Optional.empty()))
                .hasMessage("--keep-last must be at least 1, got 0");
        assertThatThrownBy(() -> new BackupRetention(OptionalInt.empty(), Optional.of(Duration.ZERO)))
                .hasMessageStartingWith("--keep-within must be a positive duration");
    }
}
