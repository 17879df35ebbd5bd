package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/** The PodDisruptionBudget that keeps voluntary evictions from costing the cluster its quorum. */
public final class QuorumDisruptionBudget {

    private QuorumDisruptionBudget() {
    }

    /**
     * One member at a time may be evicted from three members up. One and two members have no member to spare
     * (losing one loses quorum), so evictions are refused there: draining a node then needs a scale-up first.
     */
    public static PodDisruptionBudget build(EtcdCluster cluster) {
        int replicas = StoredSpec.defaulted(cluster.getSpec().getReplicas(), "spec.replicas");
        ClusterNames names = ClusterNames.of(cluster);
        return new PodDisruptionBudgetBuilder()
                .withMetadata(Owned.metadata(cluster, names.disruptionBudget()))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(replicas >= 3 ? 1 : 0))
                .withNewSelector().withMatchLabels(names.selectorLabels()).endSelector()
                .endSpec()
                .build();
    }
}
