package dev.cairn.standin.controllers;

import static org.awaitility.Awaitility.await;

import dev.cairn.standin.api.ApiServer;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A stand-in API server with a client, the controllers a test starts, and the kubelet's part played by hand: the
 * test decides when a pod runs, is ready, or finishes. Closes everything.
 */
final class Cluster implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final Duration RESYNC = Duration.ofMillis(500);

    final ApiServer api = ApiServer.start(0);
    final KubernetesClient client = api.newClient();
    private final List<AutoCloseable> started = new ArrayList<>();

    <T extends AutoCloseable> T start(T controller, Consumer<T> starter) {
        starter.accept(controller);
        started.add(controller);
        return controller;
    }

    Pod pod(String namespace, String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    Pod awaitPod(String namespace, String name) {
        return await().atMost(TIMEOUT).until(() -> pod(namespace, name), pod -> pod != null);
    }

    /** What the kubelet reports once the pod's container runs and its readiness probe passes. */
    void runReady(Pod pod) {
        setStatus(pod, "Running", true);
    }

    void finish(Pod pod, boolean succeeded) {
        setStatus(pod, succeeded ? "Succeeded" : "Failed", false);
    }

    private void setStatus(Pod pod, String phase, boolean ready) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .editStatus(current -> {
                    current.setStatus(new PodStatusBuilder().withPhase(phase)
                            .withConditions(condition("Ready", ready), condition("ContainersReady", ready)).build());
                    return current;
                });
    }

    private static PodCondition condition(String type, boolean status) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False").build();
    }

    static PodSpec containerSpec(String image, String restartPolicy) {
        return new PodSpecBuilder().withRestartPolicy(restartPolicy)
                .withContainers(new ContainerBuilder().withName("main").withImage(image).build()).build();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable controller : started.reversed()) {
            controller.close();
        }
        client.close();
        api.close();
    }
}
