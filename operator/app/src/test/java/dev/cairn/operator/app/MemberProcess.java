package dev.cairn.operator.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One member (etcd or cairn) as a real process on loopback; its output goes to one log file across starts. */
final class MemberProcess {
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final String listenClientUrl;
    private final String clientUrl;
    private final String peerUrl;
    private final Path dataDir;
    private final Path logFile;
    private Process process;

    MemberProcess(String name, int clientPort, int peerPort, Path baseDir) {
        this.name = name;
        this.listenClientUrl = "https://127.0.0.1:" + clientPort;
        // advertised by name, as members are in Kubernetes: the client then checks the certificate's DNS names
        this.clientUrl = "https://localhost:" + clientPort;
        this.peerUrl = "https://127.0.0.1:" + peerPort;
        try {
            Path base = Files.createDirectories(baseDir.resolve(name));
            this.dataDir = base.resolve("data");
            this.logFile = base.resolve("member.log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the directory of member " + name, e);
        }
    }

    /** Starts {@code launcher} with the flags of this member's identity and addresses plus {@code extraFlags}. */
    synchronized void start(List<String> launcher, String initialCluster, String state, String token,
                            List<String> extraFlags) {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("--name", name, "--data-dir", dataDir.toString(),
                "--listen-client-urls", listenClientUrl, "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", initialCluster, "--initial-cluster-state", state,
                "--initial-cluster-token", token));
        command.addAll(extraFlags);
        try {
            Files.writeString(logFile, "=== [test] start: " + String.join(" ", command) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().keySet().removeIf(key -> key.startsWith("ETCD"));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " with " + command, e);
        }
    }

    /** SIGKILL, waiting a bounded time until the process is gone. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing, like a hung member. */
    synchronized void freeze() {
        if (!isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).start();
            if (!kill.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -STOP " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -STOP", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while freezing " + name, e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    String name() {
        return name;
    }

    String clientUrl() {
        return clientUrl;
    }

    String peerUrl() {
        return peerUrl;
    }

    String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "[log unreadable: " + e.getMessage() + "]";
        }
    }

    @Override
    public String toString() {
        return name + "(" + clientUrl + ")";
    }
}
