package dev.cairn.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.node.lease.LeaseCheckpointPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --experimental-enable-lease-checkpoint, --experimental-lease-checkpoint-interval and the watch progress interval. */
class LeaseAndWatchIntervalConfigTest {
    @TempDir
    Path dir;

    private static NodeConfig load(String... args) {
        return ConfigLoader.load(List.of(args), Map.of()).config();
    }

    @Test
    void checkpointsAreOnEveryFiveMinutesAndProgressEveryTenByDefault() {
        NodeConfig config = load();
        assertThat(config.leaseCheckpoints()).isEqualTo(LeaseCheckpointPolicy.every(Duration.ofMinutes(5)));
        assertThat(config.watchProgressNotifyInterval()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theFlagsTuneOrDisableThem() {
        assertThat(load("--experimental-enable-lease-checkpoint=false").leaseCheckpoints().enabled()).isFalse();
        assertThat(load("--experimental-enable-lease-checkpoint", "--experimental-lease-checkpoint-interval=30s")
                .leaseCheckpoints()).isEqualTo(LeaseCheckpointPolicy.every(Duration.ofSeconds(30)));
        assertThat(load("--experimental-lease-checkpoint-interval=0").leaseCheckpoints().interval())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(load("--experimental-watch-progress-notify-interval=1m30s").watchProgressNotifyInterval())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(load("--experimental-watch-progress-notify-interval=0").watchProgressNotifyInterval())
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aProgressIntervalBelowEtcdsMinimumIsRaisedWithAWarning() {
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--experimental-watch-progress-notify-interval=10ms"),
                Map.of());
        assertThat(parsed.config().watchProgressNotifyInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(parsed.warnings()).containsExactly(
                "--experimental-watch-progress-notify-interval 10ms is below the minimum; using 100ms");
    }

    @Test
    void theEnvironmentSetsThemToo() {
        NodeConfig config = ConfigLoader.load(List.of(), Map.of(
                "ETCD_EXPERIMENTAL_ENABLE_LEASE_CHECKPOINT", "true",
                "ETCD_EXPERIMENTAL_LEASE_CHECKPOINT_INTERVAL", "2s",
                "ETCD_EXPERIMENTAL_WATCH_PROGRESS_NOTIFY_INTERVAL", "200ms")).config();
        assertThat(config.leaseCheckpoints()).isEqualTo(LeaseCheckpointPolicy.every(Duration.ofSeconds(2)));
        assertThat(config.watchProgressNotifyInterval()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theYamlFileTakesGoDurationsOrNanosecondsAsEtcdDecodesThem() throws Exception {
        Path file = dir.resolve("etcd.yml");
        Files.writeString(file, """
                name: n
                initial-cluster: n=http://localhost:2380
                experimental-enable-lease-checkpoint: false
                experimental-lease-checkpoint-interval: 45s
                experimental-watch-progress-notify-interval: 5000000000
                """);
        NodeConfig config = ConfigLoader.load(List.of("--config-file", file.toString()), Map.of()).config();
        assertThat(config.leaseCheckpoints()).isEqualTo(new LeaseCheckpointPolicy(false, Duration.ofSeconds(45)));
        assertThat(config.watchProgressNotifyInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBadValueIsOneClearLine() {
        assertThatThrownBy(() -> load("--experimental-lease-checkpoint-interval=soon"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cairn: invalid value \"soon\" for --experimental-lease-checkpoint-interval: not a "
                        + "duration (use a value such as 500ms, 30s or 5m)");
        assertThatThrownBy(() -> load("--experimental-watch-progress-notify-interval=-1s"))
                .hasMessageContaining("invalid value \"-1s\" for --experimental-watch-progress-notify-interval");
        assertThatThrownBy(() -> load("--experimental-lease-checkpoint-interval=5000000000"))
                .hasMessageContaining("not a duration");
    }

    @Test
    void persistingIsAlwaysOnSoOnlyFalseIsRefused() {
        assertThat(ConfigLoader.load(List.of("--experimental-enable-lease-checkpoint-persist=true"), Map.of())
                .unsupportedSettingsUsed()).isEmpty();
        assertThat(ConfigLoader.load(List.of("--experimental-enable-lease-checkpoint-persist=false"), Map.of())
                .unsupportedSettingsUsed()).containsExactly("--experimental-enable-lease-checkpoint-persist");
    }
}
