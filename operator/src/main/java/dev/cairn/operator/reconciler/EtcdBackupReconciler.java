package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.BackupDestination;
import dev.cairn.operator.api.BackupPhase;
import dev.cairn.operator.api.EtcdBackup;
import dev.cairn.operator.api.EtcdBackupStatus;
import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.model.BackupJobs;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Takes the one backup an {@link EtcdBackup} asks for: a Job running {@code cairn backup save} against the named
 * cluster, to the request's destination or else the cluster's scheduled-backup destination. The outcome (file,
 * revision, size, SHA-256, times, or why it failed) goes to the resource's status and an Event; a finished request
 * is never run again.
 */
@ControllerConfiguration(name = EtcdBackupReconciler.NAME)
public class EtcdBackupReconciler implements Reconciler<EtcdBackup> {

    public static final String NAME = "etcdbackup";
    static final Duration POLL = Duration.ofSeconds(3);

    private final Clock clock;
    private final ClusterEvents events;

    public EtcdBackupReconciler(Clock clock) {
        this.clock = clock;
        this.events = new ClusterEvents(clock);
    }

    @Override
    public UpdateControl<EtcdBackup> reconcile(EtcdBackup request, Context<EtcdBackup> context) {
        EtcdBackupStatus status = request.getStatus() != null ? request.getStatus() : new EtcdBackupStatus();
        request.setStatus(status);
        if (status.getPhase() == BackupPhase.Succeeded || status.getPhase() == BackupPhase.Failed) {
            return UpdateControl.noUpdate();
        }
        KubernetesClient client = context.getClient();
        String namespace = request.getMetadata().getNamespace();
        EtcdCluster cluster = client.resources(EtcdCluster.class).inNamespace(namespace)
                .withName(request.getSpec().getClusterName()).get();
        if (cluster == null) {
            return fail(client, request, "EtcdCluster " + request.getSpec().getClusterName() + " does not exist in "
                    + namespace);
        }
        BackupDestination destination = destination(request, cluster);
        if (destination == null) {
            return fail(client, request, "no destination: set spec.destination, or spec.backup on EtcdCluster "
                    + cluster.getMetadata().getName());
        }
        Job desired = BackupJobs.onDemand(request, cluster, destination);
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(desired.getMetadata().getName()).get();
        if (job == null) {
            if (destination.getExistingClaim() == null || destination.getExistingClaim().isBlank()) {
                String claim = BackupJobs.claimName(cluster, destination);
                if (client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get() == null) {
                    client.resource(BackupJobs.claim(cluster, destination)).create();
                }
            }
            client.resource(desired).create();
            status.setPhase(BackupPhase.Running);
            status.setStartTime(now());
            events.normal(client, request, "BackupStarted", "taking a backup of EtcdCluster "
                    + cluster.getMetadata().getName());
            return UpdateControl.patchStatus(request).rescheduleAfter(POLL);
        }
        BackupJobOutcome outcome = BackupJobOutcome.of(client, job);
        switch (outcome.state()) {
            case SUCCEEDED -> {
                BackupResult result = outcome.result().orElseThrow();
                status.setPhase(BackupPhase.Succeeded);
                status.setFile(result.file());
                status.setRevision(result.revision());
                status.setSizeBytes(result.size());
                status.setSha256(result.sha256());
                status.setStartTime(result.startTime());
                status.setCompletionTime(result.completionTime());
                events.normal(client, request, "BackupSucceeded", "backup " + result.file() + " at revision "
                        + result.revision() + " (" + result.size() + " bytes)");
                return UpdateControl.patchStatus(request);
            }
            case FAILED -> {
                return fail(client, request, outcome.message());
            }
            default -> {
                status.setPhase(BackupPhase.Running);
                return UpdateControl.patchStatus(request).rescheduleAfter(POLL);
            }
        }
    }

    private static BackupDestination destination(EtcdBackup request, EtcdCluster cluster) {
        if (request.getSpec().getDestination() != null) {
            return request.getSpec().getDestination();
        }
        return cluster.getSpec().getBackup() != null ? cluster.getSpec().getBackup().getDestination() : null;
    }

    private UpdateControl<EtcdBackup> fail(KubernetesClient client, EtcdBackup request, String message) {
        request.getStatus().setPhase(BackupPhase.Failed);
        request.getStatus().setMessage(message);
        request.getStatus().setCompletionTime(now());
        events.warning(client, request, "BackupFailed", message);
        return UpdateControl.patchStatus(request);
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
}
