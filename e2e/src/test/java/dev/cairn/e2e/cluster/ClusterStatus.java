package dev.cairn.e2e.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The parts of an EtcdCluster's status the scenarios check, read from the generic resource. */
record ClusterStatus(Map<String, Condition> conditions, List<Member> members, String leader) {

    record Condition(String status, String reason) {
    }

    record Member(String name, String id, String role, boolean healthy) {
    }

    static ClusterStatus of(GenericKubernetesResource cluster) {
        Map<?, ?> status = cluster == null ? Map.of() : map(cluster.getAdditionalProperties().get("status"));
        Map<String, Condition> conditions = list(status.get("conditions")).stream().map(ClusterStatus::map)
                .collect(Collectors.toMap(c -> String.valueOf(c.get("type")),
                        c -> new Condition(String.valueOf(c.get("status")), String.valueOf(c.get("reason"))),
                        (a, b) -> b));
        List<Member> members = list(status.get("members")).stream().map(ClusterStatus::map)
                .map(m -> new Member(String.valueOf(m.get("name")), String.valueOf(m.get("id")),
                        String.valueOf(m.get("role")), Boolean.TRUE.equals(m.get("healthy"))))
                .toList();
        Object leader = status.get("leader");
        return new ClusterStatus(conditions, members, leader == null ? null : leader.toString());
    }

    boolean is(String type, String value) {
        return Optional.ofNullable(conditions.get(type)).map(c -> value.equals(c.status())).orElse(false);
    }

    boolean available() {
        return is("Available", "True");
    }

    /** Exactly these members, all healthy voters. */
    boolean healthyVoters(int count) {
        return members.size() == count && members.stream()
                .allMatch(m -> m.healthy() && ("Leader".equals(m.role()) || "Follower".equals(m.role())));
    }

    /** Member name to member id. */
    Map<String, String> ids() {
        return members.stream().collect(Collectors.toMap(Member::name, Member::id));
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }
}
