package dev.cairn.standin.controllers;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Plays Kubernetes' storage-object-in-use protection for claims: every claim carries the
 * {@code kubernetes.io/pvc-protection} finalizer (Kubernetes' admission plugin adds it at creation), so deleting a
 * claim a pod still uses only marks it (deletionTimestamp); the finalizer is removed, and the API server removes the
 * claim, once no pod that uses it exists any more.
 */
public final class ClaimProtectionController implements AutoCloseable {

    private final KubernetesClient client;
    private final ControllerLoop loop;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    public ClaimProtectionController(KubernetesClient client, Duration resync) {
        this.client = client;
        this.loop = new ControllerLoop("pvc-protection-controller", this::reconcile, this::everything, resync);
    }

    public void start() {
        informers.add(client.persistentVolumeClaims().inAnyNamespace()
                .inform(Handlers.onChange(claim -> loop.enqueue(ObjectKey.of(claim)))));
        informers.add(client.pods().inAnyNamespace().inform(Handlers.onChange(pod -> claimsOf(pod)
                .forEach(claim -> loop.enqueue(new ObjectKey(pod.getMetadata().getNamespace(), claim))))));
        loop.start();
    }

    private Collection<ObjectKey> everything() {
        return client.persistentVolumeClaims().inAnyNamespace().list().getItems().stream().map(ObjectKey::of)
                .toList();
    }

    private void reconcile(ObjectKey key) {
        var resource = client.persistentVolumeClaims().inNamespace(key.namespace()).withName(key.name());
        PersistentVolumeClaim claim = resource.get();
        if (claim == null) {
            return;
        }
        List<String> finalizers = claim.getMetadata().getFinalizers() == null ? List.of()
                : claim.getMetadata().getFinalizers();
        boolean protectedClaim = finalizers.contains(StatefulSetClaims.PROTECTION_FINALIZER);
        if (!PodStates.isTerminating(claim) && !protectedClaim) {
            resource.edit(edited -> {
                List<String> added = new ArrayList<>(finalizers);
                added.add(StatefulSetClaims.PROTECTION_FINALIZER);
                edited.getMetadata().setFinalizers(added);
                return edited;
            });
        } else if (PodStates.isTerminating(claim) && protectedClaim && !inUse(claim)) {
            resource.edit(edited -> {
                List<String> remaining = new ArrayList<>(edited.getMetadata().getFinalizers());
                remaining.remove(StatefulSetClaims.PROTECTION_FINALIZER);
                edited.getMetadata().setFinalizers(remaining);
                return edited;
            });
        }
    }

    private boolean inUse(PersistentVolumeClaim claim) {
        return client.pods().inNamespace(claim.getMetadata().getNamespace()).list().getItems().stream()
                .anyMatch(pod -> claimsOf(pod).contains(claim.getMetadata().getName()));
    }

    private static List<String> claimsOf(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
            return List.of();
        }
        return pod.getSpec().getVolumes().stream()
                .map(Volume::getPersistentVolumeClaim)
                .filter(Objects::nonNull)
                .map(source -> source.getClaimName())
                .toList();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        loop.close();
    }
}
