package dev.cairn.standin.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the Deployment controller, without ReplicaSets: the Deployment owns its pods directly, named
 * {@code <deployment>-<template hash>-<random>} and labelled {@code pod-template-hash} as Kubernetes names them.
 * Keeps spec.replicas active pods of the current template (recreating deleted or finished ones); after a template
 * change, new pods are created first and the old ones deleted once enough new ones are ready. Not simulated:
 * ReplicaSet objects, maxSurge/maxUnavailable, the Recreate strategy's ordering, minReadySeconds, rollback.
 */
public final class DeploymentController implements AutoCloseable {

    static final String TEMPLATE_HASH_LABEL = "pod-template-hash";

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final KubernetesClient client;
    private final ControllerLoop loop;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    public DeploymentController(KubernetesClient client, Duration resync) {
        this.client = client;
        this.loop = new ControllerLoop("deployment-controller", this::reconcile, this::everything, resync);
    }

    public void start() {
        informers.add(client.apps().deployments().inAnyNamespace()
                .inform(Handlers.onChange(deployment -> loop.enqueue(ObjectKey.of(deployment)))));
        informers.add(client.pods().inAnyNamespace().inform(Handlers.onChange(pod -> Owners
                .controllerOf(pod, "Deployment")
                .ifPresent(owner -> loop.enqueue(new ObjectKey(pod.getMetadata().getNamespace(), owner.getName()))))));
        loop.start();
    }

    private Collection<ObjectKey> everything() {
        return client.apps().deployments().inAnyNamespace().list().getItems().stream().map(ObjectKey::of).toList();
    }

    private void reconcile(ObjectKey key) {
        Deployment deployment = client.apps().deployments().inNamespace(key.namespace()).withName(key.name()).get();
        if (deployment == null || PodStates.isTerminating(deployment)) {
            return;
        }
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        String hash = templateHash(deployment);
        List<Pod> owned = client.pods().inNamespace(key.namespace()).list().getItems().stream()
                .filter(pod -> Owners.isControlledBy(pod, deployment)).toList();
        owned.stream().filter(pod -> PodStates.isFinished(pod) && !PodStates.isTerminating(pod))
                .forEach(pod -> client.resource(pod).delete());
        List<Pod> current = owned.stream().filter(PodStates::isActive)
                .filter(pod -> hash.equals(labels(pod).get(TEMPLATE_HASH_LABEL))).toList();
        List<Pod> old = owned.stream().filter(PodStates::isActive)
                .filter(pod -> !hash.equals(labels(pod).get(TEMPLATE_HASH_LABEL))).toList();

        for (int i = current.size(); i < replicas; i++) {
            client.resource(newPod(deployment, hash)).create();
        }
        current.stream()
                .sorted(Comparator.comparing((Pod pod) -> pod.getMetadata().getCreationTimestamp()).reversed())
                .limit(Math.max(0, current.size() - replicas))
                .forEach(pod -> client.resource(pod).delete());
        long ready = current.stream().filter(PodStates::isRunningAndReady).count();
        if (ready >= replicas) {
            old.forEach(pod -> client.resource(pod).delete());
        }
        writeStatus(deployment, current, old);
    }

    private static String templateHash(Deployment deployment) {
        return Names.hash(JSON.asJson(deployment.getSpec().getTemplate()));
    }

    private static Pod newPod(Deployment deployment, String hash) {
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(TEMPLATE_HASH_LABEL, hash);
        return new PodBuilder()
                .withNewMetadata()
                .withName(deployment.getMetadata().getName() + "-" + hash + "-" + Names.randomSuffix())
                .withNamespace(deployment.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
                .withOwnerReferences(Owners.controllerReference(deployment))
                .endMetadata()
                .withSpec(JSON.clone(template.getSpec()))
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
    }

    private void writeStatus(Deployment deployment, List<Pod> current, List<Pod> old) {
        int ready = (int) current.stream().filter(PodStates::isRunningAndReady).count()
                + (int) old.stream().filter(PodStates::isRunningAndReady).count();
        int total = current.size() + old.size();
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(total)
                .withUpdatedReplicas(current.size())
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUnavailableReplicas(Math.max(0, total - ready))
                .build();
        if (!Statuses.same(status, deployment.getStatus())) {
            deployment.setStatus(status);
            client.resource(deployment).updateStatus();
        }
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        loop.close();
    }
}
