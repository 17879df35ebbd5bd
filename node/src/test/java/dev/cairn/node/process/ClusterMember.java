package dev.cairn.node.process;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One member of a test cluster as a real process (etcd or cairn): started with etcd flags and {@code ETCD_*}
 * variables, stopped with SIGTERM, killed with SIGKILL, restarted with the same command and data. Every start
 * appends to the member's one log file.
 */
final class ClusterMember {
    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_TAIL_BYTES = 16 * 1024;
    private static final int MAX_LOG_READ_BYTES = 8 << 20;

    private final String name;
    private final MemberEndpoints endpoints;
    private final Path dataDir;
    private final Path logFile;
    private final Path scratchDir;
    private final List<String> clientLaunchPrefix;
    private List<String> command;
    private Map<String, String> environment;
    private volatile Process process;

    ClusterMember(String name, MemberEndpoints endpoints, Path baseDir, List<String> clientLaunchPrefix) {
        this.name = name;
        this.endpoints = endpoints;
        this.clientLaunchPrefix = List.copyOf(clientLaunchPrefix);
        try {
            Path base = Files.createDirectories(baseDir.resolve(name));
            this.dataDir = base.resolve("data");
            this.logFile = base.resolve("member.log");
            this.scratchDir = Files.createDirectories(base.resolve("scratch"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the directory of member " + name, e);
        }
    }

    /** Starts {@code launcher + flags} through the member's launch prefix with the given {@code ETCD_*} variables. */
    synchronized void start(List<String> launcher, List<String> flags, Map<String, String> env) {
        if (isAlive()) {
            throw new IllegalStateException("member " + name + " is already running (pid " + process.pid() + ")");
        }
        List<String> full = new ArrayList<>(endpoints.launchPrefix());
        full.addAll(launcher);
        full.addAll(flags);
        command = List.copyOf(full);
        environment = Map.copyOf(env);
        launch();
    }

    /** Starts again with the command and variables of the last start, on the same data dir. */
    Path logFile() {
        return logFile;
    }

    synchronized void restart() {
        if (command == null) {
            throw new IllegalStateException("member " + name + " was never started");
        }
        if (isAlive()) {
            throw new IllegalStateException("member " + name + " is still running");
        }
        launch();
    }

    private void launch() {
        try {
            Files.writeString(logFile, "=== [harness] start: " + String.join(" ", command) + " env " + environment
                    + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().keySet().removeIf(key -> key.startsWith("ETCD"));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start member " + name + " with " + command, e);
        }
    }

    /** Polls {@code etcdctl endpoint health} on this member until it succeeds; fails at once if it exits. */
    void awaitHealthy() {
        Etcdctl ctl = ctl();
        await(name + " healthy on " + endpoints.clientUrl())
                .atMost(HEALTHY_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!isAlive()) {
                        throw new IllegalStateException(name + " exited with code " + process.exitValue()
                                + " before becoming healthy; log tail:\n" + logTail());
                    }
                    return ctl.run(List.of("endpoint", "health"), "").exitCode() == 0;
                });
    }

    /** Graceful stop (SIGTERM), waiting a bounded time for the process to exit. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        awaitGone("SIGTERM");
    }

    /** {@code kill -9}: the process gets no chance to flush or say goodbye. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitGone("SIGKILL");
    }

    /** SIGSTOP: the member keeps its sockets but does nothing, like a hung machine, until {@link #resume()}. */
    synchronized void pause() {
        signal("STOP");
    }

    synchronized void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (!isAlive()) {
            throw new IllegalStateException("member " + this.name + " is not running");
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + name, Long.toString(process.pid())));
        process.descendants().forEach(child -> command.add(Long.toString(child.pid())));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + this.name, e);
        }
    }

    private void awaitGone(String signal) {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(name + " (pid " + process.pid() + ") ignored " + signal + " for "
                        + STOP_TIMEOUT + "; killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + name, e);
        }
    }

    /** The exit code once the process has exited by itself within {@code within}; fails if it is still running. */
    int awaitExit(Duration within) {
        try {
            if (process == null || !process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still running after " + within + "; log tail:\n" + logTail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Deletes the member's data dir (the member must not be running). */
    void wipeData() {
        if (isAlive()) {
            throw new IllegalStateException("cannot wipe the data of running member " + name);
        }
        if (!Files.exists(dataDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dataDir, e);
        }
    }

    /** etcdctl aimed at this member's advertised client URL. */
    Etcdctl ctl() {
        return ctl(Duration.ofSeconds(5));
    }

    /** {@link #ctl()} with another {@code --command-timeout}. */
    Etcdctl ctl(Duration commandTimeout) {
        return new Etcdctl(endpoints.clientUrl(), scratchDir,
                List.of("--dial-timeout=2s", "--command-timeout=" + commandTimeout.toMillis() + "ms"),
                clientLaunchPrefix);
    }

    /** etcdctl run beside the member (through its launch prefix) on its first local client URL. */
    Etcdctl localCtl(Duration commandTimeout) {
        if (endpoints.localClientUrls().isEmpty()) {
            throw new IllegalStateException("member " + name + " has no local client URL");
        }
        return new Etcdctl(endpoints.localClientUrls().getFirst(), scratchDir,
                List.of("--dial-timeout=2s", "--command-timeout=" + commandTimeout.toMillis() + "ms"),
                endpoints.launchPrefix());
    }

    String name() {
        return name;
    }

    MemberEndpoints endpoints() {
        return endpoints;
    }

    Path dataDir() {
        return dataDir;
    }

    Path scratchDir() {
        return scratchDir;
    }

    /** The whole log (bounded), for looking for a message. */
    String log() {
        return readLog(0, MAX_LOG_READ_BYTES);
    }

    String logTail() {
        return readLog(-1, LOG_TAIL_BYTES);
    }

    private String readLog(long from, int maxBytes) {
        try (RandomAccessFile log = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = from >= 0 ? from : Math.max(0, log.length() - maxBytes);
            byte[] bytes = new byte[(int) Math.min(maxBytes, log.length() - start)];
            log.seek(start);
            log.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "[log unreadable: " + e.getMessage() + "]";
        }
    }

    @Override
    public String toString() {
        return name + "(" + endpoints.clientUrl() + ")";
    }
}
