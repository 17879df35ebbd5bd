package dev.cairn.standin.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeploymentControllerTest {

    private static final String NS = "cairn-system";

    private final Cluster cluster = new Cluster();

    DeploymentControllerTest() {
        cluster.start(new DeploymentController(cluster.client, Cluster.RESYNC), DeploymentController::start);
    }

    @AfterEach
    void close() throws Exception {
        cluster.close();
    }

    @Test
    void keepsTheReplicasRunningAndRecreatesADeletedPod() {
        Deployment deployment = cluster.client.resource(new DeploymentBuilder()
                .withNewMetadata().withName("cairn-operator").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().withMatchLabels(Map.of("app", "operator")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "operator")).endMetadata()
                .withSpec(Cluster.containerSpec("cairn-operator:0.1.0", "Always")).endTemplate()
                .endSpec().build()).create();

        List<Pod> pods = await().atMost(Cluster.TIMEOUT).until(this::pods, found -> found.size() == 2);
        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getName()).matches("cairn-operator-[a-z0-9]+-[a-z0-9]{5}");
            assertThat(pod.getMetadata().getLabels()).containsEntry("app", "operator")
                    .containsKey(DeploymentController.TEMPLATE_HASH_LABEL);
            assertThat(Owners.isControlledBy(pod, deployment)).isTrue();
        });
        pods.forEach(cluster::runReady);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(cluster.client.apps().deployments()
                .inNamespace(NS).withName("cairn-operator").get().getStatus().getReadyReplicas()).isEqualTo(2));

        cluster.client.resource(pods.getFirst()).delete();

        List<Pod> after = await().atMost(Cluster.TIMEOUT).until(this::pods, found -> found.size() == 2
                && found.stream().noneMatch(pod -> pod.getMetadata().getUid()
                        .equals(pods.getFirst().getMetadata().getUid())));
        await().during(Cluster.RESYNC.multipliedBy(3)).atMost(Cluster.TIMEOUT).until(() -> pods().size() == 2);
        assertThat(after).extracting(pod -> pod.getMetadata().getName())
                .contains(pods.get(1).getMetadata().getName());
    }

    private List<Pod> pods() {
        return cluster.client.pods().inNamespace(NS).list().getItems();
    }
}
