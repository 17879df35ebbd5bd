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
 * {@code etcdctl lock} and {@code etcdctl elect} (etcd's concurrency package over the KV, lease and watch APIs)
 * against real etcd 3.4 and against cairn: the printed lines, lease ids normalized, must be the same, and a second
 * locker or candidate must wait for the first to go.
 */
class EtcdctlLockElectProcessIT {
    private static final Path ETCDCTL = Path.of(System.getProperty("diff.etcdctl", "/usr/bin/etcdctl"));
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static Path workDir;
    private static ServerProcess reference;
    private static ServerProcess candidate;
    private static ServerPair servers;

    @BeforeAll
    static void startServers() throws IOException {
        workDir = ServerPair.newWorkDir("etcdctl-lock-");
        servers = ServerPair.start(workDir);
        reference = servers.reference;
        candidate = servers.candidate;
        for (ServerProcess server : List.of(reference, candidate)) {
            server.awaitReady(new Etcdctl(server.endpoint(), workDir));
        }
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void secondLockerRunsOnlyAfterTheHolderExits() throws Exception {
        String expected = lockHandover(reference);
        assertThat(lockHandover(candidate)).isEqualTo(expected);
        assertThat(expected).isEqualTo("holder: m/<lease>\n\nwaiter: second\n"); // the holder prints a blank line as it exits
    }

    @Test
    void electedLeaderIsObservedAndHandedOver() throws Exception {
        String expected = electionHandover(reference);
        assertThat(electionHandover(candidate)).isEqualTo(expected);
        assertThat(expected).isEqualTo("leader: e/<lease>\np1\nnext: e/<lease>\np2\nobserver: e/<lease>\np1\ne/<lease>\np2\n");
    }

    private static String lockHandover(ServerProcess server) throws Exception {
        Running holder = Running.start(server, List.of("lock", "m"));
        try {
            holder.awaitLines(1);
            try (Running waiter = Running.start(server, List.of("lock", "m", "echo", "second"))) {
                // the waiter's key exists once it queued; it must not have run its command while the holder lives
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                        .until(() -> new Etcdctl(server.endpoint(), workDir)
                                .run(List.of("get", "--prefix", "--keys-only", "m/"), "").stdout().lines()
                                .filter(line -> !line.isEmpty()).count() == 2);
                assertThat(waiter.output()).isEmpty();
                holder.close();
                waiter.awaitLines(1);
                return "holder: " + holder.output() + "waiter: " + waiter.output();
            }
        } finally {
            holder.close();
        }
    }

    private static String electionHandover(ServerProcess server) throws Exception {
        try (Running observer = Running.start(server, List.of("elect", "--listen", "e"))) {
            Running leader = Running.start(server, List.of("elect", "e", "p1"));
            try {
                leader.awaitLines(2);
                observer.awaitLines(2);
                try (Running next = Running.start(server, List.of("elect", "e", "p2"))) {
                    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                            .until(() -> new Etcdctl(server.endpoint(), workDir)
                                    .run(List.of("get", "--prefix", "--keys-only", "e/"), "").stdout().lines()
                                    .filter(line -> !line.isEmpty()).count() == 2);
                    assertThat(next.output()).isEmpty();
                    leader.close();
                    next.awaitLines(2);
                    observer.awaitLines(4);
                    return "leader: " + leader.output() + "next: " + next.output() + "observer: " + observer.output();
                }
            } finally {
                leader.close();
            }
        }
    }

    /** One etcdctl process whose output goes to a file, read with a deadline; closing it interrupts it. */
    private record Running(Process process, Path out) implements AutoCloseable {
        static Running start(ServerProcess server, List<String> args) throws IOException {
            List<String> command = new ArrayList<>(List.of(ETCDCTL.toString(), "--endpoints=" + server.endpoint()));
            command.addAll(args);
            Path out = Files.createTempFile(workDir, "etcdctl", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().put("ETCDCTL_API", "3");
            return new Running(builder.start(), out);
        }

        void awaitLines(int count) {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                    .until(() -> output().lines().count() >= count);
        }

        /** The output so far, lease ids in keys replaced by {@code <lease>}. */
        String output() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8).replaceAll("(?m)^([a-z]+)/[0-9a-f]+$", "$1/<lease>");
        }

        /** etcdctl ends its session (revoking its lease) on SIGTERM. */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
