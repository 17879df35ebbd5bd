package dev.cairn.node.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutoCompactionConfigTest {
    private static AutoCompaction load(String... args) {
        return ConfigLoader.load(List.of(args), Map.of()).config().autoCompaction();
    }

    @Test
    void offByDefaultAndWithARetentionOfZero() {
        assertThat(load()).isEqualTo(AutoCompaction.OFF);
        assertThat(load("--auto-compaction-retention=0", "--auto-compaction-mode=revision")).isEqualTo(AutoCompaction.OFF);
        assertThat(load("--auto-compaction-retention=0s")).isEqualTo(AutoCompaction.OFF);
    }

    @Test
    void periodicTakesHoursOrAGoDuration() {
        assertThat(load("--auto-compaction-retention=1")).isEqualTo(
                new AutoCompaction(AutoCompaction.Mode.PERIODIC, Duration.ofHours(1), 0));
        assertThat(load("--auto-compaction-mode", "periodic", "--auto-compaction-retention", "30m")).isEqualTo(
                new AutoCompaction(AutoCompaction.Mode.PERIODIC, Duration.ofMinutes(30), 0));
    }

    @Test
    void revisionTakesACount() {
        assertThat(load("--auto-compaction-mode=revision", "--auto-compaction-retention=1000")).isEqualTo(
                new AutoCompaction(AutoCompaction.Mode.REVISION, Duration.ZERO, 1000));
    }

    @Test
    void comesFromTheEnvironmentAsWell() {
        AutoCompaction fromEnv = ConfigLoader.load(List.of(), Map.of("ETCD_AUTO_COMPACTION_MODE", "revision",
                "ETCD_AUTO_COMPACTION_RETENTION", "5")).config().autoCompaction();
        assertThat(fromEnv).isEqualTo(new AutoCompaction(AutoCompaction.Mode.REVISION, Duration.ZERO, 5));
    }

    @Test
    void badValuesAreOneClearLine() {
        assertThatThrownBy(() -> load("--auto-compaction-mode=daily", "--auto-compaction-retention=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cairn: unknown auto-compaction-mode \"daily\" (use periodic or revision)");
        assertThatThrownBy(() -> load("--auto-compaction-retention=soon"))
                .hasMessage("cairn: invalid --auto-compaction-retention \"soon\": use hours (e.g. 1) or a duration (e.g. 30m)");
        assertThatThrownBy(() -> load("--auto-compaction-mode=revision", "--auto-compaction-retention=1h"))
                .hasMessage("cairn: invalid --auto-compaction-retention \"1h\": revision mode takes a number of revisions");
    }
}
