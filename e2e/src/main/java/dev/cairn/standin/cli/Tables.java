package dev.cairn.standin.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** kubectl's default table columns for the kinds kube shows, computed from the generic objects. */
final class Tables {

    private Tables() {
    }

    static String render(Kinds kind, List<GenericKubernetesResource> objects, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(header(kind));
        for (GenericKubernetesResource object : objects) {
            rows.add(row(kind, object, now));
        }
        return align(rows);
    }

    private static List<String> header(Kinds kind) {
        return switch (kind) {
            case ETCDCLUSTERS -> List.of("NAME", "DESIRED", "READY", "PHASE", "CONDITIONS", "AGE");
            case PODS -> List.of("NAME", "READY", "STATUS", "RESTARTS", "IP", "AGE");
            case PVC -> List.of("NAME", "STATUS", "CAPACITY", "AGE");
            case STATEFULSETS -> List.of("NAME", "READY", "AGE");
        };
    }

    private static List<String> row(Kinds kind, GenericKubernetesResource object, Instant now) {
        String name = object.getMetadata().getName();
        String age = age(object.getMetadata().getCreationTimestamp(), now);
        boolean terminating = object.getMetadata().getDeletionTimestamp() != null;
        return switch (kind) {
            case ETCDCLUSTERS -> List.of(name, text(get(object, "spec", "replicas")),
                    text(get(object, "status", "readyReplicas")), text(get(object, "status", "phase")),
                    conditions(object), age);
            case PODS -> List.of(name, readyContainers(object),
                    terminating ? "Terminating" : text(get(object, "status", "phase")), restarts(object),
                    text(get(object, "status", "podIP")), age);
            case PVC -> List.of(name, terminating ? "Terminating" : text(get(object, "status", "phase")),
                    text(get(object, "status", "capacity", "storage")), age);
            case STATEFULSETS -> List.of(name, orZero(get(object, "status", "readyReplicas")) + "/"
                    + orZero(get(object, "spec", "replicas")), age);
        };
    }

    private static String conditions(GenericKubernetesResource object) {
        if (!(get(object, "status", "conditions") instanceof List<?> conditions) || conditions.isEmpty()) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        for (Object condition : conditions) {
            if (condition instanceof Map<?, ?> map) {
                parts.add(map.get("type") + "=" + map.get("status"));
            }
        }
        return String.join(",", parts);
    }

    private static String readyContainers(GenericKubernetesResource pod) {
        int total = get(pod, "spec", "containers") instanceof List<?> containers ? containers.size() : 0;
        int ready = 0;
        if (get(pod, "status", "containerStatuses") instanceof List<?> statuses) {
            for (Object status : statuses) {
                if (status instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("ready"))) {
                    ready++;
                }
            }
        }
        return ready + "/" + total;
    }

    private static String restarts(GenericKubernetesResource pod) {
        int restarts = 0;
        if (get(pod, "status", "containerStatuses") instanceof List<?> statuses) {
            for (Object status : statuses) {
                if (status instanceof Map<?, ?> map && map.get("restartCount") instanceof Number count) {
                    restarts += count.intValue();
                }
            }
        }
        return Integer.toString(restarts);
    }

    /** kubectl's short age: 42s, 5m, 3h, 2d. */
    static String age(String created, Instant now) {
        if (created == null) {
            return "<unknown>";
        }
        long seconds = Math.max(0, Duration.between(Instant.parse(created), now).toSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }

    private static Object get(GenericKubernetesResource object, String... path) {
        Object node = object.getAdditionalProperties();
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    private static String text(Object value) {
        return value == null ? "<none>" : value.toString();
    }

    private static Object orZero(Object value) {
        return value == null ? 0 : value;
    }

    private static String align(List<List<String>> rows) {
        int columns = rows.getFirst().size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row.get(i) : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
            }
            table.append(line.toString().stripTrailing()).append('\n');
        }
        return table.toString();
    }
}
