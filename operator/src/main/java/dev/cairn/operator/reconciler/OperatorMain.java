package dev.cairn.operator.reconciler;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;
import java.time.Duration;

/**
 * Runs the operator against the cluster the environment points at (in-cluster service account or kubeconfig).
 * Replicas elect a leader through a Lease in {@code OPERATOR_NAMESPACE}; only the leader reconciles.
 */
public final class OperatorMain {

    static final String LEASE_NAME = "cairn-operator";

    private OperatorMain() {
    }

    /**
     * Settings shared by the real operator and its tests. Status is written with a JSON merge patch rather than
     * server-side apply: the status belongs to the operator alone, and the fabric8 mock server the tests and the
     * local stand-in run on does not implement apply patches.
     */
    public static ConfigurationServiceOverrider configure(ConfigurationServiceOverrider overrider) {
        return overrider.withUseSSAToPatchPrimaryResource(false);
    }

    public static void main(String[] args) {
        String namespace = System.getenv("OPERATOR_NAMESPACE");
        if (namespace == null || namespace.isBlank()) {
            System.err.println("OPERATOR_NAMESPACE must name the namespace of the leader-election Lease");
            System.exit(2);
        }
        Operator operator = new Operator(overrider -> configure(overrider)
                .withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE_NAME, namespace)));
        operator.register(new EtcdClusterReconciler(Clock.systemUTC()));
        operator.installShutdownHook(Duration.ofSeconds(10));
        operator.start();
    }
}
