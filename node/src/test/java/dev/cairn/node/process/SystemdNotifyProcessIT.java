package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.systemd.NotifyReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * systemd's {@code Type=notify} readiness, with a test socket in systemd's place: etcd and cairn, started with
 * {@code NOTIFY_SOCKET}, each send {@code READY=1}, and at that moment their client port already answers.
 */
class SystemdNotifyProcessIT {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private static Path workDir;

    @BeforeAll
    static void createWorkDir() throws IOException {
        workDir = ServerPair.newWorkDir("systemd-notify-");
    }

    @Test
    void etcdAndCairnNotifyAnAbsoluteSocketPathWhenTheyServe() throws Exception {
        try (NotifyReceiver etcdSystemd = NotifyReceiver.atPath(workDir.resolve("etcd-notify").toString());
             NotifyReceiver cairnSystemd = NotifyReceiver.atPath(workDir.resolve("cairn-notify").toString())) {
            assertReadyMeansServing("etcd", ServerPair.etcdLauncher(), etcdSystemd);
            assertReadyMeansServing("cairn", ServerPair.cairnLauncher(), cairnSystemd);
        }
    }

    @Test
    void cairnNotifiesAnAbstractSocketName() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamed("cairn-it-" + UUID.randomUUID())) {
            assertReadyMeansServing("cairn-abstract", ServerPair.cairnLauncher(), systemd);
        }
    }

    private static void assertReadyMeansServing(String label, List<String> launcher, NotifyReceiver systemd)
            throws Exception {
        try (ServerProcess server = ServerProcess.start(label, launcher, workDir, "http", List.of(),
                Map.of("NOTIFY_SOCKET", systemd.notifySocket()))) {
            String message = systemd.next(READY_TIMEOUT);
            assertThat(message).as("%s's notification; log tail:%n%s", label, server.logTail()).isEqualTo("READY=1");
            // No polling: READY=1 promises that the client port serves now.
            HttpResponse<String> health = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(server.endpoint() + "/health")).timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("%s /health: %s", label, health.body()).isEqualTo(200);
            CommandOutput put = new Etcdctl(server.endpoint(), workDir, List.of("--dial-timeout=2s",
                    "--command-timeout=5s")).run(List.of("put", "ready", "1"), "");
            assertThat(put.exitCode()).as(put.render()).isZero();
            assertThat(systemd.next(Duration.ZERO)).as("a second notification from %s", label).isNull();
        }
    }
}
