package dev.cairn.operator.model;

import dev.cairn.operator.api.BackupDestination;
import dev.cairn.operator.api.BackupRetentionSpec;
import dev.cairn.operator.api.BackupSpec;
import dev.cairn.operator.api.EtcdBackup;
import dev.cairn.operator.api.EtcdCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The objects that take backups: the claim they go to, the CronJob of {@code spec.backup}, and the Job of one
 * {@link EtcdBackup}. Each runs the node image's {@code cairn backup save} with the operator-issued client
 * certificate; the command's one-line JSON result becomes the pod's termination message, which is where the
 * operator reads file, revision, size and SHA-256 from.
 */
public final class BackupJobs {

    static final String BACKUP_MOUNT = "/backups";
    static final String CLIENT_TLS_MOUNT = "/etc/cairn/tls/client";
    static final String RESULT_FILE = "/dev/termination-log";
    /** A backup that has not finished in this time is stuck; the Job fails and the next run starts afresh. */
    static final long DEADLINE_SECONDS = 1800;
    public static final String BACKUP_LABEL = "cairn.dev/backup";

    private BackupJobs() {
    }

    /** The claim backups go to: the user's existing claim, or {@code <cluster>-backups}. */
    public static String claimName(EtcdCluster cluster, BackupDestination destination) {
        if (destination.getExistingClaim() != null && !destination.getExistingClaim().isBlank()) {
            return destination.getExistingClaim();
        }
        return ClusterNames.of(cluster).cluster() + "-backups";
    }

