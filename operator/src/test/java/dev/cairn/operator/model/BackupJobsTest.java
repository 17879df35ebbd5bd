package dev.cairn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.operator.api.BackupDestination;
import dev.cairn.operator.api.EtcdBackup;
import dev.cairn.operator.api.EtcdCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The backup objects for a sample cluster, compared with src/test/resources/golden/with-backups/expected.yaml
 * (refresh with -Dcairn.golden.refresh=true and review the diff), and the rules they must keep.
 */
class BackupJobsTest {

    private static final Path SAMPLE = GoldenClusters.ROOT.resolve("with-backups");

    @Test
    void backupObjectsMatchTheGoldenFile() throws IOException {
        EtcdCluster cluster = GoldenClusters.load("with-backups");
        List<HasMetadata> objects = List.of(
                BackupJobs.claim(cluster, cluster.getSpec().getBackup().getDestination()),
                BackupJobs.cronJob(cluster),
                BackupJobs.onDemand(request(), cluster, cluster.getSpec().getBackup().getDestination()));
        String actual = objects.stream().map(GoldenClusters.SERIALIZATION::asYaml).collect(Collectors.joining());

        Path expected = SAMPLE.resolve("expected.yaml");
        if (Boolean.getBoolean("cairn.golden.refresh")) {
            Files.writeString(expected, actual);
        }
        assertThat(actual).as("%s is stale; refresh it with -Dtest=BackupJobsTest -Dcairn.golden.refresh=true",
                expected).isEqualTo(Files.readString(expected));
    }

    @Test
    void backupPodsAreNeverSelectedAsMembers() {
        EtcdCluster cluster = GoldenClusters.load("with-backups");
        var memberSelector = ClusterNames.of(cluster).selectorLabels();
        Job job = BackupJobs.onDemand(request(), cluster, new BackupDestination());
        CronJob cronJob = BackupJobs.cronJob(cluster);

        for (var labels : List.of(job.getSpec().getTemplate().getMetadata().getLabels(),
                cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels())) {
            assertThat(labels.entrySet().containsAll(memberSelector.entrySet())).as("labels %s", labels).isFalse();
        }
    }

    @Test
    void aBackupReachesEveryMemberWithTheClientCertificateAndKeepsItsRetention() {
        EtcdCluster cluster = GoldenClusters.load("with-backups");
        Container container = BackupJobs.cronJob(cluster).getSpec().getJobTemplate().getSpec().getTemplate()
                .getSpec().getContainers().getFirst();

        assertThat(container.getArgs()).contains(
                "--endpoints=https://demo-client.prod.svc:2379,https://demo-0.demo-peer.prod.svc:2379,"
                        + "https://demo-1.demo-peer.prod.svc:2379,https://demo-2.demo-peer.prod.svc:2379",
                "--cert=/etc/cairn/tls/client/tls.crt", "--keep-last=7", "--keep-within=168h",
                "--result-file=/dev/termination-log");
        assertThat(BackupJobs.onDemand(request(), cluster, new BackupDestination()).getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getArgs()).noneMatch(arg -> arg.startsWith("--keep-"));
    }

    @Test
    void theBackupClaimOutlivesTheClusterAndAnExistingClaimIsUsedAsIs() {
        EtcdCluster cluster = GoldenClusters.load("with-backups");
        BackupDestination existing = new BackupDestination();
        existing.setExistingClaim("nfs-backups");

        assertThat(BackupJobs.claim(cluster, cluster.getSpec().getBackup().getDestination()).getMetadata()
                .getOwnerReferences()).isEmpty();
        assertThat(BackupJobs.claimName(cluster, existing)).isEqualTo("nfs-backups");
        assertThat(BackupJobs.onDemand(request(), cluster, existing).getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(volume -> assertThat(volume.getPersistentVolumeClaim().getClaimName())
                        .isEqualTo("nfs-backups"));
    }

    private static EtcdBackup request() {
        try {
            return GoldenClusters.SERIALIZATION.unmarshal(Files.readString(SAMPLE.resolve("backup-request.yaml")),
                    EtcdBackup.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
