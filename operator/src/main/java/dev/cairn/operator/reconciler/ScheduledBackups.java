package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.BackupDestination;
import dev.cairn.operator.api.BackupRecord;
import dev.cairn.operator.api.BackupSpec;
import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterStatus;
import dev.cairn.operator.model.BackupJobs;
import dev.cairn.operator.model.ClusterNames;
import dev.cairn.operator.model.StoredSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code spec.backup}: keeps the backup CronJob (from the moment the cluster has formed) and the claim the operator
 * creates for it as the spec says, and reports the scheduled runs: the newest run and the newest success in the
 * status, a {@code BackupHealthy} condition that follows the newest finished run, and an Event for each run that
 * finished. A failed run changes nothing else: the schedule goes on.
 */
final class ScheduledBackups {

    static final String BACKUP_HEALTHY = "BackupHealthy";

    private final Clock clock;
    private final ClusterEvents events;

    ScheduledBackups(Clock clock, ClusterEvents events) {
        this.clock = clock;
        this.events = events;
    }

    /**
     * @param previous the BackupHealthy condition as the status held it before this round's status was written
     */
    void reconcile(KubernetesClient client, EtcdCluster cluster, Optional<Condition> previous) {
        ClusterNames names = ClusterNames.of(cluster);
        EtcdClusterStatus status = cluster.getStatus();
        BackupSpec backup = cluster.getSpec().getBackup();
        if (backup == null) {
            client.batch().v1().cronjobs().inNamespace(names.namespace()).withName(names.cluster() + "-backup")
                    .delete();
            return;
        }
        BackupDestination destination = StoredSpec.defaulted(backup.getDestination(), "spec.backup.destination");
        String claim = BackupJobs.claimName(cluster, destination);
        if ((destination.getExistingClaim() == null || destination.getExistingClaim().isBlank())
                && client.persistentVolumeClaims().inNamespace(names.namespace()).withName(claim).get() == null) {
            client.resource(BackupJobs.claim(cluster, destination)).create();
        }
        CronJob desired = BackupJobs.cronJob(cluster);
        if (status.getClusterId() == null && client.resource(desired).get() == null) {
            // A run before any member serves finds nothing to back up and would report a failure of a cluster that
            // is merely starting: the schedule begins once the cluster has formed.
            status.getConditions().add(condition(previous, "Unknown", "NoBackupYet",
                    "backups are scheduled once the cluster has formed"));
            return;
        }
        client.resource(desired).createOr(NonDeletingOperation::update);

        List<Finished> finished = client.batch().v1().jobs().inNamespace(names.namespace())
                .withLabels(Map.of(ClusterNames.INSTANCE_LABEL, names.cluster(), BackupJobs.BACKUP_LABEL, "scheduled"))
                .list().getItems().stream()
                .map(job -> new Finished(job, BackupJobOutcome.of(client, job)))
                .filter(run -> run.outcome().state() != BackupJobOutcome.State.RUNNING)
                // Newest first; runs of one second are told apart by name, which the CronJob controller derives
                // from the scheduled time.
                .sorted(Comparator.comparing((Finished run) -> created(run.job()))
                        .thenComparing(run -> run.job().getMetadata().getName()).reversed())
                .toList();
        if (finished.isEmpty()) {
            status.getConditions().add(condition(previous, "Unknown", "NoBackupYet", "no scheduled backup has run yet"));
            return;
        }
        Finished newest = finished.getFirst();
        boolean newRun = status.getLastScheduledBackup() == null
                || !newest.job().getMetadata().getName().equals(status.getLastScheduledBackup().getJob());
        BackupRecord newestRecord = record(newest);
        status.setLastScheduledBackup(newestRecord);
        finished.stream().filter(run -> run.outcome().state() == BackupJobOutcome.State.SUCCEEDED).findFirst()
                .map(this::record).ifPresent(status::setLastSuccessfulBackup);
        if (Boolean.TRUE.equals(newestRecord.getSucceeded())) {
            String what = "backup " + newestRecord.getFile() + " at revision " + newestRecord.getRevision() + " ("
                    + newestRecord.getSizeBytes() + " bytes)";
            status.getConditions().add(condition(previous, "True", "BackupSucceeded", what));
            if (newRun) {
                events.normal(client, cluster, "BackupSucceeded", what);
            }
        } else {
            status.getConditions().add(condition(previous, "False", "BackupFailed", newestRecord.getMessage()));
            if (newRun) {
                events.warning(client, cluster, "BackupFailed", "scheduled backup " + newestRecord.getJob()
                        + " failed: " + newestRecord.getMessage());
            }
        }
    }

    private record Finished(Job job, BackupJobOutcome outcome) {
    }

    private BackupRecord record(Finished run) {
        BackupRecord record = new BackupRecord();
        record.setJob(run.job().getMetadata().getName());
        record.setSucceeded(run.outcome().state() == BackupJobOutcome.State.SUCCEEDED);
        run.outcome().result().ifPresentOrElse(result -> {
            record.setFile(result.file());
            record.setRevision(result.revision());
            record.setSizeBytes(result.size());
            record.setSha256(result.sha256());
            record.setTime(result.completionTime());
        }, () -> {
            record.setMessage(run.outcome().message());
            record.setTime(run.job().getStatus() != null && run.job().getStatus().getCompletionTime() != null
                    ? run.job().getStatus().getCompletionTime() : created(run.job()));
        });
        return record;
    }

    private static String created(Job job) {
        return Objects.requireNonNullElse(job.getMetadata().getCreationTimestamp(), "");
    }

    /** The transition time is kept while the condition's status holds. */
    private Condition condition(Optional<Condition> previous, String value, String reason, String message) {
        String since = previous.filter(c -> value.equals(c.getStatus())).map(Condition::getLastTransitionTime)
                .orElse(DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        return new ConditionBuilder().withType(BACKUP_HEALTHY).withStatus(value).withReason(reason)
                .withMessage(message).withLastTransitionTime(since).build();
    }

    static Optional<Condition> find(EtcdClusterStatus status) {
        return status == null ? Optional.empty() : status.getConditions().stream()
                .filter(c -> BACKUP_HEALTHY.equals(c.getType())).findFirst();
    }
}
