package dev.cairn.standin.controllers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plays the Job controller for non-indexed Jobs: runs up to parallelism pods (named {@code <job>-<random>}) until
 * completions pods succeeded; counts failures (failed pods, plus container restarts under restartPolicy
 * OnFailure) and fails the Job with BackoffLimitExceeded past backoffLimit, deleting its running pods. Status:
 * startTime, active, ready, succeeded, failed, completionTime and the Complete/Failed conditions. Not simulated:
 * the exponential delay between retries, activeDeadlineSeconds, indexed completion, pod failure policies,
 * suspend, ttlSecondsAfterFinished.
 */
public final class JobController implements AutoCloseable {

    static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    static final String LEGACY_JOB_NAME_LABEL = "job-name";
    static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final KubernetesClient client;
    private final Clock clock;
    private final ControllerLoop loop;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    public JobController(KubernetesClient client, Clock clock, Duration resync) {
        this.client = client;
        this.clock = clock;
        this.loop = new ControllerLoop("job-controller", this::reconcile, this::everything, resync);
    }

    public void start() {
        informers.add(client.batch().v1().jobs().inAnyNamespace()
                .inform(Handlers.onChange(job -> loop.enqueue(ObjectKey.of(job)))));
        informers.add(client.pods().inAnyNamespace().inform(Handlers.onChange(pod -> Owners.controllerOf(pod, "Job")
                .ifPresent(owner -> loop.enqueue(new ObjectKey(pod.getMetadata().getNamespace(), owner.getName()))))));
        loop.start();
    }

    private Collection<ObjectKey> everything() {
        return client.batch().v1().jobs().inAnyNamespace().list().getItems().stream().map(ObjectKey::of).toList();
    }

    /** Whether a Job has finished, successfully or not: the CronJob controller asks it too. */
    static boolean isFinished(Job job) {
        return finishedCondition(job) != null;
    }

    static boolean succeeded(Job job) {
        return "Complete".equals(finishedCondition(job));
    }

    private static String finishedCondition(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        return job.getStatus().getConditions().stream()
                .filter(condition -> "True".equals(condition.getStatus()))
                .map(JobCondition::getType)
                .filter(type -> type.equals("Complete") || type.equals("Failed"))
                .findFirst().orElse(null);
    }

    private void reconcile(ObjectKey key) {
        Job job = client.batch().v1().jobs().inNamespace(key.namespace()).withName(key.name()).get();
        if (job == null || PodStates.isTerminating(job) || isFinished(job)) {
            return;
        }
        List<Pod> pods = client.pods().inNamespace(key.namespace()).list().getItems().stream()
                .filter(pod -> Owners.isControlledBy(pod, job)).toList();
        int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
        int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
        int succeeded = (int) pods.stream().filter(pod -> PodStates.SUCCEEDED.equals(PodStates.phase(pod))).count();
        int failedPods = (int) pods.stream().filter(pod -> PodStates.FAILED.equals(PodStates.phase(pod))).count();
        int failures = failedPods + restarts(job, pods);
        List<Pod> active = pods.stream().filter(PodStates::isActive).toList();

        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        JobStatusBuilder status = new JobStatusBuilder()
                .withStartTime(job.getStatus() != null && job.getStatus().getStartTime() != null
                        ? job.getStatus().getStartTime() : now)
                .withSucceeded(succeeded)
                .withFailed(failedPods)
                .withReady((int) active.stream().filter(PodStates::isReady).count());
        if (succeeded >= completions) {
            active.forEach(pod -> client.resource(pod).delete());
            status.withActive(0).withCompletionTime(now).withConditions(condition("Complete", null, now));
        } else if (failures > backoffLimit) {
            active.forEach(pod -> client.resource(pod).delete());
            status.withActive(0).withConditions(condition("Failed", "BackoffLimitExceeded", now));
        } else {
            int wanted = Math.min(parallelism, completions - succeeded);
            for (int i = active.size(); i < wanted; i++) {
                client.resource(newPod(job)).create();
            }
            status.withActive(Math.max(active.size(), wanted));
        }
        JobStatus written = status.build();
        if (!Statuses.same(written, job.getStatus())) {
            job.setStatus(written);
            client.resource(job).updateStatus();
        }
    }

    /** Under OnFailure the kubelet restarts failed containers in place; each restart counts as a failure. */
    private static int restarts(Job job, List<Pod> pods) {
        if (!"OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy())) {
            return 0;
        }
        return pods.stream()
                .filter(pod -> pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null)
                .flatMap(pod -> pod.getStatus().getContainerStatuses().stream())
                .map(ContainerStatus::getRestartCount)
                .filter(Objects::nonNull)
                .mapToInt(Integer::intValue)
                .sum();
    }

    private static JobCondition condition(String type, String reason, String now) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason)
                .withLastProbeTime(now).withLastTransitionTime(now).build();
    }

    private static Pod newPod(Job job) {
        PodTemplateSpec template = job.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(JOB_NAME_LABEL, job.getMetadata().getName());
        labels.put(LEGACY_JOB_NAME_LABEL, job.getMetadata().getName());
        labels.put(CONTROLLER_UID_LABEL, job.getMetadata().getUid());
        PodSpec spec = JSON.clone(template.getSpec());
        return new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-" + Names.randomSuffix())
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
                .withOwnerReferences(Owners.controllerReference(job))
                .endMetadata()
                .withSpec(spec)
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        loop.close();
    }
}
