package dev.cairn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.operator.api.BootstrapSpec;
import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.RestoreSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreJobsTest {

    private static final List<EnvVar> MEMBER_ENV = List.of(new EnvVar("POD_NAME", "demo-0", null));

    @Test
    void theCheckJobVerifiesTheChosenBackupOfTheSourceClusterReadOnly() {
        Job job = RestoreJobs.verifyJob(restoring("old-demo", "latest"));
        Container check = job.getSpec().getTemplate().getSpec().getContainers().getFirst();

        assertThat(job.getMetadata().getName()).isEqualTo("demo-restore-check");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(check.getArgs()).containsExactly("backup", "verify", "--dir=/backups", "--prefix=old-demo",
                "--file=latest", "--result-file=/dev/termination-log");
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes().getFirst().getPersistentVolumeClaim())
                .satisfies(claim -> {
                    assertThat(claim.getClaimName()).isEqualTo("demo-backups");
                    assertThat(claim.getReadOnly()).isTrue();
                });
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .doesNotContainEntry(ClusterNames.NAME_LABEL, "cairn");
    }

    @Test
    void membersRestoreThePinnedFileAsTheirOwnMemberOfANewClusterToken() {
        EtcdCluster cluster = restoring(null, "latest");
        Container init = RestoreJobs.initContainer(cluster, "demo-20261124T103005Z-rev42.snap", MEMBER_ENV);

        assertThat(init.getArgs()).containsExactly("backup", "restore", "--dir=/backups", "--prefix=demo",
                "--file=demo-20261124T103005Z-rev42.snap", "--name=$(POD_NAME)", "--data-dir=/var/lib/etcd/data",
                "--initial-cluster=$(INITIAL_CLUSTER)", "--initial-cluster-token=prod.demo.restored-6f1c2a9e",
                "--initial-advertise-peer-urls=https://$(POD_NAME).demo-peer.prod.svc:2380",
                "--initial-cluster-state=$(INITIAL_CLUSTER_STATE)");
        assertThat(init.getEnv()).isEqualTo(MEMBER_ENV);
        assertThat(init.getVolumeMounts()).extracting(mount -> mount.getMountPath())
                .containsExactly("/var/lib/etcd", "/backups");
    }

    private static EtcdCluster restoring(String sourceCluster, String file) {
        EtcdCluster cluster = GoldenClusters.load("with-backups");
        RestoreSpec restore = new RestoreSpec();
        restore.setClaimName("demo-backups");
        restore.setSourceCluster(sourceCluster);
        restore.setFile(file);
        BootstrapSpec bootstrap = new BootstrapSpec();
        bootstrap.setRestore(restore);
        cluster.getSpec().setBootstrap(bootstrap);
        return cluster;
    }
}
