package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Writes a pod's status subresource as the kubelet computed it, whole: a JSON merge patch of the status, in which
 * every nested object the kubelet changes (container states, conditions) sits inside an array that the patch
 * replaces. A pod deleted meanwhile (404) is not an error: its worker is being stopped.
 */
final class PodStatusWriter {

    private final KubernetesClient client;

    PodStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    void write(Pod pod, PodStatus status) {
        Pod patch = new PodBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace())
                .endMetadata()
                .withStatus(status)
                .build();
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(patch).patchStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
