package dev.cairn.standin.kubelet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A container's processes as one process group: each command is started through {@code setsid}, so the container's
 * main process leads a new session and group, and everything it forks stays in that group even after the main
 * process exits (as a container's processes die with its PID 1). Every live group is also remembered for the JVM's
 * shutdown hook, so no container outlives the stand-in.
 */
final class ProcessGroups {

    private static final long KILL_WAIT_SECONDS = 10;
    private static final Set<Long> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessGroups::killAll, "kubelet-kill-containers"));
    }

    private ProcessGroups() {
    }

    /** Starts {@code commandLine} as the leader of a new process group, stdout and stderr merged. */
    static Process start(List<String> commandLine, Map<String, String> environment, Path workingDir)
            throws IOException {
        List<String> line = new ArrayList<>();
        line.add("setsid");
        line.addAll(commandLine);
        ProcessBuilder builder = new ProcessBuilder(line)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        LIVE.add(process.pid());
        return process;
    }

    /**
     * Stops a container: SIGTERM to its main process, up to {@code grace} for it to exit, then SIGKILL to the whole
     * group (and any descendant that left it); returns once the main process is gone.
     */
    static void terminate(Process process, Duration grace) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        }
        killGroup(process);
        // SIGKILL cannot be ignored; the wait only covers the kernel reaping the process.
        process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** SIGKILL to the container's group and descendants; called once its main process is gone or must go. */
    static void killGroup(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        signalGroup(process.pid());
        process.destroyForcibly();
        LIVE.remove(process.pid());
    }

    private static void signalGroup(long groupId) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", "KILL", "--", "-" + groupId)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill for process group " + groupId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void killAll() {
        for (Long groupId : LIVE) {
            ProcessHandle.of(groupId).ifPresent(handle -> {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            });
            signalGroup(groupId);
        }
    }
}
