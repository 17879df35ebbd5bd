package dev.cairn.operator.reconciler;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How a backup or restore-check Job ended, read as {@code kubectl} would show it: the Job's Complete or Failed
 * condition, and the termination message of its newest pod (the command's JSON result, or its last log lines when it
 * failed).
 *
 * @param result  the parsed JSON result, when the Job completed
 * @param message the failure as the pod reported it, when the Job failed
 */
record BackupJobOutcome(State state, Optional<BackupResult> result, String message) {

    enum State { RUNNING, SUCCEEDED, FAILED }

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    static BackupJobOutcome of(KubernetesClient client, Job job) {
        Optional<String> terminationMessage = newestPod(client, job).flatMap(BackupJobOutcome::terminationMessage);
        if (hasCondition(job, "Complete") || job.getStatus() != null && job.getStatus().getSucceeded() != null
                && job.getStatus().getSucceeded() > 0) {
            try {
                String line = terminationMessage.orElseThrow().strip().lines().reduce((a, b) -> b).orElseThrow();
                return new BackupJobOutcome(State.SUCCEEDED, Optional.of(JSON.unmarshal(line, BackupResult.class)), "");
            } catch (RuntimeException e) {
                return new BackupJobOutcome(State.FAILED, Optional.empty(),
                        "the job completed but left no readable result: " + terminationMessage.orElse("(none)"));
            }
        }
        if (hasCondition(job, "Failed")) {
            return new BackupJobOutcome(State.FAILED, Optional.empty(), terminationMessage
                    .map(BackupJobOutcome::lastErrorLine)
                    .orElse(conditionMessage(job, "Failed").orElse("the job failed without a message")));
        }
        return new BackupJobOutcome(State.RUNNING, Optional.empty(), "");
    }

    private static boolean hasCondition(Job job, String type) {
        return conditions(job).stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Optional<String> conditionMessage(Job job, String type) {
        return conditions(job).stream().filter(c -> type.equals(c.getType())).map(JobCondition::getMessage)
                .filter(message -> message != null && !message.isBlank()).findFirst();
    }

    private static List<JobCondition> conditions(Job job) {
        return job.getStatus() == null || job.getStatus().getConditions() == null ? List.of()
                : job.getStatus().getConditions();
    }

    /** The Job's pods are those it owns (by uid), whatever labels the cluster adds to them. */
    private static Optional<Pod> newestPod(KubernetesClient client, Job job) {
        return client.pods().inNamespace(job.getMetadata().getNamespace()).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences()
                        .stream().anyMatch(owner -> job.getMetadata().getUid().equals(owner.getUid())))
                .max(Comparator.comparing(pod -> String.valueOf(pod.getMetadata().getCreationTimestamp())));
    }

    private static Optional<String> terminationMessage(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream().map(ContainerStatus::getState)
                .filter(state -> state != null && state.getTerminated() != null)
                .map(state -> state.getTerminated()).map(ContainerStateTerminated::getMessage)
                .filter(message -> message != null && !message.isBlank()).findFirst();
    }

    /** cairn's tools print their failure as one "Error: ..." line; anything else is shown as its last line. */
    private static String lastErrorLine(String log) {
        List<String> lines = log.strip().lines().toList();
        return lines.stream().filter(line -> line.startsWith("Error: ")).reduce((a, b) -> b)
                .orElse(lines.isEmpty() ? "" : lines.getLast());
    }
}
