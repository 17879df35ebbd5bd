package dev.cairn.node.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemberKillerTest {

    @Test
    void killsTheProcessAndWhatItStartedWithSigkill() throws IOException, InterruptedException {
        // "trap '' TERM" ignores SIGTERM, so only a SIGKILL ends this process.
        Process process = new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 60 & wait").start();
        try {
            ProcessHandle child = await().atMost(Duration.ofSeconds(10))
                    .until(() -> process.children().findFirst(), Optional::isPresent).orElseThrow();
            Runnable kill = MemberKiller.forPid(process.pid());
            kill.run();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(128 + 9);
            await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void refusesToKillItself() {
        long self = ProcessHandle.current().pid();
        assertThatThrownBy(() -> MemberKiller.forPid(self))
                .isInstanceOf(BenchUsageException.class)
                .hasMessage("--kill-pid " + self + " is cairn bench itself");
    }

    @Test
    void refusesAPidWithoutARunningProcess() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        assertThatThrownBy(() -> MemberKiller.forPid(process.pid()))
                .isInstanceOf(BenchUsageException.class)
                .hasMessage("--kill-pid " + process.pid() + ": no such running process");
    }
}
