package dev.cairn.standin.controllers;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** A StatefulSet's pods: names, ordinals, revisions and the pod built from the template for an ordinal. */
final class StatefulSetPods {

    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    static final String REVISION_LABEL = "controller-revision-hash";

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private StatefulSetPods() {
    }

    static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    /** The ordinal a pod name of this set carries, empty for a name that is not {@code <set>-<n>}. */
    static OptionalInt ordinal(StatefulSet set, Pod pod) {
        String prefix = set.getMetadata().getName() + "-";
        String name = pod.getMetadata().getName();
        if (!name.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String digits = name.substring(prefix.length());
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 9) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }

    /** The revision of the current template, as the controller-revision-hash label spells it. */
    static String updateRevision(StatefulSet set) {
        return set.getMetadata().getName() + "-" + Names.hash(JSON.asJson(set.getSpec().getTemplate()));
    }

    static String revision(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(REVISION_LABEL);
    }

    /** The pod for an ordinal: the template, a stable hostname in the governing Service, its claims as volumes. */
    static Pod build(StatefulSet set, int ordinal) {
        PodTemplateSpec template = set.getSpec().getTemplate();
        String name = podName(set, ordinal);
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        labels.put(REVISION_LABEL, updateRevision(set));
        PodSpec spec = JSON.clone(template.getSpec());
        spec.setHostname(name);
        spec.setSubdomain(set.getSpec().getServiceName());
        spec.setVolumes(volumesWithClaims(set, ordinal, spec.getVolumes()));
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(set.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
                .withOwnerReferences(Owners.controllerReference(set))
                .endMetadata()
                .withSpec(spec)
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
    }

    /** Template volumes, where each claim template replaces a volume of its name by the ordinal's claim. */
    private static List<Volume> volumesWithClaims(StatefulSet set, int ordinal, List<Volume> templateVolumes) {
        List<PersistentVolumeClaim> claims = StatefulSetClaims.templates(set);
        List<Volume> volumes = new ArrayList<>();
        if (templateVolumes != null) {
            templateVolumes.stream()
                    .filter(volume -> claims.stream().noneMatch(claim -> claim.getMetadata().getName()
                            .equals(volume.getName())))
                    .forEach(volumes::add);
        }
        for (PersistentVolumeClaim claim : claims) {
            volumes.add(new VolumeBuilder()
                    .withName(claim.getMetadata().getName())
                    .withNewPersistentVolumeClaim()
                    .withClaimName(StatefulSetClaims.claimName(claim, set, ordinal))
                    .endPersistentVolumeClaim()
                    .build());
        }
        return volumes;
    }
}
