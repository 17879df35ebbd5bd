package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one pod (by uid) on its own virtual thread: waits until an earlier pod of the same name is gone, takes a pod
 * IP, materializes volumes, runs the init containers in order to completion, then the containers, and keeps the
 * pod's status (phase, conditions, container statuses) current in the API.
 */
final class PodWorker {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(10);

    private final Pod pod;
    private final KubeletParts parts;
    private final PodDirs dirs;
    private final CompletableFuture<Void> predecessor;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private final Thread thread;

    // Guarded by this.
    private String podIp;
    private String startTime;
    private String pendingMessage;
    private final List<ContainerRunner> initRunners = new ArrayList<>();
    private final List<ContainerRunner> runners = new ArrayList<>();
    private boolean initialized;
    private String finalPhase;
    private final Map<String, PodCondition> conditions = new HashMap<>();
    private PodStatus published;

    PodWorker(Pod pod, KubeletParts parts, CompletableFuture<Void> predecessor) {
        this.pod = pod;
        this.parts = parts;
        this.dirs = PodDirs.of(parts.settings().workDir(), pod.getMetadata().getUid());
        this.predecessor = predecessor;
        this.thread = Thread.ofVirtual().name("pod-" + key()).unstarted(this::runQuietly);
    }

    void start() {
        thread.start();
    }

    /** Completes once the pod's processes are gone and its address and directories released. */
    CompletableFuture<Void> terminated() {
        return terminated;
    }

    boolean stopping() {
        return stopRequested.isDone();
    }

    Pod pod() {
        return pod;
    }

    Path logFile(String container) {
        return ContainerLog.file(dirs.container(container), container);
    }

    /** The first running container's process id. */
    synchronized OptionalLong pid() {
        for (ContainerRunner runner : runners) {
            OptionalLong pid = runner.pid();
            if (pid.isPresent()) {
                return pid;
            }
        }
        return OptionalLong.empty();
    }

    /** Kills the pod's containers and keeps them down until {@link #release()}, as a failed node would. */
    void holdDown() {
        List<ContainerRunner> containers = containers();
        if (containers.isEmpty()) {
            throw new IllegalStateException("pod " + key() + " has not started its containers yet");
        }
        containers.forEach(ContainerRunner::holdDown);
    }

    /** Lets held-down containers start again. */
    void releaseHold() {
        containers().forEach(ContainerRunner::release);
    }

    private synchronized List<ContainerRunner> containers() {
        return List.copyOf(runners);
    }

