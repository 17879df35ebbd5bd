package dev.cairn.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.operator.api.BackupPhase;
import dev.cairn.operator.api.EtcdBackup;
import dev.cairn.operator.api.EtcdBackupStatus;
import dev.cairn.operator.api.EtcdCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On-demand backups against the fabric8 mock API server. No Job controller runs there, so the test plays it
 * ({@link FinishedJobs}) with the termination message {@code cairn backup save} leaves.
 */
@EnableKubernetesMockClient(crud = true)
class EtcdBackupReconcilerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "with-backups");
    private static final String RESULT = "{\"file\":\"demo-20261124T103005Z-rev42.snap\",\"revision\":42,"
            + "\"size\":25632,\"sha256\":\"b77a0c45\",\"endpoint\":\"https://demo-client.prod.svc:2379\","
            + "\"startTime\":\"2026-11-24T10:30:05Z\",\"completionTime\":\"2026-11-24T10:30:07Z\",\"pruned\":[]}";

    KubernetesClient client;
    private Operator operator;

    @BeforeEach
    void startOperator() {
        operator = new Operator(overrider -> OperatorSettings.configure(overrider)
                .withKubernetesClient(client)
                .withCloseClientOnStop(false)
                .checkingCRDAndValidateLocalModel(false));
        operator.register(new EtcdBackupReconciler(Clock.systemUTC()));
        operator.start();
    }

    @AfterEach
    void stopOperator() {
        operator.stop();
    }

    @Test
    void aFinishedJobsResultBecomesTheStatusAndTheRequestIsNotRunAgain() {
        client.resource(load("cluster.yaml", EtcdCluster.class)).create();
        client.resource(load("backup-request.yaml", EtcdBackup.class)).create();

        Job job = await().atMost(TIMEOUT).until(this::backupJob, found -> found != null);
        await().atMost(TIMEOUT).until(() -> status() != null && status().getPhase() == BackupPhase.Running);
        assertThat(client.persistentVolumeClaims().inNamespace("prod").withName("demo-backups").get()).isNotNull();

        FinishedJobs.succeed(client, job, RESULT);

        await().atMost(TIMEOUT).until(() -> status().getPhase() == BackupPhase.Succeeded);
        EtcdBackupStatus status = status();
        assertThat(status.getFile()).isEqualTo("demo-20261124T103005Z-rev42.snap");
        assertThat(status.getRevision()).isEqualTo(42);
        assertThat(status.getSizeBytes()).isEqualTo(25632);
        assertThat(status.getSha256()).isEqualTo("b77a0c45");
        assertThat(status.getCompletionTime()).isEqualTo("2026-11-24T10:30:07Z");
        assertThat(reasons()).contains("BackupStarted", "BackupSucceeded");

        client.resource(job).delete();
        client.resources(EtcdBackup.class).inNamespace("prod").withName("before-upgrade")
                .edit(backup -> {
                    backup.getMetadata().setAnnotations(Map.of("touched", "yes"));
                    return backup;
                });
        await().during(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() -> backupJob() == null);
    }

    @Test
    void aFailedJobIsReportedWithTheCommandsError() {
        client.resource(load("cluster.yaml", EtcdCluster.class)).create();
        client.resource(load("backup-request.yaml", EtcdBackup.class)).create();
        Job job = await().atMost(TIMEOUT).until(this::backupJob, found -> found != null);

        FinishedJobs.fail(client, job, "WARNING: some JVM noise\nError: no endpoint gave a snapshot: "
                + "https://demo-client.prod.svc:2379: io exception (Connection refused)");

        await().atMost(TIMEOUT).until(() -> status().getPhase() == BackupPhase.Failed);
        assertThat(status().getMessage()).isEqualTo("Error: no endpoint gave a snapshot: "
                + "https://demo-client.prod.svc:2379: io exception (Connection refused)");
        assertThat(reasons()).contains("BackupFailed");
    }

    @Test
    void aRequestForAMissingClusterFailsAtOnce() {
        client.resource(load("backup-request.yaml", EtcdBackup.class)).create();

        await().atMost(TIMEOUT).until(() -> status() != null && status().getPhase() == BackupPhase.Failed);
        assertThat(status().getMessage()).isEqualTo("EtcdCluster demo does not exist in prod");
        assertThat(backupJob()).isNull();
    }

    private Job backupJob() {
        return client.batch().v1().jobs().inNamespace("prod").withName("before-upgrade-backup").get();
    }

    private EtcdBackupStatus status() {
        EtcdBackup backup = client.resources(EtcdBackup.class).inNamespace("prod").withName("before-upgrade").get();
        return backup == null ? null : backup.getStatus();
    }

    private List<String> reasons() {
        return client.v1().events().inNamespace("prod").list().getItems().stream().map(Event::getReason)
                .toList();
    }

    private <T> T load(String file, Class<T> type) {
        try {
            T resource = client.getKubernetesSerialization().unmarshal(Files.readString(GOLDEN.resolve(file)), type);
            ((HasMetadata) resource).getMetadata().setUid(null);
            return resource;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
