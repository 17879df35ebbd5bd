package dev.cairn.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.operator.api.BootstrapSpec;
import dev.cairn.operator.api.ClusterPhase;
import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.MemberRole;
import dev.cairn.operator.api.RestoreSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * spec.backup and spec.bootstrap.restore through the reconciler, on the mock API server with the simulated
 * StatefulSet and members; the backup and check Jobs are finished by the test ({@link FinishedJobs}).
 */
@EnableKubernetesMockClient(crud = true)
class BackupLifecycleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String NAMESPACE = "prod";
    private static final String NAME = "demo";
    private static final String BACKUP = "demo-20261124T120000Z-rev42.snap";

    KubernetesClient client;
    private final AdjustableClock clock = new AdjustableClock();
    private final FakeEtcdCluster etcd = new FakeEtcdCluster(7);
    private Operator operator;
    private ClusterReads reads;
    private StatefulSetSimulator statefulSets;

    @BeforeEach
    void start() {
        reads = new ClusterReads(client, NAMESPACE, NAME);
        statefulSets = new StatefulSetSimulator(client, NAMESPACE, NAME, true, etcd);
        statefulSets.start();
        operator = OperatorUnderTest.start(client, clock, FakeEtcdAdmin.factory(etcd, new AtomicInteger()));
    }

    @AfterEach
    void stop() {
        operator.stop();
        statefulSets.close();
        assertThat(statefulSets.failure()).as("simulator failure").isEmpty();
    }

    @Test
    void scheduledRunsAreReportedAndAFailureFlipsTheConditionWithoutLosingTheLastSuccess() {
        client.resource(OperatorUnderTest.sample(client, "with-backups")).create();
        CronJob cronJob = await().atMost(TIMEOUT).until(
                () -> client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName("demo-backup").get(),
                found -> found != null);
        assertThat(cronJob.getSpec().getSchedule()).isEqualTo("0 */6 * * *");
        assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).withName("demo-backups").get()).isNotNull();
        await().atMost(TIMEOUT).until(() -> backupHealthy().map(Condition::getReason).orElse(""),
                "NoBackupYet"::equals);

        FinishedJobs.succeed(client, run(cronJob, 1), "{\"file\":\"" + BACKUP + "\",\"revision\":42,\"size\":4096,"
                + "\"sha256\":\"ab12\",\"startTime\":\"2026-11-24T12:00:00Z\","
                + "\"completionTime\":\"2026-11-24T12:00:02Z\"}");
        await().atMost(TIMEOUT).until(() -> backupHealthy().map(Condition::getStatus).orElse(""), "True"::equals);
        assertThat(reads.status().getLastSuccessfulBackup().getFile()).isEqualTo(BACKUP);
        assertThat(reads.status().getLastSuccessfulBackup().getRevision()).isEqualTo(42);
        assertThat(reads.status().getLastScheduledBackup().getJob()).isEqualTo("demo-backup-1");

        FinishedJobs.fail(client, run(cronJob, 2), "Error: no endpoint gave a snapshot: all members down");
        await().atMost(TIMEOUT).until(() -> backupHealthy().map(Condition::getStatus).orElse(""), "False"::equals);
        assertThat(backupHealthy().orElseThrow().getMessage())
                .isEqualTo("Error: no endpoint gave a snapshot: all members down");
        assertThat(reads.status().getLastScheduledBackup().getSucceeded()).isFalse();
        assertThat(reads.status().getLastSuccessfulBackup().getFile()).isEqualTo(BACKUP);
        assertThat(reasons()).containsOnlyOnce("BackupSucceeded", "BackupFailed");

        client.resources(EtcdCluster.class).inNamespace(NAMESPACE).withName(NAME).edit(cluster -> {
            cluster.getSpec().setBackup(null);
            cluster.getMetadata().setGeneration(cluster.getMetadata().getGeneration() + 1);
            return cluster;
        });
        await().atMost(TIMEOUT).until(
                () -> client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName("demo-backup").get() == null);
        assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).withName("demo-backups").get())
                .as("backups outlive their schedule").isNotNull();
    }

    @Test
    void theScheduleBeginsOnceTheClusterHasFormed() {
        statefulSets.close(); // no member runs: the cluster cannot form
        client.resource(OperatorUnderTest.sample(client, "with-backups")).create();
        await().atMost(TIMEOUT).until(() -> backupHealthy().map(Condition::getMessage).orElse(""),
                "backups are scheduled once the cluster has formed"::equals);
        assertThat(backupHealthy().orElseThrow().getReason()).isEqualTo("NoBackupYet");
        assertThat(client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName("demo-backup").get()).isNull();

        statefulSets = new StatefulSetSimulator(client, NAMESPACE, NAME, true, etcd);
        statefulSets.start();
        await().atMost(TIMEOUT).until(
                () -> client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName("demo-backup").get() != null);
        assertThat(reads.status().getClusterId()).isNotNull();
        assertThat(reasons()).doesNotContain("BackupFailed");
    }

    @Test
    void aBackupThatFailsItsCheckIsRefusedAndNothingStarts() {
        client.resource(restoring()).create();
        Job check = await().atMost(TIMEOUT).until(this::checkJob, found -> found != null);
        await().atMost(TIMEOUT).until(() -> reads.status() != null && reads.status().getPhase() == ClusterPhase.Pending);
        assertThat(reads.condition("Progressing").getReason()).isEqualTo("RestoreChecking");

        FinishedJobs.fail(client, check, "Error: backup /backups/" + BACKUP + " fails its hash: sha256 00, recorded 11");

        await().atMost(TIMEOUT).until(() -> reads.condition("Degraded").getReason(), "RestoreRefused"::equals);
        assertThat(reads.condition("Degraded").getMessage()).isEqualTo("backup latest of demo in claim demo-backups cannot "
                + "be restored: Error: backup /backups/" + BACKUP + " fails its hash: sha256 00, recorded 11");
        assertThat(reads.condition("Available").getStatus()).isEqualTo("False");
        assertThat(reads.statefulSetReplicas()).isZero();
        assertThat(statefulSets.podsCreated()).isEmpty();
        assertThat(reasons()).containsOnlyOnce("RestoreRefused");
    }

    @Test
    void membersStartFromThePinnedCheckedBackup() {
        client.resource(restoring()).create();
        Job check = await().atMost(TIMEOUT).until(this::checkJob, found -> found != null);
        assertThat(reads.statefulSetReplicas()).isZero();

        FinishedJobs.succeed(client, check, "{\"file\":\"" + BACKUP + "\",\"revision\":42,\"size\":4096,"
                + "\"sha256\":\"ab12\"}");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(reads.status().getMembers()).hasSize(3).allSatisfy(member -> {
                assertThat(member.getHealthy()).isTrue();
                assertThat(member.getRole()).isNotEqualTo(MemberRole.Learner);
            });
            assertThat(reads.condition("Available").getStatus()).isEqualTo("True");
        });
        assertThat(reads.status().getRestoredFrom().getFile()).isEqualTo(BACKUP);
        Container restore = client.apps().statefulSets().inNamespace(NAMESPACE).withName(NAME).get().getSpec()
                .getTemplate().getSpec().getInitContainers().getFirst();
        assertThat(restore.getArgs()).contains("--file=" + BACKUP, "--prefix=demo");
    }

    @Test
    void aClusterThatHoldsDataIsNeverRestoredOver() {
        client.resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data-demo-0").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").endSpec().build()).create();
        client.resource(restoring()).create();

        await().atMost(TIMEOUT).until(() -> reads.status() != null && reads.status().getConditions().stream()
                .anyMatch(c -> "RestoreRefused".equals(c.getReason())));
        assertThat(reads.condition("Degraded").getMessage()).isEqualTo(
                "the cluster already holds data in data-demo-0; a restore never overwrites a cluster's data");
        assertThat(checkJob()).isNull();
    }

    private EtcdCluster restoring() {
        EtcdCluster cluster = OperatorUnderTest.sample(client, "with-backups");
        RestoreSpec restore = new RestoreSpec();
        restore.setClaimName("demo-backups");
        restore.setFile("latest");
        BootstrapSpec bootstrap = new BootstrapSpec();
        bootstrap.setRestore(restore);
        cluster.getSpec().setBootstrap(bootstrap);
        return cluster;
    }

    /** A run of the CronJob, made as Kubernetes' CronJob controller makes it: from the job template. */
    private Job run(CronJob cronJob, int number) {
        return client.resource(new JobBuilder()
                .withMetadata(new ObjectMetaBuilder(cronJob.getSpec().getJobTemplate().getMetadata())
                        .withName("demo-backup-" + number).withNamespace(NAMESPACE).build())
                .withSpec(cronJob.getSpec().getJobTemplate().getSpec())
                .build()).create();
    }

    private Job checkJob() {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).withName("demo-restore-check").get();
    }

    private Optional<Condition> backupHealthy() {
        return Optional.ofNullable(reads.status()).flatMap(ScheduledBackups::find);
    }

    private List<String> reasons() {
        return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream().map(Event::getReason).toList();
    }
}