    /**
     * The claim the operator creates when the destination names none. It has no owner: backups must outlive the
     * cluster they were taken of, because restoring one is what a user does after losing that cluster.
     */
    public static PersistentVolumeClaim claim(EtcdCluster cluster, BackupDestination destination) {
        ClusterNames names = ClusterNames.of(cluster);
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(claimName(cluster, destination))
                .withNamespace(names.namespace())
                .withLabels(backupLabels(names, "claim"))
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(destination.getStorageClassName())
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(StoredSpec.defaulted(destination.getSize(),
                        "spec.backup.destination.size"))))
                .endResources()
                .endSpec()
                .build();
    }

    /** {@code <cluster>-backup}, running {@code spec.backup.schedule}; one run at a time. */
    public static CronJob cronJob(EtcdCluster cluster) {
        BackupSpec backup = cluster.getSpec().getBackup();
        BackupDestination destination = StoredSpec.defaulted(backup.getDestination(), "spec.backup.destination");
        BackupRetentionSpec retention = StoredSpec.defaulted(backup.getRetention(), "spec.backup.retention");
        ClusterNames names = ClusterNames.of(cluster);
        return new CronJobBuilder()
                .withMetadata(Owned.metadata(cluster, names.cluster() + "-backup"))
                .withNewSpec()
                .withSchedule(backup.getSchedule())
                .withTimeZone("Etc/UTC")
                .withSuspend(Boolean.TRUE.equals(backup.getSuspend()))
                .withConcurrencyPolicy("Forbid")
                .withSuccessfulJobsHistoryLimit(3)
                .withFailedJobsHistoryLimit(3)
                .withNewJobTemplate()
                .withNewMetadata().withLabels(backupLabels(names, "scheduled")).endMetadata()
                .withSpec(jobSpec(cluster, claimName(cluster, destination), names, retentionFlags(retention),
                        "scheduled"))
                .endJobTemplate()
                .endSpec()
                .build();
    }

    /** The Job of one on-demand backup, owned by its EtcdBackup; nothing is pruned. */
    public static Job onDemand(EtcdBackup request, EtcdCluster cluster, BackupDestination destination) {
        ClusterNames names = ClusterNames.of(cluster);
        return new JobBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(request.getMetadata().getName() + "-backup")
                        .withNamespace(names.namespace())
                        .withLabels(backupLabels(names, request.getMetadata().getName()))
                        .withOwnerReferences(new OwnerReferenceBuilder()
                                .withApiVersion(request.getApiVersion())
                                .withKind(request.getKind())
                                .withName(request.getMetadata().getName())
                                .withUid(request.getMetadata().getUid())
                                .withController(true)
                                .withBlockOwnerDeletion(true)
                                .build())
                        .build())
                .withSpec(jobSpec(cluster, claimName(cluster, destination), names, List.of(),
                        request.getMetadata().getName()))
                .build();
    }

    /**
     * Not the members' labels: the members' selector (name cairn, instance) must never match a backup pod, or the
     * client Service, the StatefulSet and the disruption budget would count it as a member.
     */
    static Map<String, String> backupLabels(ClusterNames names, String backup) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ClusterNames.NAME_LABEL, "cairn-backup");
        labels.put(ClusterNames.INSTANCE_LABEL, names.cluster());
        labels.put(ClusterNames.COMPONENT_LABEL, "backup");
        labels.put(ClusterNames.MANAGED_BY_LABEL, "cairn-operator");
        labels.put(BACKUP_LABEL, backup);
        return labels;
    }

    private static List<String> retentionFlags(BackupRetentionSpec retention) {
        List<String> flags = new ArrayList<>();
        if (retention.getKeepLast() != null) {
            flags.add("--keep-last=" + retention.getKeepLast());
        }
        if (retention.getKeepWithin() != null) {
            flags.add("--keep-within=" + retention.getKeepWithin());
        }
        return flags;
    }

    private static JobSpec jobSpec(EtcdCluster cluster, String claim, ClusterNames names, List<String> extraFlags,
                                   String backup) {
        MemberUrls urls = MemberUrls.of(cluster);
        List<String> args = new ArrayList<>(List.of("backup", "save",
                "--endpoints=" + String.join(",", endpoints(cluster, urls)),
                "--dir=" + BACKUP_MOUNT,
                "--prefix=" + names.cluster()));
        if (urls.tls()) {
            args.addAll(List.of("--cacert=" + CLIENT_TLS_MOUNT + "/ca.crt", "--cert=" + CLIENT_TLS_MOUNT + "/tls.crt",
                    "--key=" + CLIENT_TLS_MOUNT + "/tls.key"));
        }
        args.addAll(extraFlags);
        args.add("--result-file=" + RESULT_FILE);
        return new JobSpecBuilder()
                .withBackoffLimit(1)
                .withActiveDeadlineSeconds(DEADLINE_SECONDS)
                .withNewTemplate()
                .withNewMetadata().withLabels(backupLabels(names, backup)).endMetadata()
                .withSpec(podSpec(cluster, claim, args, urls.tls()))
                .endTemplate()
                .build();
    }

    /** The client Service first, then every member, so that a backup is taken while any member answers. */
    private static List<String> endpoints(EtcdCluster cluster, MemberUrls urls) {
        ClusterNames names = ClusterNames.of(cluster);
        int replicas = StoredSpec.defaulted(cluster.getSpec().getReplicas(), "spec.replicas");
        List<String> endpoints = new ArrayList<>();
        endpoints.add(urls.clientService());
        IntStream.range(0, replicas).mapToObj(names::member).map(urls::client).forEach(endpoints::add);
        return endpoints;
    }

    private static PodSpec podSpec(EtcdCluster cluster, String claim, List<String> args, boolean tls) {
        List<VolumeMount> mounts = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName("backups").withMountPath(BACKUP_MOUNT).build());
        volumes.add(new VolumeBuilder().withName("backups")
                .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().build());
        if (tls) {
            mounts.add(new VolumeMountBuilder().withName("client-tls").withMountPath(CLIENT_TLS_MOUNT)
                    .withReadOnly(true).build());
            volumes.add(new VolumeBuilder().withName("client-tls")
                    .withNewSecret().withSecretName(TlsSecretNames.of(cluster).operatorClient())
                    .withDefaultMode(0440).endSecret().build());
        }
        Container container = new ContainerBuilder()
                .withName("backup")
                .withImage(MemberStatefulSet.image(cluster.getSpec()))
                .withCommand("cairn")
                .withArgs(args)
                .withVolumeMounts(mounts)
                .withTerminationMessagePath(RESULT_FILE)
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
        return new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withContainers(container)
                .withVolumes(volumes)
                .withSecurityContext(MemberStatefulSet.cairnUser())
                .build();
    }
}
