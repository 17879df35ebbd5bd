package dev.cairn.standin.controllers;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays Kubernetes' garbage collector with background cascading deletion: an object all of whose owners (by uid)
 * are gone is deleted; its own dependents follow in a later sweep. Sweeps run periodically over every namespaced
 * kind the stand-in serves, custom resources included. Not simulated: foreground and orphan propagation
 * (blockOwnerDeletion is not enforced), cluster-scoped dependents, and the namespace controller (deleting a
 * namespace does not delete its contents).
 */
public final class GarbageCollector implements AutoCloseable {

    /** The namespaced built-in kinds the stand-in's workloads and the operator use. */
    static final List<Kind> BUILT_IN = List.of(
            new Kind("v1", "Pod"),
            new Kind("v1", "PersistentVolumeClaim"),
            new Kind("v1", "Service"),
            new Kind("v1", "Endpoints"),
            new Kind("v1", "ConfigMap"),
            new Kind("v1", "Secret"),
            new Kind("v1", "ServiceAccount"),
            new Kind("v1", "Event"),
            new Kind("apps/v1", "StatefulSet"),
            new Kind("apps/v1", "Deployment"),
            new Kind("apps/v1", "ReplicaSet"),
            new Kind("batch/v1", "Job"),
            new Kind("batch/v1", "CronJob"),
            new Kind("policy/v1", "PodDisruptionBudget"),
            new Kind("coordination.k8s.io/v1", "Lease"),
            new Kind("rbac.authorization.k8s.io/v1", "Role"),
            new Kind("rbac.authorization.k8s.io/v1", "RoleBinding"));

    /** Cluster-scoped kinds that may own namespaced objects: listed for their uids only. */
    static final List<Kind> CLUSTER_SCOPED_OWNERS = List.of(
            new Kind("v1", "Namespace"),
            new Kind("v1", "PersistentVolume"),
            new Kind("rbac.authorization.k8s.io/v1", "ClusterRole"),
            new Kind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
            new Kind("apiextensions.k8s.io/v1", "CustomResourceDefinition"));

    private static final Logger LOG = Logger.getLogger(GarbageCollector.class.getName());

    private final KubernetesClient client;
    private final Duration period;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("garbage-collector").factory());

    public GarbageCollector(KubernetesClient client, Duration period) {
        this.client = client;
        this.period = period;
    }

    record Kind(String apiVersion, String kind) {
    }

    public void start() {
        sweeper.scheduleWithFixedDelay(this::sweepLogged, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepLogged() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "garbage collection sweep failed, next one in " + period, e);
        }
    }

    /** One sweep; returns how many objects it deleted. */
    int sweep() {
        List<Kind> kinds = kinds();
        // Dependents are listed before the owners: an owner is created before its dependents, so a dependent seen
        // here has its living owner in the second listing.
        List<GenericKubernetesResource> dependents = new ArrayList<>();
        for (Kind kind : kinds) {
            list(kind).stream().filter(object -> !Owners.references(object).isEmpty()).forEach(dependents::add);
        }
        Set<String> living = new HashSet<>();
        Set<String> knownKinds = new HashSet<>();
        for (Kind kind : concat(kinds, CLUSTER_SCOPED_OWNERS)) {
            list(kind).forEach(object -> living.add(object.getMetadata().getUid()));
            knownKinds.add(kind.kind());
        }
        int deleted = 0;
        for (GenericKubernetesResource dependent : dependents) {
            // An owner of a kind the stand-in does not list might live: such a dependent is kept.
            boolean orphaned = Owners.references(dependent).stream()
                    .allMatch(owner -> knownKinds.contains(owner.getKind()) && !living.contains(owner.getUid()));
            if (orphaned && !PodStates.isTerminating(dependent)) {
                LOG.fine(() -> "deleting " + dependent.getKind() + " " + dependent.getMetadata().getNamespace() + "/"
                        + dependent.getMetadata().getName() + ": its owners are gone");
                client.resource(dependent).delete();
                deleted++;
            }
        }
        return deleted;
    }

    private static List<Kind> concat(List<Kind> first, List<Kind> second) {
        List<Kind> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>(BUILT_IN);
        for (CustomResourceDefinition definition : client.apiextensions().v1().customResourceDefinitions().list()
                .getItems()) {
            if (!"Namespaced".equals(definition.getSpec().getScope())) {
                continue;
            }
            for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
                if (Boolean.TRUE.equals(version.getStorage())) {
                    kinds.add(new Kind(definition.getSpec().getGroup() + "/" + version.getName(),
                            definition.getSpec().getNames().getKind()));
                }
            }
        }
        return kinds;
    }

    private List<GenericKubernetesResource> list(Kind kind) {
        try {
            var resources = client.genericKubernetesResources(kind.apiVersion(), kind.kind());
            return CLUSTER_SCOPED_OWNERS.contains(kind) ? resources.list().getItems()
                    : resources.inAnyNamespace().list().getItems();
        } catch (KubernetesClientException e) {
            throw new KubernetesClientException("cannot list " + kind.kind() + " for garbage collection", e);
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        try {
            sweeper.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
