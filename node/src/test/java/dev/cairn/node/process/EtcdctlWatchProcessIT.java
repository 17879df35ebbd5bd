package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code etcdctl watch} against real etcd 3.4 and against cairn, each a fresh single-member process with the same
 * writes: the watch output (read until a sentinel value arrives, with a deadline) must be the same.
 */
class EtcdctlWatchProcessIT {
    private static final Path ETCDCTL = Path.of(System.getProperty("diff.etcdctl", "/usr/bin/etcdctl"));
    private static final String SENTINEL = "end";
    private static final List<List<String>> WRITES = List.of(
            List.of("put", "k/a", "1"), List.of("put", "k/b", "2"), List.of("put", "k/a", "3"),
            List.of("del", "k/a"), List.of("put", "other", "x"), List.of("put", "k/a", SENTINEL));

    private static Path workDir;
    private static ServerProcess reference;
    private static ServerProcess candidate;
    private static ServerPair servers;

    @BeforeAll
    static void startServers() throws IOException {
        workDir = ServerPair.newWorkDir("etcdctl-watch-");
        servers = ServerPair.start(workDir);
        reference = servers.reference;
        candidate = servers.candidate;
        for (ServerProcess server : List.of(reference, candidate)) {
            Etcdctl etcdctl = new Etcdctl(server.endpoint(), workDir);
            server.awaitReady(etcdctl);
            for (List<String> write : WRITES) {
                assertThat(etcdctl.run(write, "").exitCode()).isZero();
            }
        }
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void prefixWatchFromARevisionWithPrevKv() throws Exception {
        List<String> args = List.of("watch", "--rev=2", "--prefix", "--prev-kv", "k/");
        String expected = watchUntilSentinel(reference, args);
        assertThat(watchUntilSentinel(candidate, args)).isEqualTo(expected);
        assertThat(expected).startsWith("PUT\nk/a\n1\n");
    }

    @Test
    void singleKeyWatchFromARevision() throws Exception {
        List<String> args = List.of("watch", "--rev=4", "k/a");
        String expected = watchUntilSentinel(reference, args);
        assertThat(watchUntilSentinel(candidate, args)).isEqualTo(expected);
        assertThat(expected).isEqualTo("PUT\nk/a\n3\nDELETE\nk/a\n\nPUT\nk/a\nend\n");
    }

    /** Runs {@code etcdctl watch} until its output's last line is the sentinel value, then stops it. */
    private static String watchUntilSentinel(ServerProcess server, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ETCDCTL.toString(), "--endpoints=" + server.endpoint()));
        command.addAll(args);
        Path out = Files.createTempFile(workDir, "watch", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("ETCDCTL_API", "3");
        Process watch = builder.start();
        try {
            await(server.label() + " watch output").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.readString(out, StandardCharsets.UTF_8).endsWith("\n" + SENTINEL + "\n"));
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            watch.destroy();
            watch.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
