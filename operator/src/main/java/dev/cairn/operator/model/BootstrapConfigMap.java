package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The ConfigMap the member pods read their bootstrap settings from (through environment variables, so a
 * pod reads the value current when it starts). The operator rewrites it before it starts a member that has to form
 * or join the cluster.
 */
public final class BootstrapConfigMap {

    public static final String INITIAL_CLUSTER_KEY = "initial-cluster";
    public static final String INITIAL_CLUSTER_STATE_KEY = "initial-cluster-state";

    private BootstrapConfigMap() {
    }

    public static ConfigMap build(EtcdCluster cluster, MemberBootstrap bootstrap) {
        ClusterNames names = ClusterNames.of(cluster);
        MemberUrls urls = MemberUrls.of(cluster);
        String initialCluster = bootstrap.members().stream()
                .map(member -> member + "=" + urls.peer(member))
                .collect(Collectors.joining(","));
        Map<String, String> data = new LinkedHashMap<>();
        data.put(INITIAL_CLUSTER_KEY, initialCluster);
        data.put(INITIAL_CLUSTER_STATE_KEY, bootstrap.state().flagValue());
        return new ConfigMapBuilder()
                .withMetadata(Owned.metadata(cluster, names.bootstrapConfigMap()))
                .withData(data)
                .build();
    }
}
