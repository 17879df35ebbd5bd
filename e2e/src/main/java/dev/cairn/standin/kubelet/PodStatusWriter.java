package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Writes a pod's status subresource as the kubelet computed it, whole: the current pod is read and a JSON patch
 * from its status to the computed one is sent (the client computes it), so fields and list items the kubelet no
 * longer reports go away. A pod deleted meanwhile (404), or replaced by a new pod of the same name, is left alone:
 * its worker is being stopped.
 */
final class PodStatusWriter {

    private final KubernetesClient client;

    PodStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    void write(Pod pod, PodStatus status) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .editStatus(current -> sameUid(current, pod) ? new PodBuilder(current).withStatus(status).build()
                            : current);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static boolean sameUid(Pod current, Pod pod) {
        return pod.getMetadata().getUid().equals(current.getMetadata().getUid());
    }
}
