package dev.cairn.standin.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobControllerTest {

    private static final String NS = "backups";
    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");

    private final Cluster cluster = new Cluster();

    JobControllerTest() {
        cluster.start(new JobController(cluster.client, new MutableClock(NOW), Cluster.RESYNC), JobController::start);
    }

    @AfterEach
    void close() throws Exception {
        cluster.close();
    }

    @Test
    void aSucceededPodCompletesTheJob() {
        Job job = cluster.client.resource(job("snapshot", 2)).create();
        Pod pod = awaitPods(job, 1).getFirst();
        assertThat(pod.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/job-name", "snapshot");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(get("snapshot").getStatus().getActive())
                .isEqualTo(1));

        cluster.finish(pod, true);

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            var status = get("snapshot").getStatus();
            assertThat(status.getSucceeded()).isEqualTo(1);
            assertThat(status.getActive()).isZero();
            assertThat(status.getCompletionTime()).isEqualTo(NOW.toString());
            assertThat(status.getConditions()).singleElement().satisfies(condition -> {
                assertThat(condition.getType()).isEqualTo("Complete");
                assertThat(condition.getStatus()).isEqualTo("True");
            });
        });
        assertThat(JobController.succeeded(get("snapshot"))).isTrue();
    }

    @Test
    void failuresPastTheBackoffLimitFailTheJob() {
        Job job = cluster.client.resource(job("snapshot", 1)).create();
        Pod first = awaitPods(job, 1).getFirst();

        cluster.finish(first, false);
        Pod second = await().atMost(Cluster.TIMEOUT).until(() -> pods(job).stream()
                .filter(pod -> !pod.getMetadata().getName().equals(first.getMetadata().getName())).findFirst()
                .orElse(null), pod -> pod != null);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(get("snapshot").getStatus().getFailed())
                .isEqualTo(1));
        assertThat(JobController.isFinished(get("snapshot"))).isFalse();

        cluster.finish(second, false);

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            var status = get("snapshot").getStatus();
            assertThat(status.getFailed()).isEqualTo(2);
            assertThat(status.getCompletionTime()).isNull();
            assertThat(status.getConditions()).singleElement().satisfies(condition -> {
                assertThat(condition.getType()).isEqualTo("Failed");
                assertThat(condition.getReason()).isEqualTo("BackoffLimitExceeded");
            });
        });
        await().during(Cluster.RESYNC.multipliedBy(3)).atMost(Cluster.TIMEOUT).until(() -> pods(job).size() == 2);
    }

    private List<Pod> awaitPods(Job job, int count) {
        return await().atMost(Cluster.TIMEOUT).until(() -> pods(job), pods -> pods.size() == count);
    }

    private List<Pod> pods(Job job) {
        return cluster.client.pods().inNamespace(NS).list().getItems().stream()
                .filter(pod -> Owners.hasOwner(pod, job.getMetadata().getUid())).toList();
    }

    private Job get(String name) {
        return cluster.client.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    static Job job(String name, int backoffLimit) {
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec()
                .withBackoffLimit(backoffLimit)
                .withNewTemplate().withSpec(Cluster.containerSpec("cairn:1", "Never")).endTemplate()
                .endSpec()
                .build();
    }
}
