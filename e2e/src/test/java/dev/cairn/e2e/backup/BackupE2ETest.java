package dev.cairn.e2e.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.standin.StandIn;
import dev.cairn.standin.StandInSettings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's backup and restore scenarios, end to end on the stand-in with the operator and cairn members as real
 * processes: scheduled backups (verified files, retention, a member down, suspend), an on-demand EtcdBackup, a
 * restore into a new three-member cluster, and the refusal of tampered snapshots. One stand-in and one source
 * cluster serve every scenario, in order: the scheduled backups are suspended before the on-demand one, so that
 * the on-demand backup is the newest ({@code latest}) when the new cluster restores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupE2ETest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String NAMESPACE = "default";
    private static final String SOURCE = "src";
    private static final String BACKUP_CLAIM = SOURCE + "-backups";
    private static final int KEEP_LAST = 2;
    private static final int CLIENT_PORT = 2379;
    private static final int PEER_PORT = 2380;
    /** Every minute: the stand-in's CronJob controller runs on real time, so each run is a minute apart. */
    private static final Duration RUN_WAIT = Duration.ofSeconds(150);
    private static final Map<String, String> SCHEDULED_JOBS = Map.of("app.kubernetes.io/instance", SOURCE,
            "cairn.dev/backup", "scheduled");

    @TempDir
    static Path dir;

    private StandIn standIn;
    private Resources resources;
    private ClusterAccess source;
    private BackupDir backups;

    private Instant suspendedAt;
    private Set<String> scheduledJobsWhenSuspended;
    private String lastScheduleWhenSuspended;
    private List<String> snapshotsAfterOnDemand;
    private String onDemandFile;
    private long onDemandRevision;
    private long sourceHashAtRevision;

    @BeforeAll
    void startSourceCluster() {
        StandInSettings settings = new StandInSettings(REPOSITORY, dir.resolve("standin"), 0,
                Path.of(System.getProperty("java.home")));
        standIn = StandIn.start(settings);
        standIn.installOperator();
        resources = new Resources(standIn.client(), NAMESPACE);
        resources.create("""
                apiVersion: cairn.dev/v1alpha1
                kind: EtcdCluster
                metadata:
                  name: %s
                spec:
                  replicas: 3
                  version: 0.1.0
                  backup:
                    schedule: "* * * * *"
                    retention:
                      keepLast: %d
                """.formatted(SOURCE, KEEP_LAST));
        awaitAvailable(SOURCE, Duration.ofSeconds(180));
        source = ClusterAccess.open(standIn.client(), NAMESPACE, SOURCE, dir.resolve("client-" + SOURCE));
        for (int i = 0; i < 10; i++) {
            source.etcdctl().put("key-" + i, "value-" + i);
        }
        String claimUid = standIn.client().persistentVolumeClaims().inNamespace(NAMESPACE).withName(BACKUP_CLAIM)
                .get().getMetadata().getUid();
        backups = new BackupDir(settings.kubeletDir().resolve("claims").resolve(claimUid));
    }

    @AfterAll
    void stop() {
        if (source != null) {
            source.close();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    @Test
    @Order(1)
    void scheduledBackupsAreVerifiedKeptToKeepLastGoOnWhileAMemberIsDownAndStopWhenSuspended() {
        SequencedMap<String, Map<String, Object>> successes = new LinkedHashMap<>();
        awaitScheduledSuccesses(successes, 1);
        String firstFile = (String) successes.firstEntry().getValue().get("file");

        String downPod = SOURCE + "-0";
        Pod pod = standIn.client().pods().inNamespace(NAMESPACE).withName(downPod).get();
        try (DownMember down = DownMember.takeDown(standIn.kubelet(), NAMESPACE, downPod,
                pod.getStatus().getPodIP(), CLIENT_PORT, PEER_PORT)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !Resources.isReady(
                    standIn.client().pods().inNamespace(NAMESPACE).withName(downPod).get()));
            int beforeDown = successes.size();
            awaitScheduledSuccesses(successes, beforeDown + KEEP_LAST);
            assertThat(Resources.isReady(standIn.client().pods().inNamespace(NAMESPACE).withName(downPod).get()))
                    .as("the member stayed down through the runs").isFalse();
        }
        // Back up, the member rejoins; the scenarios after this one start from a whole cluster.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(resources.memberPods(SOURCE))
                .hasSize(3).allMatch(Resources::isReady));

        suspendSchedule();
        CronJob suspended = await().atMost(Duration.ofSeconds(30)).until(
                () -> standIn.client().batch().v1().cronjobs().inNamespace(NAMESPACE).withName(SOURCE + "-backup")
                        .get(),
                cronJob -> Boolean.TRUE.equals(cronJob.getSpec().getSuspend()) && cronJob.getStatus() != null
                        && (cronJob.getStatus().getActive() == null || cronJob.getStatus().getActive().isEmpty()));
        suspendedAt = Instant.now();
        lastScheduleWhenSuspended = suspended.getStatus().getLastScheduleTime();
        scheduledJobsWhenSuspended = scheduledJobNames();

        GenericKubernetesResource after = resources.cluster(SOURCE).get();
        Map<String, Object> lastSuccessful = Resources.statusMap(after, "lastSuccessfulBackup");
        String lastFile = (String) lastSuccessful.get("file");
        List<String> kept = backups.snapshots(SOURCE);
        assertThat(kept).as("retention keeps exactly keepLast backups").hasSize(KEEP_LAST)
                .contains(lastFile).doesNotContain(firstFile);
        for (String file : kept) {
            assertThat(backups.recordedSha256(file)).as("the .sha256 of " + file).isEqualTo(backups.actualSha256(file));
        }
        assertThat(lastSuccessful.get("sha256")).isEqualTo(backups.actualSha256(lastFile));
        assertThat(((Number) lastSuccessful.get("sizeBytes")).longValue()).isEqualTo(backups.size(lastFile));
        assertThat(lastFile).matches(SOURCE + "-\\d{8}T\\d{6}Z-rev" + lastSuccessful.get("revision") + "\\.snap");
        assertThat(Resources.condition(after, "BackupHealthy")).hasValueSatisfying(condition -> {
            assertThat(condition.get("status")).isEqualTo("True");
            assertThat(condition.get("reason")).isEqualTo("BackupSucceeded");
            assertThat((String) condition.get("message")).contains(lastFile);
        });
        assertThat(Resources.statusMap(after, "lastScheduledBackup")).containsEntry("succeeded", true)
                .containsEntry("file", lastFile);
        List<String> reasons = resources.events("EtcdCluster", SOURCE).stream().map(Event::getReason).toList();
        assertThat(reasons).as("the schedule begins once the cluster has formed").doesNotContain("BackupFailed");
        assertThat(reasons.stream().filter("BackupSucceeded"::equals).count()).isGreaterThanOrEqualTo(KEEP_LAST + 1);
    }

    @Test
    @Order(2)
    void anOnDemandBackupRecordsItsFileRevisionSizeAndHash() {
        source.etcdctl().put("key-3", "value-3-changed");
        source.etcdctl().put("on-demand", "yes");
        resources.create("""
                apiVersion: cairn.dev/v1alpha1
                kind: EtcdBackup
                metadata:
                  name: on-demand
                spec:
                  clusterName: %s
                """.formatted(SOURCE));
        GenericKubernetesResource done = await().atMost(Duration.ofSeconds(90)).until(
                () -> resources.backup("on-demand").get(),
                backup -> Set.of("Succeeded", "Failed").contains(Resources.status(backup, "phase").orElse("")));
        Map<String, Object> status = Resources.statusMap(done);
        assertThat(status.get("phase")).as("status %s", status).isEqualTo("Succeeded");
        onDemandFile = (String) status.get("file");
        onDemandRevision = ((Number) status.get("revision")).longValue();
        assertThat(onDemandFile).matches(SOURCE + "-\\d{8}T\\d{6}Z-rev" + onDemandRevision + "\\.snap");
        assertThat(((Number) status.get("sizeBytes")).longValue()).isEqualTo(backups.size(onDemandFile));
        assertThat(status.get("sha256")).isEqualTo(backups.actualSha256(onDemandFile))
                .isEqualTo(backups.recordedSha256(onDemandFile));
        assertThat(Instant.parse((String) status.get("startTime")))
                .isBeforeOrEqualTo(Instant.parse((String) status.get("completionTime")));
        assertThat(resources.events("EtcdBackup", "on-demand")).extracting(Event::getReason)
                .contains("BackupSucceeded");
        assertThat(backups.snapshots(SOURCE)).as("an on-demand backup prunes nothing").hasSize(KEEP_LAST + 1);
        snapshotsAfterOnDemand = backups.snapshots(SOURCE);
        sourceHashAtRevision = source.etcdctl().hashKv(onDemandRevision);
    }

    @Test
    @Order(3)
    void aNewClusterRestoredFromLatestHasTheSnapshotsDataAndTakesWrites() {
        Instant applied = Instant.now();
        resources.create("""
                apiVersion: cairn.dev/v1alpha1
                kind: EtcdCluster
                metadata:
                  name: restored
                spec:
                  replicas: 3
                  version: 0.1.0
                  bootstrap:
                    restore:
                      claimName: %s
                      sourceCluster: %s
                """.formatted(BACKUP_CLAIM, SOURCE));
        GenericKubernetesResource available = awaitAvailable("restored", Duration.ofSeconds(180));
        System.out.println("E2E-FIGURE restore-apply-to-available-ms="
                + Duration.between(applied, Instant.now()).toMillis());

        assertThat(Resources.statusMap(available, "restoredFrom")).containsEntry("file", onDemandFile)
                .containsEntry("succeeded", true);
        assertThat(((Number) Resources.statusMap(available, "restoredFrom").get("revision")).longValue())
                .isEqualTo(onDemandRevision);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(resources.memberPods("restored"))
                .hasSize(3).allMatch(Resources::isReady));
        try (ClusterAccess restored = ClusterAccess.open(standIn.client(), NAMESPACE, "restored",
                dir.resolve("client-restored"))) {
            Etcdctl etcdctl = restored.etcdctl();
            List<String> members = etcdctl.memberList().strip().lines().toList();
            assertThat(members).hasSize(3).allMatch(line -> line.contains(", started, ") && line.endsWith(", false"));
            assertThat(etcdctl.hashKv(onDemandRevision)).as("HashKV at the backup's revision")
                    .isEqualTo(sourceHashAtRevision);
            assertThat(etcdctl.get("key-3")).isEqualTo("value-3-changed");
            assertThat(etcdctl.get("on-demand")).isEqualTo("yes");
            etcdctl.put("after-restore", "accepted");
            assertThat(etcdctl.get("after-restore")).isEqualTo("accepted");
        }
        resources.cluster("restored").delete();
        await().atMost(Duration.ofSeconds(90)).until(() -> resources.memberPods("restored").isEmpty());
    }

    @Test
    @Order(4)
    void corruptedAndTruncatedSnapshotsAreRefusedWithNothingStarted() {
        byte[] good = backups.read(onDemandFile);
        byte[] corrupted = good.clone();
        for (int i = good.length / 2; i < good.length / 2 + 64; i++) {
            corrupted[i] ^= 0x5a;
        }
        String corruptedFile = "tampered-20260101T000000Z-rev" + onDemandRevision + ".snap";
        backups.write(corruptedFile, corrupted, good); // the hash recorded is the good file's
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        String truncatedFile = "tampered-20260101T000100Z-rev" + onDemandRevision + ".snap";
        backups.write(truncatedFile, truncated, truncated); // a matching hash: only the snapshot itself tells

        Map<String, String> refusals = new LinkedHashMap<>();
        for (String[] restore : List.of(new String[] {"corrupted", corruptedFile},
                new String[] {"truncated", truncatedFile})) {
            resources.create("""
                    apiVersion: cairn.dev/v1alpha1
                    kind: EtcdCluster
                    metadata:
                      name: %s
                    spec:
                      replicas: 3
                      version: 0.1.0
                      bootstrap:
                        restore:
                          claimName: %s
                          sourceCluster: tampered
                          file: %s
                    """.formatted(restore[0], BACKUP_CLAIM, restore[1]));
        }
        for (String name : List.of("corrupted", "truncated")) {
            GenericKubernetesResource refused = await().atMost(Duration.ofSeconds(90)).until(
                    () -> resources.cluster(name).get(),
                    cluster -> Resources.hasCondition(cluster, "Degraded", "True"));
            Map<?, ?> degraded = Resources.condition(refused, "Degraded").orElseThrow();
            assertThat(degraded.get("reason")).isEqualTo("RestoreRefused");
            String message = (String) degraded.get("message");
            refusals.put(name, message);
            assertThat(Resources.condition(refused, "Available")).hasValueSatisfying(
                    available -> assertThat(available.get("status")).isEqualTo("False"));
            assertThat(resources.events("EtcdCluster", name)).filteredOn(e -> "RestoreRefused".equals(e.getReason()))
                    .extracting(Event::getMessage).containsExactly(message);
            assertThat(resources.memberPods(name)).as("member pods of " + name).isEmpty();
            StatefulSet members = standIn.client().apps().statefulSets().inNamespace(NAMESPACE).withName(name).get();
            if (members != null) {
                assertThat(members.getSpec().getReplicas()).as("replicas of the held-back StatefulSet " + name)
                        .isZero();
            }
            assertThat(standIn.client().persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems())
                    .extracting(claim -> claim.getMetadata().getName())
                    .noneMatch(claim -> claim.startsWith("data-" + name + "-"));
        }
        System.out.println("refusals: " + refusals);
        assertThat(refusals.get("corrupted")).contains(corruptedFile).contains("fails its hash");
        assertThat(refusals.get("truncated")).contains(truncatedFile).contains("cannot be restored")
                .doesNotContain("fails its hash");
    }

    @Test
    @Order(5)
    void aSuspendedScheduleStartsNoMoreRuns() {
        Instant nextMinutePassed = suspendedAt.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1))
                .plusSeconds(10); // two resync periods of the CronJob controller, and a margin
        await().atMost(Duration.ofSeconds(90)).until(() -> Instant.now().isAfter(nextMinutePassed));
        assertThat(scheduledJobNames()).isEqualTo(scheduledJobsWhenSuspended);
        assertThat(standIn.client().batch().v1().cronjobs().inNamespace(NAMESPACE).withName(SOURCE + "-backup").get()
                .getStatus().getLastScheduleTime()).isEqualTo(lastScheduleWhenSuspended);
        assertThat(backups.snapshots(SOURCE)).isEqualTo(snapshotsAfterOnDemand);
    }

    /** Polls the source's status until {@code count} distinct scheduled runs succeeded, collecting each. */
    private void awaitScheduledSuccesses(SequencedMap<String, Map<String, Object>> successes, int count) {
        await().atMost(RUN_WAIT.multipliedBy(Math.max(1, count - successes.size())))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    GenericKubernetesResource cluster = resources.cluster(SOURCE).get();
                    Map<String, Object> last = Resources.statusMap(cluster, "lastSuccessfulBackup");
                    if (last.get("job") instanceof String job) {
                        successes.putIfAbsent(job, last);
                    }
                    Map<String, Object> scheduled = Resources.statusMap(cluster, "lastScheduledBackup");
                    assertThat(scheduled.get("succeeded")).as("last scheduled run %s", scheduled)
                            .isNotEqualTo(false);
                    return successes.size() >= count;
                });
    }

    private Set<String> scheduledJobNames() {
        return standIn.client().batch().v1().jobs().inNamespace(NAMESPACE).withLabels(SCHEDULED_JOBS).list()
                .getItems().stream().map(Job::getMetadata).map(meta -> meta.getName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private GenericKubernetesResource awaitAvailable(String name, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> resources.cluster(name).get(),
                cluster -> Resources.hasCondition(cluster, "Available", "True"));
    }

    /** {@code kubectl patch --type=merge} setting {@code spec.backup.suspend: true}. */
    private void suspendSchedule() {
        resources.cluster(SOURCE).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"backup\":{\"suspend\":true}}}");
    }
}
