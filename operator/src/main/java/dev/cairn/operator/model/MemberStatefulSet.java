package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterSpec;
import dev.cairn.operator.api.PodOptions;
import dev.cairn.operator.api.StorageSpec;
import dev.cairn.operator.api.VolumeReclaimPolicy;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The StatefulSet running the members. */
public final class MemberStatefulSet {

    /** Image repository the version selects when spec.image is unset; node/Dockerfile builds it. */
    public static final String DEFAULT_IMAGE_REPOSITORY = "cairn";
    static final String CONTAINER = "cairn";
    static final String DATA_VOLUME = "data";
    /** The uid and gid node/Dockerfile runs cairn as. */
    static final long CAIRN_UID = 2379;
    /** Hash of the pod template a pod was created from; a pod with another hash than the spec's is rolled. */
    public static final String CONFIG_HASH_ANNOTATION = "cairn.dev/config-hash";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private MemberStatefulSet() {
    }

    /**
     * Pods start in parallel (a forming cluster needs all members up at once) and are only replaced when the
     * operator deletes them (OnDelete): it rolls members itself, one at a time and the leader last. Volumes stay
     * on scale-down, because the operator removes the member from the cluster before deleting its volume.
     *
     * @param replicas the pod count the operator wants now, which differs from spec.replicas while scaling
     */
    public static StatefulSet build(EtcdCluster cluster, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, got " + replicas);
        }
        ClusterNames names = ClusterNames.of(cluster);
        StorageSpec storage = StoredSpec.defaulted(cluster.getSpec().getStorage(), "spec.storage");
        VolumeReclaimPolicy reclaim = StoredSpec.defaulted(storage.getReclaimPolicy(), "spec.storage.reclaimPolicy");
        return new StatefulSetBuilder()
                .withMetadata(Owned.metadata(cluster, names.statefulSet()))
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(names.peerService())
                .withPodManagementPolicy("Parallel")
                .withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                .withNewPersistentVolumeClaimRetentionPolicy()
                .withWhenDeleted(reclaim == VolumeReclaimPolicy.Delete ? "Delete" : "Retain")
                .withWhenScaled("Retain")
                .endPersistentVolumeClaimRetentionPolicy()
                .withNewSelector().withMatchLabels(names.selectorLabels()).endSelector()
                .withTemplate(hashedTemplate(cluster))
                .withVolumeClaimTemplates(claimTemplate(names, storage))
                .endSpec()
                .build();
    }

    /**
     * The hash of everything in the pod template (labels, annotations, pod spec); the replica count is not part
     * of the template, so scaling never rolls a member.
     */
    public static String configHash(EtcdCluster cluster) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(SERIALIZATION.asJson(template(cluster)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static PodTemplateSpec hashedTemplate(EtcdCluster cluster) {
        PodTemplateSpec template = template(cluster);
        Map<String, String> annotations = new LinkedHashMap<>();
        if (template.getMetadata().getAnnotations() != null) {
            annotations.putAll(template.getMetadata().getAnnotations());
        }
        annotations.put(CONFIG_HASH_ANNOTATION, configHash(cluster));
        template.getMetadata().setAnnotations(annotations);
        return template;
    }

    private static PodTemplateSpec template(EtcdCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        PodOptions pod = cluster.getSpec().getPod() != null ? cluster.getSpec().getPod() : new PodOptions();
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(podLabels(names, pod))
                .withAnnotations(pod.getAnnotations())
                .endMetadata()
                .withSpec(podSpec(cluster, pod))
                .build();
    }

    /** The image a spec selects. */
    public static String image(EtcdClusterSpec spec) {
        if (spec.getImage() != null && !spec.getImage().isBlank()) {
            return spec.getImage();
        }
        return DEFAULT_IMAGE_REPOSITORY + ":" + StoredSpec.defaulted(spec.getVersion(), "spec.version");
    }

    private static Map<String, String> podLabels(ClusterNames names, PodOptions pod) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (pod.getLabels() != null) {
            labels.putAll(pod.getLabels());
        }
        labels.putAll(names.labels());
        return labels;
    }

    private static PodSpec podSpec(EtcdCluster cluster, PodOptions pod) {
        boolean tls = MemberUrls.of(cluster).tls();
        List<Volume> volumes = new ArrayList<>(volumes(cluster, tls));
        List<Container> initContainers = new ArrayList<>();
        restoredFile(cluster).ifPresent(file -> {
            initContainers.add(RestoreJobs.initContainer(cluster, file, environment(cluster)));
            volumes.add(RestoreJobs.sourceVolume(cluster));
        });
        return new PodSpecBuilder()
                .withInitContainers(initContainers)
                .withContainers(container(cluster, tls))
                .withVolumes(volumes)
                .withSecurityContext(cairnUser())
                .withAffinity(pod.getAffinity())
                .withTolerations(pod.getTolerations())
                .withNodeSelector(pod.getNodeSelector())
                .withTopologySpreadConstraints(pod.getTopologySpreadConstraints())
                .withPriorityClassName(pod.getPriorityClassName())
                .build();
    }

    /** Every pod running the node image runs as its non-root user, which also owns the volumes' files. */
    static PodSecurityContext cairnUser() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(CAIRN_UID)
                .withRunAsGroup(CAIRN_UID)
                .withFsGroup(CAIRN_UID)
                .build();
    }

    /**
     * The backup the members start from: set once the restore check Job verified it ({@code status.restoredFrom}),
     * so that no member starts before the check passed, and pinned by name.
     */
    private static Optional<String> restoredFile(EtcdCluster cluster) {
        if (cluster.getSpec().getBootstrap() == null || cluster.getSpec().getBootstrap().getRestore() == null
                || cluster.getStatus() == null || cluster.getStatus().getRestoredFrom() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(cluster.getStatus().getRestoredFrom().getFile());
    }

    private static Container container(EtcdCluster cluster, boolean tls) {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image(cluster.getSpec()))
                .withCommand("cairn")
                .withArgs(MemberFlags.of(cluster))
                .withEnv(environment(cluster))
                .withPorts(
                        new ContainerPortBuilder().withName("client").withContainerPort(MemberPorts.CLIENT).build(),
                        new ContainerPortBuilder().withName("peer").withContainerPort(MemberPorts.PEER).build(),
                        new ContainerPortBuilder().withName("metrics").withContainerPort(MemberPorts.METRICS).build())
                .withResources(cluster.getSpec().getResources())
                // A member that refuses to start says why in its last log line; the operator reads it from there.
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withVolumeMounts(mounts(tls))
                // Startup allows a joining member time to receive a snapshot before liveness counts.
                .withStartupProbe(probe("/livez", 2, 60))
                .withLivenessProbe(probe("/livez", 10, 3))
                .withReadinessProbe(probe("/readyz", 5, 3))
                .build();
    }

    private static List<EnvVar> environment(EtcdCluster cluster) {
        String configMap = ClusterNames.of(cluster).bootstrapConfigMap();
        return List.of(
                new EnvVarBuilder().withName(MemberFlags.POD_NAME)
                        .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom()
                        .build(),
                new EnvVarBuilder().withName(MemberFlags.POD_IP)
                        .withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom()
                        .build(),
                fromConfigMap(MemberFlags.INITIAL_CLUSTER, configMap, BootstrapConfigMap.INITIAL_CLUSTER_KEY),
                fromConfigMap(MemberFlags.INITIAL_CLUSTER_STATE, configMap,
                        BootstrapConfigMap.INITIAL_CLUSTER_STATE_KEY));
    }

    private static EnvVar fromConfigMap(String variable, String configMap, String key) {
        return new EnvVarBuilder().withName(variable)
                .withNewValueFrom().withNewConfigMapKeyRef().withName(configMap).withKey(key).endConfigMapKeyRef()
                .endValueFrom()
                .build();
    }

    /** Probes go to the plain-http metrics port: the client port demands a client certificate kubelets lack. */
    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withNewPort("metrics").withScheme("HTTP").endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private static List<VolumeMount> mounts(boolean tls) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName(DATA_VOLUME).withMountPath(MemberFlags.DATA_MOUNT).build());
        if (tls) {
            mounts.add(readOnly("server-tls", MemberFlags.SERVER_TLS_MOUNT));
            mounts.add(readOnly("peer-tls", MemberFlags.PEER_TLS_MOUNT));
        }
        return mounts;
    }

    private static VolumeMount readOnly(String volume, String path) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build();
    }

    private static List<Volume> volumes(EtcdCluster cluster, boolean tls) {
        if (!tls) {
            return List.of();
        }
        TlsSecretNames secrets = TlsSecretNames.of(cluster);
        return List.of(secretVolume("server-tls", secrets.server()), secretVolume("peer-tls", secrets.peer()));
    }

    private static Volume secretVolume(String name, String secret) {
        return new VolumeBuilder().withName(name)
                .withNewSecret().withSecretName(secret).withDefaultMode(0440).endSecret()
                .build();
    }

    private static PersistentVolumeClaim claimTemplate(ClusterNames names, StorageSpec storage) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(DATA_VOLUME).withLabels(names.labels()).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(storage.getStorageClassName())
                .withNewResources()
                .addToRequests("storage", new Quantity(StoredSpec.defaulted(storage.getSize(), "spec.storage.size")))
                .endResources()
                .endSpec()
                .build();
    }
}
