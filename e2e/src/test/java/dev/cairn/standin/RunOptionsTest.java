package dev.cairn.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunOptionsTest {

    @TempDir
    Path dir;

    @Test
    void parsesTheRunCommandsOptions() {
        RunOptions options = RunOptions.parse("--repo", "/src/cairn", "--work-dir", "/tmp/w", "--api-port", "6443",
                "--timeout", "1m30s");
        assertThat(options.repository()).isEqualTo(Path.of("/src/cairn"));
        assertThat(options.sample()).isEqualTo(Path.of("/src/cairn/manifests/samples/etcdcluster.yaml"));
        assertThat(options.apiPort()).isEqualTo(6443);
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void refusesWhatItCannotUse() {
        assertThatThrownBy(() -> RunOptions.parse("--timeout", "soon")).hasMessageContaining("like 10m, 90s");
        assertThatThrownBy(() -> RunOptions.parse("--api-port", "http")).hasMessageContaining("takes a number");
        assertThatThrownBy(() -> RunOptions.parse("--verbose", "x")).hasMessageContaining("unknown option --verbose");
        assertThatThrownBy(() -> RunOptions.parse("--repo")).hasMessageContaining("--repo needs a value");
    }

    @Test
    void wipesOnlyAStandInWorkDir() throws Exception {
        Path standIn = WorkDir.prepare(dir.resolve("run"));
        Files.writeString(standIn.resolve("stale-pod-data"), "old");
        WorkDir.prepare(standIn);
        assertThat(standIn.resolve("stale-pod-data")).doesNotExist();
        assertThat(standIn.resolve(WorkDir.MARKER)).exists();

        Path foreign = Files.createDirectories(dir.resolve("home"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> WorkDir.prepare(foreign)).hasMessageContaining("is not a stand-in work dir");
        assertThat(foreign.resolve("notes.txt")).exists();
    }
}
