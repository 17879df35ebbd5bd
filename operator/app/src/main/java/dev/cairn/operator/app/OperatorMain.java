package dev.cairn.operator.app;

import dev.cairn.operator.reconciler.EtcdBackupReconciler;
import dev.cairn.operator.reconciler.EtcdClusterReconciler;
import dev.cairn.operator.reconciler.OperatorSettings;
import io.javaoperatorsdk.operator.Operator;
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

    public static void main(String[] args) {
        String namespace = System.getenv("OPERATOR_NAMESPACE");
        if (namespace == null || namespace.isBlank()) {
            System.err.println("OPERATOR_NAMESPACE must name the namespace of the leader-election Lease");
            System.exit(2);
        }
        Operator operator = new Operator(overrider -> OperatorSettings.configure(overrider)
                .withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE_NAME, namespace)));
        operator.register(new EtcdClusterReconciler(Clock.systemUTC(), JetcdAdmin::connect));
        operator.register(new EtcdBackupReconciler(Clock.systemUTC()));
        operator.installShutdownHook(Duration.ofSeconds(10));
        operator.start();
    }
}