    /**
     * Stops the pod: every container gets SIGTERM, {@code grace}, then SIGKILL; then the pod's IP and non-PVC
     * directories are released. Returns when that is done.
     */
    void stop(Duration grace) throws InterruptedException {
        stopRequested.complete(null);
        List<ContainerRunner> all;
        synchronized (this) {
            all = new ArrayList<>(initRunners);
            all.addAll(runners);
        }
        List<Thread> stoppers = new ArrayList<>();
        for (ContainerRunner runner : all) {
            stoppers.add(Thread.ofVirtual().start(() -> {
                try {
                    runner.stop(grace);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread stopper : stoppers) {
            stopper.join();
        }
        thread.join();
    }

    private void runQuietly() {
        try {
            run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            synchronized (this) {
                pendingMessage = "the stand-in's kubelet failed: " + e;
            }
            publish();
        } finally {
            // A finished pod keeps its address and volumes until it is deleted, as on a node.
            awaitStopQuietly();
            release();
        }
    }

    private void run() throws InterruptedException {
        if (!awaitPredecessor() || !takeIp()) {
            return;
        }
        Map<String, Path> volumes = null;
        Duration retry = FIRST_RETRY;
        while (volumes == null) {
            try {
                volumes = parts.volumes().materialize(pod, dirs.volumes());
            } catch (ContainerConfigException | IOException e) {
                synchronized (this) {
                    pendingMessage = e.getMessage();
                }
                publish();
                if (awaitStop(retry)) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
            }
        }
        synchronized (this) {
            pendingMessage = null;
            for (Container container : list(pod.getSpec().getInitContainers())) {
                initRunners.add(runner(container, true, volumes));
            }
            for (Container container : list(pod.getSpec().getContainers())) {
                runners.add(runner(container, false, volumes));
            }
            if (stopping()) {
                return;
            }
        }
        publish();
        for (ContainerRunner init : initRunners) {
            OptionalInt exit = init.run();
            if (exit.isEmpty()) {
                return;
            }
            if (exit.getAsInt() != 0) {
                finish("Failed");
                return;
            }
        }
        synchronized (this) {
            initialized = true;
        }
        publish();
        runContainers();
    }

    private void runContainers() throws InterruptedException {
        List<CompletableFuture<OptionalInt>> exits = new ArrayList<>();
        for (ContainerRunner runner : runners) {
            CompletableFuture<OptionalInt> exit = new CompletableFuture<>();
            Thread.ofVirtual().name("container-" + key()).start(() -> {
                try {
                    exit.complete(runner.run());
                } catch (InterruptedException | RuntimeException e) {
                    exit.completeExceptionally(e);
                }
            });
            exits.add(exit);
        }
        // Every container's runner is awaited, so the pod's thread outlives all of its processes.
        boolean allSucceeded = true;
        boolean stopped = false;
        for (CompletableFuture<OptionalInt> exit : exits) {
            OptionalInt code;
            try {
                code = exit.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("container runner of " + key() + " failed", e.getCause());
            }
            stopped |= code.isEmpty();
            allSucceeded &= code.isPresent() && code.getAsInt() == 0;
        }
        if (!stopped) {
            finish(allSucceeded ? "Succeeded" : "Failed");
        }
    }

    private void finish(String phase) {
        synchronized (this) {
            finalPhase = phase;
        }
        publish();
    }

    private ContainerRunner runner(Container container, boolean init, Map<String, Path> volumes) {
        return new ContainerRunner(pod, container, init, podIp, dirs, volumes, parts.setup(), this::publish);
    }

    /** False when the pod is stopped before its predecessor of the same name is gone. */
    private boolean awaitPredecessor() throws InterruptedException {
        try {
            CompletableFuture.anyOf(predecessor, stopRequested).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return !stopping();
    }

    /** Waits {@code delay} unless the pod is stopped first; true when stopped. */
    private boolean awaitStop(Duration delay) throws InterruptedException {
        try {
            stopRequested.get(delay.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private boolean takeIp() throws InterruptedException {
        String existing = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        String address;
        if (existing != null && !existing.isEmpty() && parts.ips().claim(existing, pod.getMetadata().getUid())) {
            address = existing;
        } else {
            address = parts.ips().allocate(pod.getMetadata().getUid()).orElse(null);
        }
        synchronized (this) {
            podIp = address;
            startTime = ContainerRunner.timestamp(Instant.now());
            if (address == null) {
                pendingMessage = "no free pod IP: the stand-in hands out " + parts.ips().range();
            }
        }
        publish();
        if (address == null) {
            stopRequested.join();
            return false;
        }
        return true;
    }

    /**
     * Writes the pod's status if it changed since the last write; not once the pod is being stopped, as a new pod
     * of the same name may already be waiting for this one to go.
     */
    private synchronized void publish() {
        if (stopping()) {
            return;
        }
        PodStatus status = status();
        if (status.equals(published)) {
            return;
        }
        if (parts.statusWriter().write(pod, status)) {
            published = status;
        }
    }

    private PodStatus status() {
        List<ContainerStatus> initStatuses = initRunners.stream().map(ContainerRunner::status).toList();
        List<ContainerStatus> statuses = runners.stream().map(ContainerRunner::status).toList();
        boolean containersReady = !runners.isEmpty() && runners.stream().allMatch(ContainerRunner::ready);
        String phase = finalPhase != null ? finalPhase : initialized ? "Running" : "Pending";
        PodStatusBuilder status = new PodStatusBuilder()
                .withPhase(phase)
                .withHostIP(Kubelet.HOST_IP)
                .withPodIP(podIp)
                .withStartTime(startTime)
                .withMessage(pendingMessage)
                .withInitContainerStatuses(initStatuses)
                .withContainerStatuses(statuses)
                .withConditions(
                        condition("PodScheduled", true),
                        condition("Initialized", initialized),
                        condition("ContainersReady", containersReady && finalPhase == null),
                        condition("Ready", containersReady && finalPhase == null));
        if (podIp != null) {
            status.withPodIPs(new PodIPBuilder().withIp(podIp).build());
        }
        return status.build();
    }

    /** A condition whose lastTransitionTime moves only when its status does. */
    private PodCondition condition(String type, boolean value) {
        String status = value ? "True" : "False";
        PodCondition previous = conditions.get(type);
        if (previous != null && previous.getStatus().equals(status)) {
            return previous;
        }
        PodCondition condition = new PodConditionBuilder().withType(type).withStatus(status)
                .withLastTransitionTime(ContainerRunner.timestamp(Instant.now())).build();
        conditions.put(type, condition);
        return condition;
    }

    private void awaitStopQuietly() {
        stopRequested.join();
    }

    private void release() {
        try {
            dirs.delete();
        } catch (IOException e) {
            System.getLogger(PodWorker.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot delete the directories of pod " + key() + ": " + e);
        } finally {
            parts.ips().release(pod.getMetadata().getUid());
            terminated.complete(null);
        }
    }

    private String key() {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }
}
