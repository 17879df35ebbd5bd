package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.RestoreSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;

/**
 * Restoring a new cluster from a backup ({@code spec.bootstrap.restore}), in two steps: a Job that checks the
 * chosen backup ({@code cairn backup verify}: it exists, matches its recorded SHA-256, and opens) before any
 * member starts, and an init container in every member pod that restores the checked file into an empty data
 * dir with the member's own name and peer URL and the cluster's new token ({@code cairn backup restore}, which
 * does nothing for a data dir that holds data or a member that joins an existing cluster).
 */
public final class RestoreJobs {

    static final String VOLUME = "restore-source";

    private RestoreJobs() {
    }

    /** The backups' prefix: the cluster they were taken of. */
    public static String sourceCluster(EtcdCluster cluster) {
        RestoreSpec restore = cluster.getSpec().getBootstrap().getRestore();
        return restore.getSourceCluster() != null && !restore.getSourceCluster().isBlank()
                ? restore.getSourceCluster() : ClusterNames.of(cluster).cluster();
    }

    /** {@code <cluster>-restore-check}, owned by the cluster; its termination message is the verified backup. */
    public static Job verifyJob(EtcdCluster cluster) {
        RestoreSpec restore = cluster.getSpec().getBootstrap().getRestore();
        ClusterNames names = ClusterNames.of(cluster);
        Container check = new ContainerBuilder()
                .withName("verify")
                .withImage(MemberStatefulSet.image(cluster.getSpec()))
                .withCommand("cairn")
                .withArgs("backup", "verify", "--dir=" + BackupJobs.BACKUP_MOUNT, "--prefix=" + sourceCluster(cluster),
                        "--file=" + StoredSpec.defaulted(restore.getFile(), "spec.bootstrap.restore.file"),
                        "--result-file=" + BackupJobs.RESULT_FILE)
                .withVolumeMounts(new VolumeMountBuilder().withName(VOLUME).withMountPath(BackupJobs.BACKUP_MOUNT)
                        .withReadOnly(true).build())
                .withTerminationMessagePath(BackupJobs.RESULT_FILE)
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
        return new JobBuilder()
                .withMetadata(new ObjectMetaBuilder(Owned.metadata(cluster, names.cluster() + "-restore-check"))
                        .withLabels(BackupJobs.backupLabels(names, "restore-check")).build())
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(BackupJobs.DEADLINE_SECONDS)
                .withNewTemplate()
                .withNewMetadata().withLabels(BackupJobs.backupLabels(names, "restore-check")).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withContainers(check)
                .withVolumes(sourceVolume(cluster))
                .withSecurityContext(MemberStatefulSet.cairnUser())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The member pods' init container restoring {@code verifiedFile} (the name the check Job resolved, never
     * {@code latest}: a backup taken after the check must not change what the members start from). It reads the
     * member container's environment (pod name, initial cluster and state), so it is given the same variables.
     */
    public static Container initContainer(EtcdCluster cluster, String verifiedFile, List<EnvVar> memberEnvironment) {
        MemberUrls urls = MemberUrls.of(cluster);
        String self = "$(" + MemberFlags.POD_NAME + ")";
        return new ContainerBuilder()
                .withName("restore")
                .withImage(MemberStatefulSet.image(cluster.getSpec()))
                .withCommand("cairn")
                .withArgs("backup", "restore",
                        "--dir=" + BackupJobs.BACKUP_MOUNT,
                        "--prefix=" + sourceCluster(cluster),
                        "--file=" + verifiedFile,
                        "--name=" + self,
                        "--data-dir=" + MemberFlags.DATA_DIR,
                        "--initial-cluster=$(" + MemberFlags.INITIAL_CLUSTER + ")",
                        "--initial-cluster-token=" + restoredToken(cluster),
                        "--initial-advertise-peer-urls=" + urls.peer(self),
                        "--initial-cluster-state=$(" + MemberFlags.INITIAL_CLUSTER_STATE + ")")
                .withEnv(memberEnvironment)
                .withVolumeMounts(
                        new VolumeMountBuilder().withName(MemberStatefulSet.DATA_VOLUME)
                                .withMountPath(MemberFlags.DATA_MOUNT).build(),
                        new VolumeMountBuilder().withName(VOLUME).withMountPath(BackupJobs.BACKUP_MOUNT)
                                .withReadOnly(true).build())
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
    }

    /**
     * A token of its own for the restored cluster, so that its member and cluster ids differ from those of the
     * cluster the backup came from even when both have the same name: a surviving member of the old cluster can
     * then never be mistaken for a member of the new one. Members read it only when they restore; afterwards
     * their data names the cluster.
     */
    static String restoredToken(EtcdCluster cluster) {
        return ClusterNames.of(cluster).initialClusterToken() + ".restored-"
                + cluster.getMetadata().getUid().substring(0, 8);
    }

    /** The backups' claim, mounted read-only by the check Job and the members' init containers. */
    public static Volume sourceVolume(EtcdCluster cluster) {
        return new VolumeBuilder().withName(VOLUME)
                .withNewPersistentVolumeClaim()
                .withClaimName(cluster.getSpec().getBootstrap().getRestore().getClaimName())
                .withReadOnly(true)
                .endPersistentVolumeClaim()
                .build();
    }
}
