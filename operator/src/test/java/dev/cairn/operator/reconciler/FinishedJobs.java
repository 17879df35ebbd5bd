package dev.cairn.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Plays the Job controller and kubelet the mock API server lacks: a Job gets a finished pod carrying the termination
 * message its command left, and the Job's Complete or Failed condition.
 */
final class FinishedJobs {

    private FinishedJobs() {
    }

    static void succeed(KubernetesClient client, Job job, String terminationMessage) {
        finish(client, job, true, terminationMessage);
    }

    static void fail(KubernetesClient client, Job job, String terminationMessage) {
        finish(client, job, false, terminationMessage);
    }

    private static void finish(KubernetesClient client, Job job, boolean succeeded, String terminationMessage) {
        String namespace = job.getMetadata().getNamespace();
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(job.getMetadata().getName() + "-x1").withNamespace(namespace)
                .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job")
                .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid()).endOwnerReference()
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase(succeeded ? "Succeeded" : "Failed")
                .addNewContainerStatus().withName("main").withNewState().withNewTerminated()
                .withExitCode(succeeded ? 0 : 1).withMessage(terminationMessage)
                .endTerminated().endState().endContainerStatus()
                .endStatus()
                .build();
        client.resource(pod).create();
        Job current = client.batch().v1().jobs().inNamespace(namespace).withName(job.getMetadata().getName()).get();
        current.setStatus(new JobStatusBuilder()
                .withConditions(new JobConditionBuilder().withType(succeeded ? "Complete" : "Failed").withStatus("True")
                        .build())
                .withSucceeded(succeeded ? 1 : 0)
                .withFailed(succeeded ? 0 : 1)
                .build());
        client.resource(current).updateStatus();
    }
}
