package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterStatus;
import dev.cairn.operator.api.MemberStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** What tests read back about one EtcdCluster from the API server: its status, conditions and StatefulSet size. */
record ClusterReads(KubernetesClient client, String namespace, String name) {

    EtcdCluster cluster() {
        return client.resources(EtcdCluster.class).inNamespace(namespace).withName(name).get();
    }

    /** Null until the operator wrote one. */
    EtcdClusterStatus status() {
        EtcdCluster cluster = cluster();
        return cluster == null ? null : cluster.getStatus();
    }

    MemberStatus member(String member) {
        return Optional.ofNullable(status()).flatMap(s -> s.getMembers().stream()
                .filter(m -> m.getName().equals(member)).findFirst()).orElseThrow();
    }

    Condition condition(String type) {
        return Optional.ofNullable(status()).flatMap(s -> s.getConditions().stream()
                .filter(c -> c.getType().equals(type)).findFirst())
                .orElseThrow(() -> new AssertionError("no condition " + type));
    }

    int statefulSetReplicas() {
        StatefulSet statefulSet = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        return statefulSet == null ? 0 : statefulSet.getSpec().getReplicas();
    }
}
