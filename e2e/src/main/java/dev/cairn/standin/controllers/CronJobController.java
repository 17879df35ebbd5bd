package dev.cairn.standin.controllers;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Plays the CronJob controller: at each time the schedule (UTC) fires, unless suspended, creates the Job
 * {@code <cronjob>-<minutes since the epoch>} from the jobTemplate, as Kubernetes names it. Only the latest missed
 * time runs, and not when it is older than startingDeadlineSeconds. concurrencyPolicy: Allow; Forbid skips a time
 * while a Job of it is still running; Replace deletes the running ones first. Finished Jobs beyond
 * successfulJobsHistoryLimit (3) and failedJobsHistoryLimit (1) are deleted, oldest first. Status: active,
 * lastScheduleTime, lastSuccessfulTime. Time comes from the given clock; the loop's resync is its tick, so a
 * time fires within one resync period. spec.timeZone other than UTC is refused.
 */
public final class CronJobController implements AutoCloseable {

    static final String SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    private static final Logger LOG = Logger.getLogger(CronJobController.class.getName());
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final KubernetesClient client;
    private final Clock clock;
    private final ControllerLoop loop;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    public CronJobController(KubernetesClient client, Clock clock, Duration resync) {
        this.client = client;
        this.clock = clock;
        this.loop = new ControllerLoop("cronjob-controller", this::reconcile, this::everything, resync);
    }

    public void start() {
        informers.add(client.batch().v1().cronjobs().inAnyNamespace()
                .inform(Handlers.onChange(cronJob -> loop.enqueue(ObjectKey.of(cronJob)))));
        informers.add(client.batch().v1().jobs().inAnyNamespace().inform(Handlers.onChange(job -> Owners
                .controllerOf(job, "CronJob")
                .ifPresent(owner -> loop.enqueue(new ObjectKey(job.getMetadata().getNamespace(), owner.getName()))))));
        loop.start();
    }

    private Collection<ObjectKey> everything() {
        return client.batch().v1().cronjobs().inAnyNamespace().list().getItems().stream().map(ObjectKey::of)
                .toList();
    }

    private void reconcile(ObjectKey key) {
        CronJob cronJob = client.batch().v1().cronjobs().inNamespace(key.namespace()).withName(key.name()).get();
        if (cronJob == null || PodStates.isTerminating(cronJob)) {
            return;
        }
        String timeZone = cronJob.getSpec().getTimeZone();
        if (timeZone != null && !timeZone.equals("UTC") && !timeZone.equals("Etc/UTC")) {
            throw new IllegalArgumentException("CronJob " + key + ": spec.timeZone " + timeZone
                    + " is not supported by the stand-in (UTC only)");
        }
        CronSchedule schedule = CronSchedule.parse(cronJob.getSpec().getSchedule());
        List<Job> jobs = client.batch().v1().jobs().inNamespace(key.namespace()).list().getItems().stream()
                .filter(job -> Owners.isControlledBy(job, cronJob)).toList();
        List<Job> running = jobs.stream().filter(job -> !JobController.isFinished(job)).toList();
        CronJobStatus old = cronJob.getStatus() == null ? new CronJobStatus() : cronJob.getStatus();
        String lastSchedule = old.getLastScheduleTime();

        Optional<Instant> due = Boolean.TRUE.equals(cronJob.getSpec().getSuspend()) ? Optional.empty()
                : dueTime(cronJob, schedule);
        if (due.isPresent()) {
            String policy = cronJob.getSpec().getConcurrencyPolicy() == null ? "Allow"
                    : cronJob.getSpec().getConcurrencyPolicy();
            if (policy.equals("Forbid") && !running.isEmpty()) {
                LOG.fine(() -> "CronJob " + key + ": skipping " + due.get() + ", a Job is still running");
            } else {
                if (policy.equals("Replace")) {
                    running.forEach(job -> client.resource(job).delete());
                }
                create(newJob(cronJob, due.get()));
                lastSchedule = due.get().toString();
            }
        }
        pruneHistory(cronJob, jobs);
        writeStatus(cronJob, old, lastSchedule);
    }

