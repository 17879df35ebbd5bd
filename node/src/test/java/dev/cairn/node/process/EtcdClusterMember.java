package dev.cairn.node.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One member process of an {@link EtcdProcessCluster}: its name, URLs, data dir and log, and the process. */
final class EtcdClusterMember {
    private static final int LOG_TAIL_BYTES = 8 * 1024;

    private final String name;
    private final int clientPort;
    private final int peerPort;
    private final Path logFile;
    private Process process;
    private boolean killed;

    EtcdClusterMember(String name, int clientPort, int peerPort, Path logFile) {
        this.name = name;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.logFile = logFile;
    }

    String name() {
        return name;
    }

    String clientUrl() {
        return "http://127.0.0.1:" + clientPort;
    }

    String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    /** Starts {@code launcher} with etcd's flags for this member of {@code initialCluster}, then {@code extraFlags}. */
    void start(List<String> launcher, Path dataDir, String initialCluster, String clusterToken,
               List<String> extraFlags) {
        if (process != null) {
            throw new IllegalStateException(name + " was started already");
        }
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(
                "--name", name,
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", clientUrl(),
                "--advertise-client-urls", clientUrl(),
                "--listen-peer-urls", peerUrl(),
                "--initial-advertise-peer-urls", peerUrl(),
                "--initial-cluster", initialCluster,
                "--initial-cluster-state", "new",
                "--initial-cluster-token", clusterToken));
        command.addAll(extraFlags);
        try {
            Files.createDirectories(logFile.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start member " + name + " with " + launcher, e);
        }
    }

    /** Whether {@link #kill()} was called: a member that exited otherwise has crashed. */
    boolean killed() {
        return killed;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Fails with the log's tail when the process has exited: waiting for it to serve would be pointless. */
    void requireAlive() {
        if (!alive()) {
            throw new IllegalStateException("member " + name + " is not running"
                    + (process == null ? "" : " (exit code " + process.exitValue() + ")") + "; log tail:\n"
                    + logTail());
        }
    }

    /** SIGKILL (kill -9), with everything the process spawned, and waits a bounded time for it to go. */
    void kill() {
        killed = true;
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") did not exit after kill");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
}
