package dev.cairn.standin.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CronJob controller on a clock the test moves; the mock server stamps creation with the real time. */
class CronJobControllerTest {

    private static final String NS = "backups";

    private final Cluster cluster = new Cluster();
    private final MutableClock clock = new MutableClock(Instant.now());

    CronJobControllerTest() {
        cluster.start(new CronJobController(cluster.client, clock, Cluster.RESYNC), CronJobController::start);
    }

    @AfterEach
    void close() throws Exception {
        cluster.close();
    }

    @Test
    void runsOnlyTheLatestMissedTimeAndNamesTheJobByItsMinute() {
        CronJob cronJob = cluster.client.resource(cronJob("nightly", "Allow", false)).create();
        Instant first = nextFiveMinuteMark(Instant.parse(cronJob.getMetadata().getCreationTimestamp()));
        await().during(Cluster.RESYNC.multipliedBy(3)).atMost(Cluster.TIMEOUT).until(() -> jobs().isEmpty());

        clock.advance(Duration.between(clock.instant(), first.plusSeconds(30)));

        Job job = await().atMost(Cluster.TIMEOUT).until(this::jobs, jobs -> jobs.size() == 1).getFirst();
        assertThat(job.getMetadata().getName()).isEqualTo("nightly-" + first.getEpochSecond() / 60);
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(cronJob.getMetadata().getUid()));
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("cairn:1");
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            var status = get("nightly").getStatus();
            assertThat(status.getLastScheduleTime()).isEqualTo(first.toString());
            assertThat(status.getActive()).singleElement()
                    .satisfies(active -> assertThat(active.getName()).isEqualTo(job.getMetadata().getName()));
        });

        clock.advance(Duration.ofMinutes(12)); // two more times pass: only the latest runs
        Instant latest = first.plus(Duration.ofMinutes(10));
        await().atMost(Cluster.TIMEOUT).until(this::jobs, jobs -> jobs.size() == 2);
        await().during(Cluster.RESYNC.multipliedBy(3)).atMost(Cluster.TIMEOUT).until(() -> jobs().size() == 2);
        assertThat(jobs()).extracting(found -> found.getMetadata().getName())
                .contains("nightly-" + latest.getEpochSecond() / 60);
    }

    @Test
    void forbidSkipsWhileAJobRunsAndTheHistoryKeepsTheLatestSuccess() {
        CronJob cronJob = cluster.client.resource(cronJob("nightly", "Forbid", false)).create();
        Instant first = nextFiveMinuteMark(Instant.parse(cronJob.getMetadata().getCreationTimestamp()));
        clock.advance(Duration.between(clock.instant(), first.plusSeconds(1)));
        Job running = await().atMost(Cluster.TIMEOUT).until(this::jobs, jobs -> jobs.size() == 1).getFirst();

        clock.advance(Duration.ofMinutes(5));
        await().during(Cluster.RESYNC.multipliedBy(3)).atMost(Cluster.TIMEOUT).until(() -> jobs().size() == 1);

        complete(running);
        Job next = await().atMost(Cluster.TIMEOUT).until(() -> jobs().stream()
                .filter(job -> !job.getMetadata().getName().equals(running.getMetadata().getName())).findFirst()
                .orElse(null), job -> job != null);
        complete(next);

        // successfulJobsHistoryLimit 1: the older finished Job goes.
        await().atMost(Cluster.TIMEOUT).until(this::jobs, jobs -> jobs.size() == 1
                && jobs.getFirst().getMetadata().getName().equals(next.getMetadata().getName()));
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            var status = get("nightly").getStatus();
            assertThat(status.getActive()).isEmpty();
            assertThat(status.getLastSuccessfulTime()).isNotNull();
        });
    }

    @Test
    void aSuspendedCronJobCreatesNothing() {
        cluster.client.resource(cronJob("nightly", "Allow", true)).create();

        clock.advance(Duration.ofMinutes(11));

        await().during(Cluster.RESYNC.multipliedBy(4)).atMost(Cluster.TIMEOUT).until(() -> jobs().isEmpty());
    }

    private void complete(Job job) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        cluster.client.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).editStatus(edited -> {
            edited.setStatus(new JobStatusBuilder().withSucceeded(1).withCompletionTime(now)
                    .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build())
                    .build());
            return edited;
        });
    }

    private static Instant nextFiveMinuteMark(Instant after) {
        Instant minute = after.truncatedTo(ChronoUnit.MINUTES);
        long epochMinute = minute.getEpochSecond() / 60;
        return Instant.ofEpochSecond((epochMinute / 5 + 1) * 5 * 60);
    }

    private List<Job> jobs() {
        return cluster.client.batch().v1().jobs().inNamespace(NS).list().getItems();
    }

    private CronJob get(String name) {
        return cluster.client.batch().v1().cronjobs().inNamespace(NS).withName(name).get();
    }

    private static CronJob cronJob(String name, String concurrency, boolean suspend) {
        return new CronJobBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec()
                .withSchedule("*/5 * * * *")
                .withConcurrencyPolicy(concurrency)
                .withSuspend(suspend)
                .withSuccessfulJobsHistoryLimit(1)
                .withNewJobTemplate().withNewSpec()
                .withNewTemplate().withSpec(Cluster.containerSpec("cairn:1", "OnFailure")).endTemplate()
                .endSpec().endJobTemplate()
                .endSpec()
                .build();
    }
}
