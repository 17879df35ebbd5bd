package dev.cairn.standin.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Plays Kubernetes' StatefulSet controller: pod {@code <set>-<ordinal>} for each ordinal below spec.replicas, with
 * the claims of its volumeClaimTemplates; scale-down removes the highest ordinals first. OrderedReady creates one
 * pod at a time, each once the lower ordinals are running and ready, and removes one at a time; Parallel does all
 * at once. Updates: OnDelete leaves running pods alone (a deleted pod comes back from the current template);
 * RollingUpdate replaces, from the highest ordinal down to the partition, one pod at a time while all are ready.
 * Not simulated: minReadySeconds, maxUnavailable, ControllerRevision objects, ordinals.start.
 */
public final class StatefulSetController implements AutoCloseable {

    private final KubernetesClient client;
    private final StatefulSetClaims claims;
    private final ControllerLoop loop;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    public StatefulSetController(KubernetesClient client, Duration resync) {
        this.client = client;
        this.claims = new StatefulSetClaims(client);
        this.loop = new ControllerLoop("statefulset-controller", this::reconcile, this::everything, resync);
    }

    public void start() {
        informers.add(client.apps().statefulSets().inAnyNamespace()
                .inform(Handlers.onChange(set -> loop.enqueue(ObjectKey.of(set)))));
        informers.add(client.pods().inAnyNamespace().inform(Handlers.onChange(pod -> Owners
                .controllerOf(pod, "StatefulSet")
                .ifPresent(owner -> loop.enqueue(new ObjectKey(pod.getMetadata().getNamespace(), owner.getName()))))));
        // A claim whose deletion completes lets a waiting ordinal go on.
        informers.add(client.persistentVolumeClaims().inAnyNamespace().inform(Handlers.onChange(claim ->
                everythingIn(claim.getMetadata().getNamespace()).forEach(loop::enqueue))));
        loop.start();
    }

    private Collection<ObjectKey> everything() {
        return client.apps().statefulSets().inAnyNamespace().list().getItems().stream().map(ObjectKey::of).toList();
    }

    private Collection<ObjectKey> everythingIn(String namespace) {
        return client.apps().statefulSets().inNamespace(namespace).list().getItems().stream().map(ObjectKey::of)
                .toList();
    }

    private void reconcile(ObjectKey key) {
        StatefulSet set = client.apps().statefulSets().inNamespace(key.namespace()).withName(key.name()).get();
        if (set == null || PodStates.isTerminating(set)) {
            return; // its pods and claims are the garbage collector's
        }
        Map<Integer, Pod> pods = podsByOrdinal(set);
        int replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        boolean parallel = "Parallel".equals(set.getSpec().getPodManagementPolicy());

        removeFinishedPods(pods);
        boolean settled = createMissing(set, pods, replicas, parallel);
        // OrderedReady scales down only once every remaining pod runs and is ready; Parallel does not wait.
        if (settled || parallel) {
            settled = scaleDown(set, pods, replicas, parallel) && settled;
        }
        if (settled && isRollingUpdate(set)) {
            rollOne(set, pods, replicas);
        }
        writeStatus(set, podsByOrdinal(set));
    }

    private Map<Integer, Pod> podsByOrdinal(StatefulSet set) {
        Map<Integer, Pod> pods = new TreeMap<>();
        for (Pod pod : client.pods().inNamespace(set.getMetadata().getNamespace()).list().getItems()) {
            OptionalInt ordinal = StatefulSetPods.ordinal(set, pod);
            if (Owners.isControlledBy(pod, set) && ordinal.isPresent()) {
                pods.put(ordinal.getAsInt(), pod);
            }
        }
        return pods;
    }

    /** A pod that ran to completion or failed is deleted, to be created again (restartPolicy aside). */
    private void removeFinishedPods(Map<Integer, Pod> pods) {
        pods.values().removeIf(pod -> {
            if (PodStates.isFinished(pod) && !PodStates.isTerminating(pod)) {
                client.resource(pod).delete();
                return true;
            }
            return false;
        });
    }

    /** Creates the missing pods below replicas; true once every one exists, running and ready. */
    private boolean createMissing(StatefulSet set, Map<Integer, Pod> pods, int replicas, boolean parallel) {
        boolean settled = true;
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            Pod pod = pods.get(ordinal);
            if (pod == null) {
                settled = false;
                if (claims.ensure(set, ordinal)) {
                    create(StatefulSetPods.build(set, ordinal));
                }
                if (!parallel) {
                    return false;
                }
            } else if (!PodStates.isRunningAndReady(pod)) {
                settled = false;
                if (!parallel) {
                    return false;
                }
            }
        }
        return settled;
    }

    /** Deletes the pods at or above replicas: the highest first and alone under OrderedReady; true when none is. */
    private boolean scaleDown(StatefulSet set, Map<Integer, Pod> pods, int replicas, boolean parallel) {
        List<Integer> condemned = pods.keySet().stream().filter(ordinal -> ordinal >= replicas)
                .sorted(Comparator.reverseOrder()).toList();
        for (int ordinal : condemned) {
            Pod pod = pods.get(ordinal);
            if (!PodStates.isTerminating(pod)) {
                claims.releaseToPod(set, ordinal, pod);
                client.resource(pod).delete();
            }
            if (!parallel) {
                break;
            }
        }
        return condemned.isEmpty();
    }

    private static boolean isRollingUpdate(StatefulSet set) {
        return set.getSpec().getUpdateStrategy() == null || set.getSpec().getUpdateStrategy().getType() == null
                || "RollingUpdate".equals(set.getSpec().getUpdateStrategy().getType());
    }

    /** Deletes the highest-ordinal pod of an older revision at or above the partition; it comes back updated. */
    private void rollOne(StatefulSet set, Map<Integer, Pod> pods, int replicas) {
        var rolling = set.getSpec().getUpdateStrategy() == null ? null
                : set.getSpec().getUpdateStrategy().getRollingUpdate();
        int partition = rolling == null || rolling.getPartition() == null ? 0 : rolling.getPartition();
        String revision = StatefulSetPods.updateRevision(set);
        for (int ordinal = replicas - 1; ordinal >= partition; ordinal--) {
            Pod pod = pods.get(ordinal);
            if (pod != null && !revision.equals(StatefulSetPods.revision(pod))) {
                client.resource(pod).delete();
                return;
            }
        }
    }

    private void create(Pod pod) {
        try {
            client.resource(pod).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    private void writeStatus(StatefulSet set, Map<Integer, Pod> pods) {
        String updateRevision = StatefulSetPods.updateRevision(set);
        StatefulSetStatus old = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
        int updated = (int) pods.values().stream()
                .filter(pod -> updateRevision.equals(StatefulSetPods.revision(pod))).count();
        int replicas = pods.size();
        String currentRevision = old.getCurrentRevision() == null || updated == replicas ? updateRevision
                : old.getCurrentRevision();
        int current = (int) pods.values().stream()
                .filter(pod -> currentRevision.equals(StatefulSetPods.revision(pod))).count();
        int ready = (int) pods.values().stream().filter(PodStates::isRunningAndReady).count();
        StatefulSetStatus status = new StatefulSetStatusBuilder()
                .withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(replicas)
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withCurrentReplicas(current)
                .withUpdatedReplicas(updated)
                .withCurrentRevision(currentRevision)
                .withUpdateRevision(updateRevision)
                .withCollisionCount(old.getCollisionCount())
                .withConditions(old.getConditions())
                .build();
        if (!Statuses.same(status, set.getStatus())) {
            set.setStatus(status);
            client.resource(set).updateStatus();
        }
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        loop.close();
    }
}
