package dev.cairn.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Watches an EtcdCluster come up: prints a line whenever the picture changes (the operator's pods, the cluster's
 * phase, ready members and conditions, its pods) until the Available condition is True or the time is up.
 */
final class ClusterProgress {

    private static final Duration POLL = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final PrintStream out;

    ClusterProgress(KubernetesClient client, String namespace, String name, PrintStream out) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.out = out;
    }

    /** The cluster once Available, or empty when {@code timeout} passed first. */
    Optional<GenericKubernetesResource> awaitAvailable(Duration timeout) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            GenericKubernetesResource cluster = client.genericKubernetesResources("cairn.dev/v1alpha1", "EtcdCluster")
                    .inNamespace(namespace).withName(name).get();
            String picture = describe(cluster);
            if (!picture.equals(last)) {
                out.printf("[%4ds] %s%n", Duration.between(start, Instant.now()).toSeconds(), picture);
                last = picture;
            }
            if (cluster != null && "True".equals(conditions(cluster).get("Available"))) {
                return Optional.of(cluster);
            }
            Thread.sleep(POLL); // a display refresh period, not a wait for a condition
        }
        return Optional.empty();
    }

    String describe(GenericKubernetesResource cluster) {
        String operator = "operator pods " + pods("cairn-system", Map.of("app.kubernetes.io/name", "cairn-operator"));
        if (cluster == null) {
            return operator + " | EtcdCluster " + namespace + "/" + name + " is gone";
        }
        String conditions = conditionsText(cluster);
        return operator + " | " + name + ": phase " + orElse(field(cluster, "status", "phase"), "-") + ", ready "
                + orElse(field(cluster, "status", "readyReplicas"), 0) + "/" + field(cluster, "spec", "replicas")
                + (conditions.isEmpty() ? ", no conditions yet" : ", " + conditions)
                + " | members " + pods(namespace, Map.of("app.kubernetes.io/instance", name));
    }

    private String pods(String podNamespace, Map<String, String> labels) {
        List<Pod> pods = client.pods().inNamespace(podNamespace).withLabels(labels).list().getItems();
        if (pods.isEmpty()) {
            return "none";
        }
        return pods.stream().sorted(java.util.Comparator.comparing(pod -> pod.getMetadata().getName()))
                .map(pod -> pod.getMetadata().getName() + " " + phase(pod) + (ready(pod) ? "/ready" : ""))
                .collect(Collectors.joining(", "));
    }

    /** A field of the resource's spec or status, null when absent. */
    private static Object field(GenericKubernetesResource cluster, String section, String name) {
        return cluster.getAdditionalProperties().get(section) instanceof Map<?, ?> map ? map.get(name) : null;
    }

    private static Object orElse(Object value, Object fallback) {
        return value == null ? fallback : value;
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<Map<?, ?>> conditionList(GenericKubernetesResource cluster) {
        if (!(field(cluster, "status", "conditions") instanceof List<?> conditions)) {
            return List.of();
        }
        List<Map<?, ?>> maps = new java.util.ArrayList<>();
        for (Object condition : conditions) {
            if (condition instanceof Map<?, ?> map) {
                maps.add(map);
            }
        }
        return maps;
    }

    private static Map<String, String> conditions(GenericKubernetesResource cluster) {
        return conditionList(cluster).stream().collect(Collectors.toMap(c -> String.valueOf(c.get("type")),
                c -> String.valueOf(c.get("status")), (a, b) -> b));
    }

    static String conditionsText(GenericKubernetesResource cluster) {
        return conditionList(cluster).stream()
                .map(c -> c.get("type") + "=" + c.get("status")
                        + (c.get("reason") == null ? "" : " (" + c.get("reason") + ")"))
                .collect(Collectors.joining(", "));
    }
}
