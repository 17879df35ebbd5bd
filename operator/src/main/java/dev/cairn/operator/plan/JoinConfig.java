package dev.cairn.operator.plan;

import java.util.Objects;

/**
 * The per-member configuration a member's pod starts with: whether it bootstraps a new cluster or joins an
 * existing one, and the {@code --initial-cluster} it does so with. etcd reads both only when the data
 * directory is empty.
 */
public record JoinConfig(InitialClusterState state, String initialCluster) {

    public JoinConfig {
        Objects.requireNonNull(state, "state");
        MemberNaming.requireText(initialCluster, "initialCluster");
    }

    public static JoinConfig joining(String initialCluster) {
        return new JoinConfig(InitialClusterState.EXISTING, initialCluster);
    }
}
