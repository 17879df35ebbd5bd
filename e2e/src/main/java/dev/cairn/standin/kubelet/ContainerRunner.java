package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one container of a pod as a local process group and keeps its status: start, probes (startup, then
 * readiness and liveness), exit, restart per the restart policy with exponential back-off, termination message.
 * Back-off starts at 1 s and doubles up to 10 s (Kubernetes: 10 s doubling to 5 min; shorter suits a test
 * harness), and starts over after a run that lasted 10 s or more. An init container runs until it succeeds.
 */
final class ContainerRunner {

    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final int MAX_MESSAGE_FILE_BYTES = 4096;
    private static final long LOG_DRAIN_MILLIS = 5_000;

    private final Pod pod;
    private final Container container;
    private final boolean init;
    private final String podIp;
    private final PodDirs dirs;
    private final Map<String, Path> volumes;
    private final ContainerSetup setup;
    private final Runnable changed;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    // Guarded by this.
    private ContainerState state;
    private ContainerState lastState = new ContainerState();
    private int restartCount;
    private boolean ready;
    private boolean started;
    private Process process;
    private List<ProbeLoop> probes = List.of();
    private Duration stopGrace;
    private String killedBecause;
    private boolean heldDown;

    ContainerRunner(Pod pod, Container container, boolean init, String podIp, PodDirs dirs, Map<String, Path> volumes,
                    ContainerSetup setup, Runnable changed) {
        this.pod = pod;
        this.container = container;
        this.init = init;
        this.podIp = podIp;
        this.dirs = dirs;
        this.volumes = volumes;
        this.setup = setup;
        this.changed = changed;
        this.state = waiting("PodInitializing", null);
    }

