package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.model.BootstrapConfigMap;
import dev.cairn.operator.plan.InitialClusterState;
import dev.cairn.operator.plan.JoinConfig;
import dev.cairn.operator.plan.MemberNaming;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The planner's per-ordinal join configurations, mapped onto the one bootstrap ConfigMap (one value serves the
 * whole cluster because membership changes one member at a time, see {@link
 * dev.cairn.operator.model.MemberBootstrap}). A formation ({@code new}) is published for every ordinal its initial
 * cluster names; a join ({@code existing}) only for the member its annotation names.
 */
final class JoinConfigMaps {

    private JoinConfigMaps() {
    }

    static Map<Integer, JoinConfig> read(ConfigMap configMap, MemberNaming naming) {
        Map<Integer, JoinConfig> byOrdinal = new TreeMap<>();
        if (configMap == null || configMap.getData() == null) {
            return byOrdinal;
        }
        String initialCluster = configMap.getData().get(BootstrapConfigMap.INITIAL_CLUSTER_KEY);
        String state = configMap.getData().get(BootstrapConfigMap.INITIAL_CLUSTER_STATE_KEY);
        if (initialCluster == null || initialCluster.isBlank() || state == null) {
            return byOrdinal;
        }
        if (InitialClusterState.NEW.flagValue().equals(state)) {
            JoinConfig formation = new JoinConfig(InitialClusterState.NEW, initialCluster);
            Arrays.stream(initialCluster.split(",")).map(JoinConfigMaps::peerUrl).flatMap(Optional::stream)
                    .map(naming::ordinalOfPeerUrl).filter(OptionalInt::isPresent)
                    .forEach(ordinal -> byOrdinal.put(ordinal.getAsInt(), formation));
        } else if (InitialClusterState.EXISTING.flagValue().equals(state)) {
            joiningOrdinal(configMap, naming).ifPresent(ordinal ->
                    byOrdinal.put(ordinal, JoinConfig.joining(initialCluster)));
        }
        return byOrdinal;
    }

    static void write(KubernetesClient client, EtcdCluster cluster, JoinConfig config, Optional<String> member) {
        client.resource(BootstrapConfigMap.build(cluster, config.state(), config.initialCluster(), member))
                .createOr(NonDeletingOperation::update);
    }

    private static Optional<Integer> joiningOrdinal(ConfigMap configMap, MemberNaming naming) {
        Map<String, String> annotations = configMap.getMetadata().getAnnotations();
        String member = annotations == null ? null : annotations.get(BootstrapConfigMap.JOINING_MEMBER_ANNOTATION);
        if (member == null || !member.startsWith(naming.statefulSet() + "-")) {
            return Optional.empty();
        }
        OptionalInt ordinal = naming.ordinalOfPeerUrl(
                naming.scheme() + "://" + member + "." + naming.peerDomain() + ":" + naming.peerPort());
        return ordinal.isPresent() ? Optional.of(ordinal.getAsInt()) : Optional.empty();
    }

    /** The URL of one {@code name=url} entry. */
    private static Optional<String> peerUrl(String entry) {
        int equals = entry.indexOf('=');
        return equals < 0 ? Optional.empty() : Optional.of(entry.substring(equals + 1).trim());
    }
}
