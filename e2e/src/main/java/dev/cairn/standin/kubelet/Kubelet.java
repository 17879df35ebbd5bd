package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The stand-in's only node: watches every pod in the API and runs it as local processes (see {@link PodWorker}),
 * and keeps the cluster DNS hosts file current from pods and Services. Pods are not scheduled: every pod is this
 * node's, and {@code spec.nodeName} is left as written (fieldRef {@code spec.nodeName} reads {@value #NODE_NAME}).
 */
public final class Kubelet implements AutoCloseable {

    /** The node's name, as fieldRef spec.nodeName shows it. */
    static final String NODE_NAME = "stand-in";
    /** The node's address, status.hostIP. */
    static final String HOST_IP = "127.0.0.1";

    private static final System.Logger LOG = System.getLogger(Kubelet.class.getName());

    private final KubernetesClient client;
    private final KubeletSettings settings;
    private final KubeletParts parts;
    private final HostsFile hosts;

    // Guarded by this.
    private final Map<String, PodWorker> workersByUid = new HashMap<>();
    private final Map<String, PodWorker> latestByName = new HashMap<>();
    private final List<CompletableFuture<Void>> stopping = new ArrayList<>();
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Service> services;
    private boolean closed;

    public Kubelet(KubernetesClient client, KubeletSettings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.parts = new KubeletParts(settings, PodIps.onRandomNetwork(), new PodVolumes(client, settings.workDir()),
                new ContainerSetup(settings, new ContainerEnv(client)), new PodStatusWriter(client));
        this.hosts = new HostsFile(settings.hostsFile());
    }

    /** Writes the hosts file, then watches pods (all namespaces) and Services; returns once both are synced. */
    public synchronized void start() {
        if (pods != null || closed) {
            throw new IllegalStateException("the kubelet starts once");
        }
        try {
            Files.createDirectories(settings.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the kubelet's work dir " + settings.workDir(), e);
        }
        hosts.update(List.of(), List.of());
        services = client.services().inAnyNamespace().inform(new DnsRefresh<>(), 0);
        pods = client.pods().inAnyNamespace().inform(new PodEvents(), 0);
    }

    /** The process id of the pod's running container, if it runs. */
    public synchronized OptionalLong pid(String namespace, String pod) {
        PodWorker worker = latestByName.get(namespace + "/" + pod);
        return worker == null || worker.stopping() ? OptionalLong.empty() : worker.pid();
    }

    /**
     * Plays a node failure for one pod: its containers are killed (SIGKILL) and not restarted until
     * {@link #release}; the pod stays in the API, not ready. Only containers already started are held.
     */
    public synchronized void holdDown(String namespace, String pod) {
        running(namespace, pod).holdDown();
    }

    /** Ends {@link #holdDown}: the pod's containers restart (after their restart back-off). */
    public synchronized void release(String namespace, String pod) {
        running(namespace, pod).releaseHold();
    }

    private PodWorker running(String namespace, String pod) {
        PodWorker worker = latestByName.get(namespace + "/" + pod);
        if (worker == null || worker.stopping()) {
            throw new IllegalArgumentException("pod " + namespace + "/" + pod + " does not run here");
        }
        return worker;
    }

    /**
     * The current run's log (stdout and stderr) of a container of the pod, while the pod lives here; for
     * {@code kubectl logs}-like tools and for reading why a test pod failed.
     */
    public synchronized Optional<Path> logFile(String namespace, String pod, String container) {
        PodWorker worker = latestByName.get(namespace + "/" + pod);
        return worker == null ? Optional.empty() : Optional.of(worker.logFile(container))
                .filter(Files::exists);
    }

    /** Stops watching, then stops every pod's processes (SIGTERM, grace, SIGKILL) and waits for them. */
    @Override
    public void close() {
        List<PodWorker> workers;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (pods != null) {
                pods.close();
                services.close();
            }
            workers = new ArrayList<>(workersByUid.values());
        }
        workers.forEach(worker -> stop(worker, gracePeriod(worker.pod())));
        List<CompletableFuture<Void>> all;
        synchronized (this) {
            all = new ArrayList<>(stopping);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    private synchronized void podChanged(Pod pod) {
        if (closed) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        PodWorker worker = workersByUid.get(uid);
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (worker != null) {
                stop(worker, gracePeriod(pod));
            }
            return;
        }
        if (worker != null || isFinished(pod)) {
            return;
        }
        String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        PodWorker previous = latestByName.get(name);
        CompletableFuture<Void> predecessor = previous == null ? CompletableFuture.completedFuture(null)
                : previous.terminated();
        PodWorker created = new PodWorker(pod, parts, predecessor);
        workersByUid.put(uid, created);
        latestByName.put(name, created);
        created.start();
    }

    private synchronized void podDeleted(Pod pod) {
        PodWorker worker = workersByUid.get(pod.getMetadata().getUid());
        if (worker != null) {
            stop(worker, gracePeriod(pod));
        }
    }

    /** Stops a worker on a thread of its own, so the informer goes on delivering events meanwhile. */
    private synchronized void stop(PodWorker worker, Duration grace) {
        if (worker.stopping()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        stopping.add(done);
        Thread.ofVirtual().name("stop-pod").start(() -> {
            try {
                worker.stop(grace);
                worker.terminated().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                forget(worker, done);
            }
        });
    }

    private synchronized void forget(PodWorker worker, CompletableFuture<Void> done) {
        workersByUid.values().remove(worker);
        latestByName.values().remove(worker);
        stopping.remove(done);
        done.complete(null);
    }

    /** deletionGracePeriodSeconds when the API set one, else the pod's terminationGracePeriodSeconds (30 s). */
    private static Duration gracePeriod(Pod pod) {
        Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (seconds == null) {
            seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        }
        return Duration.ofSeconds(seconds == null ? 30 : Math.max(0, seconds));
    }

    private static boolean isFinished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private void refreshDns() {
        SharedIndexInformer<Pod> podInformer;
        SharedIndexInformer<Service> serviceInformer;
        synchronized (this) {
            podInformer = pods;
            serviceInformer = services;
        }
        if (podInformer == null || serviceInformer == null) {
            return;
        }
        try {
            hosts.update(podInformer.getStore().list(), serviceInformer.getStore().list());
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.ERROR, "the cluster DNS hosts file is stale", e);
        }
    }

    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            podChanged(pod);
            refreshDns();
        }

        @Override
        public void onUpdate(Pod before, Pod pod) {
            podChanged(pod);
            refreshDns();
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            podDeleted(pod);
            refreshDns();
        }
    }

    private final class DnsRefresh<T> implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T object) {
            refreshDns();
        }

        @Override
        public void onUpdate(T before, T object) {
            refreshDns();
        }

        @Override
        public void onDelete(T object, boolean finalStateUnknown) {
            refreshDns();
        }
    }
}
