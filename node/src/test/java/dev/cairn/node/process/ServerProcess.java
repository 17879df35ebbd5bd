package dev.cairn.node.process;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One etcd-compatible server (real etcd or cairn) started as a single-member cluster on loopback with etcd's
 * command-line flags, a fresh data dir and its own log file.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final int LOG_TAIL_BYTES = 8 * 1024;

    private final String label;
    private final String clientScheme;
    private final int clientPort;
    private final int peerPort;
    private final Path dataDir;
    private final Path logFile;
    private final Process process;

    private ServerProcess(String label, String clientScheme, int clientPort, int peerPort, Path dataDir, Path logFile,
                          Process process) {
        this.label = label;
        this.clientScheme = clientScheme;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.process = process;
    }

    /** Starts {@code launcher + etcd flags}; the caller waits for readiness with {@link #awaitReady}. */
    static ServerProcess start(String label, List<String> launcher, Path workDir) {
        return start(label, launcher, workDir, "http", List.of());
    }

    /** Starts with the client URL in the given scheme and extra flags (such as TLS files) after the usual ones. */
    static ServerProcess start(String label, List<String> launcher, Path workDir, String clientScheme,
                               List<String> extraFlags) {
        return start(label, launcher, workDir, clientScheme, extraFlags, Map.of());
    }

    /** As {@link #start(String, List, Path, String, List)}, with these variables added to the environment. */
    static ServerProcess start(String label, List<String> launcher, Path workDir, String clientScheme,
                               List<String> extraFlags, Map<String, String> environment) {
        List<Integer> ports = FreePorts.pick(2);
        int clientPort = ports.get(0);
        int peerPort = ports.get(1);
        String clientUrl = clientScheme + "://127.0.0.1:" + clientPort;
        String peerUrl = "http://127.0.0.1:" + peerPort;
        try {
            Path base = Files.createDirectories(workDir.resolve(label));
            Path dataDir = base.resolve("data");
            Path logFile = base.resolve("server.log");
            List<String> command = new ArrayList<>(launcher);
            command.addAll(List.of(
                    "--name", "n1",
                    "--data-dir", dataDir.toString(),
                    "--listen-client-urls", clientUrl,
                    "--advertise-client-urls", clientUrl,
                    "--listen-peer-urls", peerUrl,
                    "--initial-advertise-peer-urls", peerUrl,
                    "--initial-cluster", "n1=" + peerUrl));
            command.addAll(extraFlags);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new ServerProcess(label, clientScheme, clientPort, peerPort, dataDir, logFile, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label + " with " + launcher, e);
        }
    }

    /** Polls {@code etcdctl endpoint health} until it succeeds; fails at once if the process exits. */
    void awaitReady(Etcdctl etcdctl) {
        await(label + " ready on " + endpoint())
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(label + " exited with code " + process.exitValue()
                                + " before becoming ready; log tail:\n" + logTail());
                    }
                    return etcdctl.run(List.of("endpoint", "health"), "").exitCode() == 0;
                });
    }

    String label() {
        return label;
    }

    String endpoint() {
        return clientScheme + "://127.0.0.1:" + clientPort;
    }

    int clientPort() {
        return clientPort;
    }

    int peerPort() {
        return peerPort;
    }

    Path dataDir() {
        return dataDir;
    }

    String logTail() {
        try (RandomAccessFile log = new RandomAccessFile(logFile.toFile(), "r")) {
            long from = Math.max(0, log.length() - LOG_TAIL_BYTES);
            byte[] tail = new byte[(int) (log.length() - from)];
            log.seek(from);
            log.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "[log unreadable: " + e.getMessage() + "]";
        }
    }

    /** Kills the process and anything it spawned, waiting a bounded time for it to go. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(label + " (pid " + process.pid() + ") did not exit after kill");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
