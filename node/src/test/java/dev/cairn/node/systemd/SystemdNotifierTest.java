package dev.cairn.node.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdNotifierTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void readyIsSentToTheSocketFileNamedByNotifySocket() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir.resolve("notify").toString())) {
            SystemdNotifier.notifyReady(Map.of("NOTIFY_SOCKET", systemd.notifySocket()));
            assertThat(systemd.next(WAIT)).isEqualTo("READY=1");
        }
    }

    @Test
    void anAbstractSocketNameIsReachedToo() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamed("cairn-test-" + UUID.randomUUID())) {
            SystemdNotifier.notifyReady(Map.of("NOTIFY_SOCKET", systemd.notifySocket()));
            assertThat(systemd.next(WAIT)).isEqualTo("READY=1");
        }
    }

    @Test
    void aSocketNobodyListensOnIsNotFatal() {
        SystemdNotifier.notifyReady(Map.of("NOTIFY_SOCKET", dir.resolve("nobody").toString()));
        SystemdNotifier.notifyReady(Map.of("NOTIFY_SOCKET", "relative/path"));
    }

    @Test
    void onlyAbsolutePathsAndAbstractNamesAreSocketAddresses() {
        assertThat(NotifySocket.address("/run/systemd/notify").path()).isEqualTo("/run/systemd/notify");
        assertThat(NotifySocket.address("@abc").path()).isEqualTo("\0abc");
        assertThatThrownBy(() -> NotifySocket.address("run/notify"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOTIFY_SOCKET=run/notify");
        assertThatThrownBy(() -> NotifySocket.address("@")).isInstanceOf(IllegalArgumentException.class);
    }
}