    /**
     * Runs the container until it is done for good: an init container once it succeeded (or failed under
     * restartPolicy Never), a regular one per the restart policy. Returns the last exit code, or empty when
     * stopped before one is final.
     */
    OptionalInt run() throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        while (awaitRelease()) {
            Run run = launch();
            if (run == null) {
                if (awaitStop(backoff)) {
                    return OptionalInt.empty();
                }
                backoff = next(backoff);
                continue;
            }
            int exitCode = run.process().waitFor();
            if (Duration.between(run.startedAt(), Instant.now()).compareTo(MAX_BACKOFF) >= 0) {
                backoff = FIRST_BACKOFF;
            }
            boolean restart = exited(run, exitCode, backoff);
            if (!restart) {
                return stopRequested() ? OptionalInt.empty() : OptionalInt.of(exitCode);
            }
            if (awaitStop(backoff)) {
                return OptionalInt.empty();
            }
            backoff = next(backoff);
            synchronized (this) {
                restartCount++;
            }
        }
        return OptionalInt.empty();
    }

    /** One run of the container's process. */
    private record Run(Process process, ContainerLog log, ContainerSetup.Launch launch, Instant startedAt) {
    }

    /** Starts the process, or records why it cannot be (waiting state) and returns null. */
    private Run launch() throws InterruptedException {
        try {
            ContainerSetup.Launch launch = setup.prepare(dirs, pod, container, podIp, volumes);
            Process process = ProcessGroups.start(launch.commandLine(), launch.environment(), launch.workingDir());
            ContainerLog log;
            try {
                log = ContainerLog.start(dirs.container(container.getName()), container.getName(),
                        process.getInputStream());
            } catch (IOException e) {
                ProcessGroups.killGroup(process);
                throw e;
            }
            Run run = new Run(process, log, launch, Instant.now());
            running(run);
            return run;
        } catch (ContainerConfigException e) {
            update(waiting(e.reason(), e.getMessage()));
        } catch (IOException e) {
            update(waiting("RunContainerError", e.getMessage()));
        }
        return null;
    }

    /**
     * Tears down what is left of the run (the process group, the probes), records its termination, and decides
     * whether the container restarts.
     */
    private boolean exited(Run run, int exitCode, Duration backoff) throws InterruptedException {
        List<ProbeLoop> loops;
        synchronized (this) {
            process = null;
            ready = false;
            started = false;
            loops = probes;
            probes = List.of();
        }
        loops.forEach(ProbeLoop::stop);
        ProcessGroups.killGroup(run.process());
        run.log().awaitDrained(LOG_DRAIN_MILLIS);
        ContainerStateTerminated terminated = terminated(exitCode, run);
        boolean restart = !stopRequested() && restarts(exitCode);
        synchronized (this) {
            if (restart) {
                lastState = new ContainerStateBuilder().withTerminated(terminated).build();
                state = waiting("CrashLoopBackOff", "back-off " + backoff.toSeconds() + "s restarting failed"
                        + " container=" + container.getName() + " pod=" + pod.getMetadata().getName());
            } else {
                state = new ContainerStateBuilder().withTerminated(terminated).build();
            }
        }
        changed.run();
        return restart;
    }

    /** Stops the container for good (pod deletion): SIGTERM, {@code grace}, SIGKILL; no restart afterwards. */
    void stop(Duration grace) throws InterruptedException {
        Process current;
        synchronized (this) {
            stopGrace = grace;
            current = process;
            // Under the same lock as reading the process: a run starting now either is seen here or sees the stop.
            stopRequested.countDown();
            notifyAll();
        }
        if (current != null) {
            ProcessGroups.terminate(current, grace);
        }
    }

    /**
     * As a failed node: SIGKILL to the process group at once, and no restart until {@link #release()}. The exit is
     * recorded as any other; the restart waits in {@link #run()}.
     */
    void holdDown() {
        Process current;
        synchronized (this) {
            heldDown = true;
            current = process;
        }
        if (current != null) {
            ProcessGroups.killGroup(current);
        }
    }

    /** Lets a held-down container start again (after its restart back-off). */
    synchronized void release() {
        heldDown = false;
        notifyAll();
    }

    /** Blocks while the container is held down; false once it is stopped for good. */
    private boolean awaitRelease() throws InterruptedException {
        synchronized (this) {
            while (heldDown && !stopRequested()) {
                wait();
            }
        }
        return !stopRequested();
    }

    synchronized OptionalLong pid() {
        return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
    }

    synchronized boolean ready() {
        return ready;
    }

    synchronized ContainerStatus status() {
        return new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID(container.getImage() == null ? "" : "stand-in://" + container.getImage())
                .withContainerID(process == null ? null : "stand-in://" + process.pid())
                .withState(state)
                .withLastState(lastState)
                .withReady(ready)
                .withStarted(init ? null : started)
                .withRestartCount(restartCount)
                .build();
    }

    private boolean restarts(int exitCode) {
        String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        if (init) {
            return exitCode != 0 && !policy.equals("Never");
        }
        return switch (policy) {
            case "Never" -> false;
            case "OnFailure" -> exitCode != 0;
            default -> true;
        };
    }

    private void running(Run run) {
        Process current = run.process();
        boolean stopNow;
        synchronized (this) {
            process = current;
            state = new ContainerStateBuilder().withNewRunning().withStartedAt(timestamp(run.startedAt()))
                    .endRunning().build();
            stopNow = stopRequested();
        }
        if (stopNow) {
            // Stop arrived between the start and now: it saw no process to signal.
            terminateQuietly(current, stopGraceOrDefault());
            return;
        }
        if (init) {
            changed.run();
            return;
        }
        startProbes(current, run.launch());
        changed.run();
    }

    private void startProbes(Process current, ContainerSetup.Launch launch) {
        Probe startup = container.getStartupProbe();
        if (startup == null) {
            afterStartup(current, launch);
            return;
        }
        addProbes(current, List.of(ProbeLoop.untilSuccess(probeName("startup"), startup, check(startup, launch),
                (passing, message) -> {
                    if (passing) {
                        afterStartup(current, launch);
                    } else {
                        kill(current, "startup probe failed: " + message);
                    }
                })));
    }

    private void afterStartup(Process current, ContainerSetup.Launch launch) {
        List<ProbeLoop> loops = new ArrayList<>();
        Probe readiness = container.getReadinessProbe();
        Probe liveness = container.getLivenessProbe();
        synchronized (this) {
            if (process != current) {
                return;
            }
            this.started = true;
            ready = readiness == null;
        }
        if (readiness != null) {
            loops.add(ProbeLoop.start(probeName("readiness"), readiness, check(readiness, launch),
                    (passing, message) -> {
                        synchronized (this) {
                            if (process != current) {
                                return;
                            }
                            ready = passing;
                        }
                        changed.run();
                    }));
        }
        if (liveness != null) {
            loops.add(ProbeLoop.start(probeName("liveness"), liveness, check(liveness, launch), (passing, message) -> {
                if (!passing) {
                    kill(current, "liveness probe failed: " + message);
                }
            }));
        }
        addProbes(current, loops);
        changed.run();
    }

    /** Keeps the loops to stop with this run, or stops them at once if the run is already over. */
    private void addProbes(Process current, List<ProbeLoop> loops) {
        synchronized (this) {
            if (process == current) {
                List<ProbeLoop> all = new ArrayList<>(probes);
                all.addAll(loops);
                probes = List.copyOf(all);
                return;
            }
        }
        loops.forEach(ProbeLoop::stop);
    }

    private ProbeCheck check(Probe probe, ContainerSetup.Launch launch) {
        return new ProbeCheck(probe, container, podIp, (command, timeout) -> {
            Process exec = ProcessGroups.start(launch.commandLineOf(command), launch.environment(),
                    launch.workingDir());
            exec.getInputStream().close();
            try {
                if (!exec.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return -1;
                }
                return exec.exitValue();
            } finally {
                ProcessGroups.killGroup(exec);
            }
        });
    }

    /** A failed startup or liveness probe: the container is killed and restarted per the restart policy. */
    private void kill(Process current, String why) {
        synchronized (this) {
            if (process != current) {
                return;
            }
            killedBecause = why;
        }
        terminateQuietly(current, stopGraceOrDefault());
    }


    private ContainerStateTerminated terminated(int exitCode, Run run) {
        String message = terminationMessage(exitCode, run.launch().terminationMessageFile(), run.log());
        synchronized (this) {
            if (message.isEmpty() && killedBecause != null) {
                message = killedBecause;
            }
            killedBecause = null;
        }
        return new ContainerStateTerminatedBuilder()
                .withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error")
                .withMessage(message.isEmpty() ? null : message)
                .withStartedAt(timestamp(run.startedAt()))
                .withFinishedAt(timestamp(Instant.now()))
                .withContainerID("stand-in://" + run.process().pid())
                .build();
    }

    /**
     * The terminationMessagePath file's content; with FallbackToLogsOnError and a non-zero exit, the log's tail
     * when the file is empty.
     */
    private String terminationMessage(int exitCode, Path file, ContainerLog log) {
        try {
            String fromFile = Files.exists(file)
                    ? new String(ContainerLog.lastBytes(file, MAX_MESSAGE_FILE_BYTES), StandardCharsets.UTF_8) : "";
            if (!fromFile.isEmpty() || exitCode == 0
                    || !"FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())) {
                return fromFile;
            }
            return log.tail();
        } catch (IOException e) {
            return "cannot read the termination message: " + e.getMessage();
        }
    }

    private void update(ContainerState newState) {
        synchronized (this) {
            state = newState;
        }
        changed.run();
    }

    private boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    private boolean awaitStop(Duration delay) throws InterruptedException {
        return stopRequested.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized Duration stopGraceOrDefault() {
        if (stopGrace != null) {
            return stopGrace;
        }
        Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
        return Duration.ofSeconds(grace == null ? 30 : Math.max(0, grace));
    }

    private static void terminateQuietly(Process process, Duration grace) {
        Thread.ofVirtual().name("terminate-" + process.pid()).start(() -> {
            try {
                ProcessGroups.terminate(process, grace);
            } catch (InterruptedException e) {
                ProcessGroups.killGroup(process);
            }
        });
    }

    private String probeName(String kind) {
        return kind + "-" + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/"
                + container.getName();
    }

    private static Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                .build();
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
