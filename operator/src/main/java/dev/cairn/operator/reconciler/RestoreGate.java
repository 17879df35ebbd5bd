package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.BackupRecord;
import dev.cairn.operator.api.ClusterPhase;
import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterStatus;
import dev.cairn.operator.api.RestoreSpec;
import dev.cairn.operator.model.ClusterNames;
import dev.cairn.operator.model.RestoreJobs;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Holds back the first formation of a cluster restored from a backup ({@code spec.bootstrap.restore}) until a
 * check Job has verified the chosen backup, and refuses, with nothing started, when the backup is missing, fails its
 * hash, or the cluster already holds data. The verified backup is recorded in {@code status.restoredFrom}, which
 * pins the file every member restores.
 */
final class RestoreGate {

    static final String RESTORE_CHECKING = "RestoreChecking";
    static final String RESTORE_REFUSED = "RestoreRefused";

    /** Whether the bootstrap may go ahead; when not, the refusal if there is one (otherwise the check runs). */
    record Verdict(boolean ready, Optional<String> refusal) {
        static final Verdict READY = new Verdict(true, Optional.empty());
        static final Verdict CHECKING = new Verdict(false, Optional.empty());

        static Verdict refused(String why) {
            return new Verdict(false, Optional.of(why));
        }
    }

    private final Clock clock;

    RestoreGate(Clock clock) {
        this.clock = clock;
    }

    Verdict check(KubernetesClient client, EtcdCluster cluster) {
        RestoreSpec restore = cluster.getSpec().getBootstrap() == null ? null
                : cluster.getSpec().getBootstrap().getRestore();
        EtcdClusterStatus status = cluster.getStatus();
        if (restore == null || status != null && (status.getRestoredFrom() != null || status.getClusterId() != null)) {
            return Verdict.READY; // nothing to restore, already checked, or formed before: restoring is past
        }
        ClusterNames names = ClusterNames.of(cluster);
        List<String> claims = client.persistentVolumeClaims().inNamespace(names.namespace()).list().getItems().stream()
                .map(PersistentVolumeClaim::getMetadata).map(meta -> meta.getName())
                .filter(name -> name.startsWith("data-" + names.statefulSet() + "-")).sorted().toList();
        if (!claims.isEmpty()) {
            return Verdict.refused("the cluster already holds data in " + String.join(", ", claims)
                    + "; a restore never overwrites a cluster's data");
        }
        Job desired = RestoreJobs.verifyJob(cluster);
        Job job = client.batch().v1().jobs().inNamespace(names.namespace()).withName(desired.getMetadata().getName())
                .get();
        if (job == null) {
            client.resource(desired).create();
            return Verdict.CHECKING;
        }
        BackupJobOutcome outcome = BackupJobOutcome.of(client, job);
        return switch (outcome.state()) {
            case RUNNING -> Verdict.CHECKING;
            case FAILED -> Verdict.refused("backup " + restore.getFile() + " of " + RestoreJobs.sourceCluster(cluster)
                    + " in claim " + restore.getClaimName() + " cannot be restored: " + outcome.message());
            case SUCCEEDED -> {
                BackupResult result = outcome.result().orElseThrow();
                BackupRecord record = new BackupRecord();
                record.setJob(job.getMetadata().getName());
                record.setSucceeded(true);
                record.setFile(result.file());
                record.setRevision(result.revision());
                record.setSizeBytes(result.size());
                record.setSha256(result.sha256());
                record.setTime(now());
                status.setRestoredFrom(record);
                yield Verdict.READY;
            }
        };
    }

    /** The status while the bootstrap is held back; a refusal is announced once, when it is first seen. */
    void report(KubernetesClient client, EtcdCluster cluster, Verdict verdict, ClusterEvents events) {
        EtcdClusterStatus status = cluster.getStatus();
        boolean refusedBefore = status.getConditions().stream().anyMatch(c -> "Degraded".equals(c.getType())
                && RESTORE_REFUSED.equals(c.getReason()) && "True".equals(c.getStatus()));
        List<Condition> conditions = new ArrayList<>();
        if (verdict.refusal().isPresent()) {
            String why = verdict.refusal().get();
            conditions.add(condition(status, "Available", "False", RESTORE_REFUSED, why));
            conditions.add(condition(status, "Progressing", "False", RESTORE_REFUSED, why));
            conditions.add(condition(status, "Degraded", "True", RESTORE_REFUSED, why));
            status.setPhase(ClusterPhase.Degraded);
            if (!refusedBefore) {
                events.warning(client, cluster, RESTORE_REFUSED, why);
            }
        } else {
            String what = "checking the backup to restore before any member starts";
            conditions.add(condition(status, "Available", "False", RESTORE_CHECKING, what));
            conditions.add(condition(status, "Progressing", "True", RESTORE_CHECKING, what));
            conditions.add(condition(status, "Degraded", "False", RESTORE_CHECKING, what));
            status.setPhase(ClusterPhase.Pending);
        }
        status.setConditions(conditions);
        status.setObservedGeneration(cluster.getMetadata().getGeneration());
        status.setSelector(ClusterNames.of(cluster).selector());
    }

    private Condition condition(EtcdClusterStatus status, String type, String value, String reason, String message) {
        String since = status.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime).filter(Objects::nonNull).findFirst().orElse(now());
        return new ConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).build();
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
}
