package dev.cairn.e2e.backup;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's resources read the way {@code kubectl get -o yaml} shows them: untyped, since the end-to-end tests
 * see the operator only through the API.
 */
final class Resources {

    static final String API_VERSION = "cairn.dev/v1alpha1";

    private final KubernetesClient client;
    private final String namespace;

    Resources(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    GenericKubernetesResource create(String yaml) {
        GenericKubernetesResource resource = client.getKubernetesSerialization().unmarshal(yaml,
                GenericKubernetesResource.class);
        return client.resource(resource).inNamespace(namespace).create();
    }

    Resource<GenericKubernetesResource> cluster(String name) {
        return client.genericKubernetesResources(API_VERSION, "EtcdCluster").inNamespace(namespace).withName(name);
    }

    Resource<GenericKubernetesResource> backup(String name) {
        return client.genericKubernetesResources(API_VERSION, "EtcdBackup").inNamespace(namespace).withName(name);
    }

    /** A status field ({@code status.<path>}), empty while unset. */
    static Optional<Object> status(GenericKubernetesResource resource, String... path) {
        Object value = resource == null ? null : resource.getAdditionalProperties().get("status");
        for (String step : path) {
            value = value instanceof Map<?, ?> map ? map.get(step) : null;
        }
        return Optional.ofNullable(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> statusMap(GenericKubernetesResource resource, String... path) {
        return status(resource, path).map(value -> (Map<String, Object>) value).orElse(Map.of());
    }

    /** The condition of {@code type} in the status, empty while absent. */
    static Optional<Map<?, ?>> condition(GenericKubernetesResource resource, String type) {
        return status(resource, "conditions").map(value -> (List<?>) value).orElse(List.of()).stream()
                .<Map<?, ?>>map(value -> (Map<?, ?>) value).filter(condition -> type.equals(condition.get("type")))
                .findFirst();
    }

    static boolean hasCondition(GenericKubernetesResource resource, String type, String status) {
        return condition(resource, type).map(condition -> status.equals(condition.get("status"))).orElse(false);
    }

    /** Events about the object of this kind and name, oldest first. */
    List<Event> events(String kind, String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(event -> kind.equals(event.getInvolvedObject().getKind())
                        && name.equals(event.getInvolvedObject().getName()))
                .toList();
    }

    /** The member pods of a cluster (not its backup or check pods, which carry other labels). */
    List<Pod> memberPods(String cluster) {
        return client.pods().inNamespace(namespace)
                .withLabels(Map.of("app.kubernetes.io/name", "cairn", "app.kubernetes.io/instance", cluster))
                .list().getItems();
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
