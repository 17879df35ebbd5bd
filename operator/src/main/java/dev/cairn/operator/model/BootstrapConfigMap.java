package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.plan.InitialClusterState;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ConfigMap the member pods read their bootstrap settings from (through environment variables, so a
 * pod reads the value current when it starts). The operator rewrites it before it starts a member that has to form
 * or join the cluster. A join configuration ({@code existing}) names the member it was written for in an
 * annotation, so that the operator can tell which ordinal it already prepared.
 */
public final class BootstrapConfigMap {

    public static final String INITIAL_CLUSTER_KEY = "initial-cluster";
    public static final String INITIAL_CLUSTER_STATE_KEY = "initial-cluster-state";
    public static final String JOINING_MEMBER_ANNOTATION = "cairn.dev/joining-member";

    private BootstrapConfigMap() {
    }

    public static ConfigMap build(EtcdCluster cluster, MemberBootstrap bootstrap) {
        MemberUrls urls = MemberUrls.of(cluster);
        String initialCluster = bootstrap.members().stream()
                .map(member -> member + "=" + urls.peer(member))
                .collect(Collectors.joining(","));
        InitialClusterState state = bootstrap.state() == MemberBootstrap.State.NEW
                ? InitialClusterState.NEW : InitialClusterState.EXISTING;
        Optional<String> joining = state == InitialClusterState.NEW
                ? Optional.empty() : Optional.of(bootstrap.members().getLast());
        return build(cluster, state, initialCluster, joining);
    }

    /**
     * @param initialCluster etcd's {@code --initial-cluster} value
     * @param joiningMember  the member a join configuration is written for; empty for a first formation
     */
    public static ConfigMap build(EtcdCluster cluster, InitialClusterState state, String initialCluster,
                                  Optional<String> joiningMember) {
        ClusterNames names = ClusterNames.of(cluster);
        Map<String, String> data = new LinkedHashMap<>();
        data.put(INITIAL_CLUSTER_KEY, initialCluster);
        data.put(INITIAL_CLUSTER_STATE_KEY, state.flagValue());
        ConfigMap configMap = new ConfigMapBuilder()
                .withMetadata(Owned.metadata(cluster, names.bootstrapConfigMap()))
                .withData(data)
                .build();
        joiningMember.ifPresent(member -> configMap.getMetadata().setAnnotations(
                Map.of(JOINING_MEMBER_ANNOTATION, member)));
        return configMap;
    }
}
