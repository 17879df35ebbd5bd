package dev.cairn.standin.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of a StatefulSet's ordinals, {@code <template>-<set>-<ordinal>}: created when missing (bound at once:
 * there is no provisioner, the kubelet makes a directory of each), and owned per the retention policy, as the
 * StatefulSet controller does: by the set when whenDeleted is Delete, by the pod when whenScaled is Delete and the
 * ordinal is scaled away, so the garbage collector removes them.
 */
final class StatefulSetClaims {

    static final String PROTECTION_FINALIZER = "kubernetes.io/pvc-protection";

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final KubernetesClient client;

    StatefulSetClaims(KubernetesClient client) {
        this.client = client;
    }

    static List<PersistentVolumeClaim> templates(StatefulSet set) {
        List<PersistentVolumeClaim> templates = set.getSpec().getVolumeClaimTemplates();
        return templates == null ? List.of() : templates;
    }

    static String claimName(PersistentVolumeClaim template, StatefulSet set, int ordinal) {
        return template.getMetadata().getName() + "-" + StatefulSetPods.podName(set, ordinal);
    }

    /**
     * Creates the ordinal's missing claims and keeps their set ownership per whenDeleted. False while one of them is
     * still being deleted: the pod must wait for the fresh claim, as in Kubernetes.
     */
    boolean ensure(StatefulSet set, int ordinal) {
        boolean ready = true;
        for (PersistentVolumeClaim template : templates(set)) {
            String name = claimName(template, set, ordinal);
            PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace(set)).withName(name)
                    .get();
            if (claim == null) {
                create(set, template, name);
            } else if (PodStates.isTerminating(claim)) {
                ready = false;
            } else {
                keepSetOwnership(set, claim);
            }
        }
        return ready;
    }

    /** Before a scale-down deletes the pod: whenScaled Delete hands the claims to the pod, to go with it. */
    void releaseToPod(StatefulSet set, int ordinal, HasMetadata pod) {
        if (!"Delete".equals(policy(set).getWhenScaled())) {
            return;
        }
        for (PersistentVolumeClaim template : templates(set)) {
            String name = claimName(template, set, ordinal);
            var resource = client.persistentVolumeClaims().inNamespace(namespace(set)).withName(name);
            PersistentVolumeClaim claim = resource.get();
            if (claim != null && !Owners.hasOwner(claim, pod.getMetadata().getUid())) {
                resource.edit(edited -> {
                    List<OwnerReference> owners = new ArrayList<>(Owners.references(edited));
                    owners.add(Owners.reference(pod, false));
                    edited.getMetadata().setOwnerReferences(owners);
                    return edited;
                });
            }
        }
    }

    private void create(StatefulSet set, PersistentVolumeClaim template, String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        if (set.getSpec().getSelector() != null && set.getSpec().getSelector().getMatchLabels() != null) {
            labels.putAll(set.getSpec().getSelector().getMatchLabels());
        }
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace(set))
                .withLabels(labels)
                .withAnnotations(template.getMetadata().getAnnotations())
                .withFinalizers(PROTECTION_FINALIZER)
                .withOwnerReferences(deletedWithSet(set) ? List.of(Owners.reference(set, false)) : List.of())
                .endMetadata()
                .withSpec(JSON.clone(template.getSpec()))
                .build();
        PersistentVolumeClaim created;
        try {
            created = client.resource(claim).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return;
            }
            throw e;
        }
        created.setStatus(new PersistentVolumeClaimStatusBuilder()
                .withPhase("Bound")
                .withAccessModes(created.getSpec().getAccessModes())
                .withCapacity(created.getSpec().getResources() == null ? null
                        : created.getSpec().getResources().getRequests())
                .build());
        client.resource(created).updateStatus();
    }

    private void keepSetOwnership(StatefulSet set, PersistentVolumeClaim claim) {
        boolean owned = Owners.hasOwner(claim, set.getMetadata().getUid());
        if (owned == deletedWithSet(set)) {
            return;
        }
        client.persistentVolumeClaims().inNamespace(namespace(set)).withName(claim.getMetadata().getName())
                .edit(edited -> {
                    List<OwnerReference> owners = new ArrayList<>(Owners.references(edited));
                    owners.removeIf(owner -> set.getMetadata().getUid().equals(owner.getUid()));
                    if (!owned) {
                        owners.add(Owners.reference(set, false));
                    }
                    edited.getMetadata().setOwnerReferences(owners);
                    return edited;
                });
    }

    private static boolean deletedWithSet(StatefulSet set) {
        return "Delete".equals(policy(set).getWhenDeleted());
    }

    private static StatefulSetPersistentVolumeClaimRetentionPolicy policy(StatefulSet set) {
        StatefulSetPersistentVolumeClaimRetentionPolicy policy = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
        return policy == null ? new StatefulSetPersistentVolumeClaimRetentionPolicy("Retain", "Retain") : policy;
    }

    private static String namespace(StatefulSet set) {
        return set.getMetadata().getNamespace();
    }
}
