package dev.cairn.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plays what the mock API server lacks: the StatefulSet controller (claims {@code data-<sts>-<i>} and pods
 * {@code <sts>-<i>} for the StatefulSet's replicas, pods recreated when deleted, pods past the size deleted, claims
 * kept until their pod is gone as the pvc-protection finalizer does), the kubelet (pod readiness, a container's
 * last termination message) and the member processes on them, against a {@link FakeEtcdCluster}. A volume's data
 * directory is keyed by its claim's uid, so a recreated claim is an empty directory. A member with an empty data
 * directory reads the bootstrap ConfigMap as its pod's environment would: it forms the cluster with the other
 * members of a {@code new} initial cluster, joins as the member added with its peer URL for {@code existing},
 * and refuses to start ({@value VolumeStates#DATA_DIR_EMPTY}) if it was started before. A new pod's container
 * starts one tick after the pod is created, as a real one takes a moment to be scheduled.
 */
final class StatefulSetSimulator implements AutoCloseable {

    static final String PVC_PROTECTION = "kubernetes.io/pvc-protection";

    private final KubernetesClient client;
    private final String namespace;
    private final String statefulSet;
    private final String scheme;
    private final FakeEtcdCluster etcd;
    private final Map<String, Long> dataDirs = new HashMap<>();
    private final Map<String, String> claimOfPod = new HashMap<>();
    private final Set<String> crashedPods = new HashSet<>();
    private final List<String> podsCreated = new ArrayList<>();
    private int mostMembersDown;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "statefulset-simulator");
        thread.setDaemon(true);
        return thread;
    });

    StatefulSetSimulator(KubernetesClient client, String namespace, String statefulSet, boolean tls,
                         FakeEtcdCluster etcd) {
        this.client = client;
        this.namespace = namespace;
        this.statefulSet = statefulSet;
        this.scheme = tls ? "https" : "http";
        this.etcd = etcd;
    }

    void start() {
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, 50, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    /** The first unexpected failure of a tick, if any (a conflict with the operator's own writes is expected). */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** The member process of this pod dies and stays down (its pod keeps running); a new pod runs normally. */
    synchronized void crash(String pod) {
        crashedPods.add(client.pods().inNamespace(namespace).withName(pod).get().getMetadata().getUid());
    }

    /** The crashed member process of this pod starts again. */
    synchronized void restart(String pod) {
        crashedPods.remove(client.pods().inNamespace(namespace).withName(pod).get().getMetadata().getUid());
    }

    /** The volume is lost: claim and pod go, the StatefulSet recreates both, with an empty data directory. */
    synchronized void loseVolume(String pod) {
        client.pods().inNamespace(namespace).withName(pod).delete();
        client.persistentVolumeClaims().inNamespace(namespace).withName("data-" + pod).edit(claim -> {
            claim.getMetadata().setFinalizers(List.of());
            return claim;
        });
        client.persistentVolumeClaims().inNamespace(namespace).withName("data-" + pod).delete();
    }

    /** The most members of the StatefulSet's size that were down at one tick since the last call. */
    synchronized int takeMostMembersDown() {
        int most = mostMembersDown;
        mostMembersDown = 0;
        return most;
    }

    /** Names of the pods created since the start, in order (one entry per creation). */
    synchronized List<String> podsCreated() {
        return List.copyOf(podsCreated);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (KubernetesClientException conflictOrGone) {
            // The operator deleted or changed an object under this tick; the next tick sees the new state.
        } catch (Throwable unexpected) {
            failure.compareAndSet(null, unexpected);
        }
    }

    synchronized void tick() {
        etcd.tick();
        StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(statefulSet).get();
        if (set == null) {
            return;
        }
        int replicas = set.getSpec().getReplicas();
        Map<Integer, Pod> pods = byOrdinal(client.pods().inNamespace(namespace).list().getItems(), statefulSet + "-");
        Map<Integer, PersistentVolumeClaim> claims = byOrdinal(
                client.persistentVolumeClaims().inNamespace(namespace).list().getItems(), "data-" + statefulSet + "-");
        pods.forEach((ordinal, pod) -> {
            if (ordinal >= replicas) {
                client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
            }
        });
        pods.keySet().removeIf(ordinal -> ordinal >= replicas);
        claims.forEach((ordinal, claim) -> {
            boolean podUsesIt = pods.containsKey(ordinal)
                    && claim.getMetadata().getUid().equals(claimOfPod.get(pods.get(ordinal).getMetadata().getUid()));
            if (claim.getMetadata().getDeletionTimestamp() != null && !podUsesIt) {
                client.persistentVolumeClaims().inNamespace(namespace).withName(claim.getMetadata().getName())
                        .edit(c -> {
                            c.getMetadata().setFinalizers(List.of());
                            return c;
                        });
            }
        });
        Set<String> starting = new HashSet<>();
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            PersistentVolumeClaim claim = claims.get(ordinal);
            if (claim == null) {
                claim = createClaim(set, ordinal);
            }
            if (claim.getMetadata().getDeletionTimestamp() == null && !pods.containsKey(ordinal)) {
                Pod created = createPod(set, ordinal, claim);
                pods.put(ordinal, created);
                starting.add(created.getMetadata().getUid());
            }
        }
        int up = runMembers(pods, starting);
        mostMembersDown = Math.max(mostMembersDown, replicas - up);
    }

    private PersistentVolumeClaim createClaim(StatefulSet set, int ordinal) {
        PersistentVolumeClaim template = set.getSpec().getVolumeClaimTemplates().getFirst();
        return client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(template.getMetadata().getName() + "-" + statefulSet + "-" + ordinal)
                .withNamespace(namespace)
                .withLabels(template.getMetadata().getLabels())
                .withFinalizers(PVC_PROTECTION)
                .endMetadata()
                .withSpec(template.getSpec())
                .build()).create();
    }

    private Pod createPod(StatefulSet set, int ordinal, PersistentVolumeClaim claim) {
        String name = statefulSet + "-" + ordinal;
        Pod pod = client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(set.getSpec().getTemplate().getMetadata().getLabels())
                .withAnnotations(set.getSpec().getTemplate().getMetadata().getAnnotations())
                .endMetadata()
                .withSpec(set.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Pending").endStatus()
                .build()).create();
        claimOfPod.put(pod.getMetadata().getUid(), claim.getMetadata().getUid());
        podsCreated.add(name);
        return pod;
    }

    /**
     * Each pod's member process: runs on its data, forms, joins, or refuses to start with a message.
     *
     * @return how many members run
     */
    private int runMembers(Map<Integer, Pod> pods, Set<String> starting) {
        ConfigMap bootstrap = client.configMaps().inNamespace(namespace).withName(statefulSet + "-bootstrap").get();
        Map<String, String> data = bootstrap == null || bootstrap.getData() == null ? Map.of() : bootstrap.getData();
        String state = data.get("initial-cluster-state");
        Map<String, String> initialCluster = parse(data.getOrDefault("initial-cluster", ""));
        Map<Pod, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, Pod> forming = new TreeMap<>();
        for (Pod pod : pods.values()) {
            String name = pod.getMetadata().getName();
            String claimUid = claimOfPod.get(pod.getMetadata().getUid());
            Long id = dataDirs.get(claimUid);
            // A pod created in this tick is still being scheduled; its container starts at the next tick.
            if (starting.contains(pod.getMetadata().getUid()) || crashedPods.contains(pod.getMetadata().getUid())
                    || claimUid == null) {
                outcomes.put(pod, Outcome.down(null));
            } else if (id != null) {
                outcomes.put(pod, etcd.isMember(id) ? Outcome.up(id)
                        : Outcome.down("the member has been permanently removed from the cluster"));
            } else if (bootstrap == null) {
                outcomes.put(pod, Outcome.down(null));
            } else if (!peerUrl(name).equals(initialCluster.get(name))) {
                outcomes.put(pod, Outcome.down("couldn't find local name \"" + name
                        + "\" in the initial cluster configuration"));
            } else if ("new".equals(state)) {
                if (etcd.formed()) {
                    outcomes.put(pod, Outcome.down("cluster ID mismatch: this member bootstrapped another cluster"));
                } else {
                    forming.put(name, pod);
                    outcomes.put(pod, Outcome.down(null));
                }
            } else if (etcd.startedMemberWithPeerUrl(peerUrl(name))) {
                outcomes.put(pod, Outcome.down("member " + name + " has already been bootstrapped; "
                        + VolumeStates.DATA_DIR_EMPTY + ", refusing to rejoin without its data"));
            } else {
                Optional<Long> joined = etcd.join(peerUrl(name), name);
                joined.ifPresent(joinedId -> dataDirs.put(claimUid, joinedId));
                outcomes.put(pod, joined.map(Outcome::up).orElseGet(() -> Outcome.down(
                        "error validating peerURLs: member count is unequal")));
            }
        }
        if (!forming.isEmpty() && forming.keySet().equals(initialCluster.keySet())) {
            Map<String, String> clientUrls = new LinkedHashMap<>();
            initialCluster.keySet().forEach(name -> clientUrls.put(name, clientUrl(name)));
            etcd.form(initialCluster, clientUrls).forEach((name, id) -> {
                Pod pod = forming.get(name);
                dataDirs.put(claimOfPod.get(pod.getMetadata().getUid()), id);
                outcomes.put(pod, Outcome.up(id));
            });
        }
        Set<Long> up = new HashSet<>();
        outcomes.values().forEach(outcome -> outcome.memberId().ifPresent(up::add));
        dataDirs.values().forEach(id -> etcd.setRunning(id, up.contains(id)));
        outcomes.forEach(this::publishStatus);
        return up.size();
    }

    private record Outcome(Optional<Long> memberId, String message) {
        static Outcome up(long id) {
            return new Outcome(Optional.of(id), null);
        }

        static Outcome down(String message) {
            return new Outcome(Optional.empty(), message);
        }
    }

    /** The pod's status as the kubelet reports it, written only when it changes. */
    private void publishStatus(Pod pod, Outcome outcome) {
        boolean ready = outcome.memberId().isPresent();
        ContainerStatusBuilder container = new ContainerStatusBuilder().withName("cairn").withReady(ready)
                .withRestartCount(0);
        if (ready) {
            container.withNewState().withNewRunning().endRunning().endState();
        } else {
            container.withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState();
        }
        if (outcome.message() != null) {
            container.withNewLastState().withNewTerminated().withExitCode(1).withMessage(outcome.message())
                    .endTerminated().endLastState();
        }
        PodStatus status = new PodStatusBuilder().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .withContainerStatuses(container.build())
                .build();
        if (sameStatus(pod.getStatus(), status)) {
            return;
        }
        Pod updated = new PodBuilder(pod).withStatus(status).build();
        client.pods().inNamespace(namespace).resource(updated).updateStatus();
    }

    private static boolean sameStatus(PodStatus before, PodStatus after) {
        if (before == null || before.getContainerStatuses() == null || before.getContainerStatuses().isEmpty()) {
            return false;
        }
        ContainerStatus a = before.getContainerStatuses().getFirst();
        ContainerStatus b = after.getContainerStatuses().getFirst();
        return Objects.equals(a.getReady(), b.getReady()) && Objects.equals(a.getLastState(), b.getLastState());
    }

    private String peerUrl(String member) {
        return scheme + "://" + member + "." + statefulSet + "-peer." + namespace + ".svc:2380";
    }

    private String clientUrl(String member) {
        return scheme + "://" + member + "." + statefulSet + "-peer." + namespace + ".svc:2379";
    }

    private static Map<String, String> parse(String initialCluster) {
        Map<String, String> byName = new LinkedHashMap<>();
        Arrays.stream(initialCluster.split(",")).filter(entry -> entry.contains("="))
                .forEach(entry -> byName.put(entry.substring(0, entry.indexOf('=')),
                        entry.substring(entry.indexOf('=') + 1)));
        return byName;
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Map<Integer, T> byOrdinal(
            List<T> objects, String prefix) {
        Map<Integer, T> byOrdinal = new TreeMap<>();
        for (T object : objects) {
            OptionalInt ordinal = ClusterObserver.ordinalOfName(object.getMetadata().getName(), prefix);
            if (ordinal.isPresent()) {
                byOrdinal.put(ordinal.getAsInt(), object);
            }
        }
        return byOrdinal;
    }
}