    /** The latest time the schedule fired since the last scheduled run (or the creation), within the deadline. */
    private Optional<Instant> dueTime(CronJob cronJob, CronSchedule schedule) {
        Instant now = clock.instant();
        String last = cronJob.getStatus() == null ? null : cronJob.getStatus().getLastScheduleTime();
        Instant since = Instant.parse(last != null ? last : cronJob.getMetadata().getCreationTimestamp());
        Long deadline = cronJob.getSpec().getStartingDeadlineSeconds();
        if (deadline != null && since.isBefore(now.minusSeconds(deadline))) {
            since = now.minusSeconds(deadline);
        }
        return schedule.lastMissed(since, now);
    }

    private static Job newJob(CronJob cronJob, Instant scheduled) {
        JobTemplateSpec template = cronJob.getSpec().getJobTemplate();
        long minutes = scheduled.getEpochSecond() / 60;
        return new JobBuilder()
                .withNewMetadata()
                .withName(cronJob.getMetadata().getName() + "-" + minutes)
                .withNamespace(cronJob.getMetadata().getNamespace())
                .withLabels(template.getMetadata() == null ? null : template.getMetadata().getLabels())
                .addToAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
                .addToAnnotations(SCHEDULED_TIMESTAMP_ANNOTATION, scheduled.toString())
                .withOwnerReferences(Owners.controllerReference(cronJob))
                .endMetadata()
                .withSpec(JSON.clone(template.getSpec()))
                .build();
    }

    private void create(Job job) {
        try {
            client.resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    private void pruneHistory(CronJob cronJob, List<Job> jobs) {
        int successful = cronJob.getSpec().getSuccessfulJobsHistoryLimit() == null ? 3
                : cronJob.getSpec().getSuccessfulJobsHistoryLimit();
        int failed = cronJob.getSpec().getFailedJobsHistoryLimit() == null ? 1
                : cronJob.getSpec().getFailedJobsHistoryLimit();
        prune(jobs.stream().filter(JobController::succeeded).toList(), successful);
        prune(jobs.stream().filter(job -> JobController.isFinished(job) && !JobController.succeeded(job)).toList(),
                failed);
    }

    private void prune(List<Job> finished, int keep) {
        finished.stream()
                .sorted(Comparator.comparing((Job job) -> job.getMetadata().getCreationTimestamp())
                        .thenComparing(job -> job.getMetadata().getName()))
                .limit(Math.max(0, finished.size() - keep))
                .forEach(job -> client.resource(job).delete());
    }

    private void writeStatus(CronJob cronJob, CronJobStatus old, String lastSchedule) {
        List<Job> jobs = client.batch().v1().jobs().inNamespace(cronJob.getMetadata().getNamespace()).list()
                .getItems().stream().filter(job -> Owners.isControlledBy(job, cronJob)).toList();
        List<ObjectReference> active = jobs.stream().filter(job -> !JobController.isFinished(job))
                .sorted(Comparator.comparing(job -> job.getMetadata().getName()))
                .map(job -> new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(job.getMetadata().getName()).withNamespace(job.getMetadata().getNamespace())
                        .withUid(job.getMetadata().getUid()).build())
                .toList();
        String lastSuccessful = jobs.stream().filter(JobController::succeeded)
                .map(job -> job.getStatus().getCompletionTime()).filter(Objects::nonNull)
                .max(Comparator.comparing(Instant::parse)).orElse(old.getLastSuccessfulTime());
        CronJobStatus status = new CronJobStatusBuilder()
                .withActive(active)
                .withLastScheduleTime(lastSchedule)
                .withLastSuccessfulTime(lastSuccessful)
                .build();
        if (!Statuses.same(status, cronJob.getStatus())) {
            cronJob.setStatus(status);
            client.resource(cronJob).updateStatus();
        }
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        loop.close();
    }
}
