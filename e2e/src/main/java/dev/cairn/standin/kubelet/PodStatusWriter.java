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

    private static final int ATTEMPTS = 3;
    private static final System.Logger LOG = System.getLogger(PodStatusWriter.class.getName());

    private final KubernetesClient client;

    PodStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** True once written (or the pod is gone); false when the API refused it {@value #ATTEMPTS} times. */
    boolean write(Pod pod, PodStatus status) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .editStatus(current -> sameUid(current, pod)
                                ? new PodBuilder(current).withStatus(status).build() : current);
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return true;
                }
                if (attempt == ATTEMPTS) {
                    LOG.log(System.Logger.Level.WARNING, "cannot write the status of pod "
                            + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), e);
                    return false;
                }
            }
        }
    }

    private static boolean sameUid(Pod current, Pod pod) {
        return pod.getMetadata().getUid().equals(current.getMetadata().getUid());
    }
}
