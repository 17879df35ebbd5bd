package dev.cairn.node.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A single-member {@code cairn} started as a real process from the built jar over a data dir that outlives it, so
 * a test can kill it with SIGKILL and start it again on the same data.
 */
final class CairnMemberProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path logFile;
    private final int clientPort;

    private CairnMemberProcess(Process process, Path logFile, int clientPort) {
        this.process = process;
        this.logFile = logFile;
        this.clientPort = clientPort;
    }

    /** Starts a member; {@code logFile} should be new for each start, the readiness check reads it. */
    static CairnMemberProcess start(Path dataDir, int clientPort, int peerPort, Path logFile) {
        return start(dataDir, clientPort, peerPort, logFile, List.of());
    }

    /** As {@link #start(Path, int, int, Path)}, with more flags after the cluster's. */
    static CairnMemberProcess start(Path dataDir, int clientPort, int peerPort, Path logFile, List<String> flags) {
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", cairnJar(),
                "--name", "crash", "--data-dir", dataDir.toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "crash=" + peer));
        command.addAll(flags);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start();
            return new CairnMemberProcess(process, logFile, clientPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the log line etcd also prints once it serves; fails at once if the process exits first. */
    CairnMemberProcess awaitReady() {
        await("cairn ready on port " + clientPort).atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("cairn exited with " + process.exitValue() + ":\n" + log());
            }
            return log().contains("ready to serve client requests");
        });
        return this;
    }

    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    Process process() {
        return process;
    }

    String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGKILL: no shutdown hook, no flush, exactly what a crash does to the process. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("cairn did not die after SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String cairnJar() {
        String jar = System.getProperty("cairn.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property cairn.jar must name the built jar (mvn verify sets it), got " + jar);
        }
        return jar;
    }
}
